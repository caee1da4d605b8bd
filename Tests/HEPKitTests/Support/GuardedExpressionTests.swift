import Foundation
import Testing
@testable import HEPKit

/// The catalogue check's expressions skip a line only when it cannot match: on every line of the
/// starter catalogue and on thousands of variants, the guarded expression finds what the bare
/// expression finds.
@Suite("Guarded expressions")
struct GuardedExpressionTests {
    static let expressions: [(String, GuardedExpression)] = [
        ("screening opening", screeningOpening), ("diagnosis or history", diagnosisOrHistory),
        ("carry on", carryOnPhrase), ("dose in steps", doseInSteps), ("list marker", listMarkerStart),
        ("run together", runTogether),
    ]

    /// The bare expression's matches, as ranges.
    static func bare(_ guarded: GuardedExpression, _ text: String) -> [NSRange] {
        guarded.expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map(\.range)
    }

    static func agree(_ text: String) {
        for (name, guarded) in expressions {
            let expected = bare(guarded, text)
            #expect(guarded.matches(in: text).map(\.range) == expected, "\(name): \(text.debugDescription)")
            #expect(guarded.firstMatch(in: text)?.range == expected.first, "\(name): \(text.debugDescription)")
        }
    }

    @Test("lines each expression is written for match through the guard")
    func positives() {
        let cases: [(GuardedExpression, String)] = [
            (screeningOpening, "Do you have osteoporosis?"), (screeningOpening, "YOU HAD surgery"),
            (screeningOpening, "if you've had a fall"),
            (diagnosisOrHistory, "You have a dialysis FISTULA in this arm"), (diagnosisOrHistory, "after a Hip Replacement"),
            (diagnosisOrHistory, "a broken bone in the last few months"), (diagnosisOrHistory, "Tumours"),
            (carryOnPhrase, "Rest, then go on gently."), (carryOnPhrase, "Make it smaller and Carry On"),
            (carryOnPhrase, "RESUME when it settles"),
            (doseInSteps, "Stay there for 90 seconds."), (doseInSteps, "Switch sides."), (doseInSteps, "Do 10 reps"),
            (doseInSteps, "Repeat on the other leg."),
            (listMarkerStart, "- Lift your arm"), (listMarkerStart, "6. Lower it"), (listMarkerStart, "12) Breathe"),
            (runTogether, "the full length.Place your hands"),
        ]
        for (guarded, text) in cases {
            #expect(guarded.firstMatch(in: text) != nil, "\(text)")
            #expect(!Self.bare(guarded, text).isEmpty, "\(text)")
        }
        // Past ASCII the expression always runs: the Kelvin sign is a "k" when case does not count.
        #expect(carryOnPhrase.firstMatch(in: "\u{212A}eep going") != nil)
        #expect(doseInSteps.firstMatch(in: "Hold for \u{0663}0 seconds") != nil)  // an Arabic-Indic digit
        #expect(runTogether.firstMatch(in: "it ends.\u{00C9}lan") != nil)
    }

    @Test("every line of the starter catalogue, and variants of it, give what the bare expression gives")
    func catalogue() async throws {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, into: &diagnostics)
        await catalogue.loadAll(into: &diagnostics)
        var lines: [String] = []
        for exercise in catalogue.loaded { lines += exercise.patientText + exercise.steps + exercise.stopIf }
        #expect(lines.count > 500)
        var random = SystemRandomNumberGenerator()
        let inserts = ["you ", "You have ", "then go on", "Keep Going", "12 ", "3 seconds", "switch arms", "the other side",
                       ".Then", "- ", "7. ", "fracture", "In The Last weeks", "\u{212A}", "é", "\u{0663}", " ", ".", "K"]
        for line in lines {
            Self.agree(line)
            for _ in 0..<6 {
                var bytes = Array(line.utf8)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes = Array(line.uppercased().utf8)
                case 1:
                    let at = Int.random(in: 0...bytes.count, using: &random)
                    bytes.insert(contentsOf: Array(inserts.randomElement(using: &random)!.utf8), at: at)
                case 2: bytes = Array((inserts.randomElement(using: &random)! + line).utf8)
                default:
                    if !bytes.isEmpty { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random)) }
                }
                Self.agree(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    @Test("the word test: found in ASCII text without case, never ruled out past ASCII")
    func words() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "B", "out", " of", "OUT OF", "/", "no", "don't", "Half", "k", "\u{212A}", "é", " ", "-", "ha", "lf"]
        let words = ["out of", "/", "half", "don't", "no", "k"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let chosen = Array(words.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
            let expected = !text.utf8.allSatisfy { $0 < 0x80 } || chosen.contains { text.lowercased().contains($0) }
            #expect(ASCIIWords.mayContain(text, anyOf: chosen) == expected, "\(text.debugDescription) \(chosen)")
        }
        #expect(ASCIIWords.mayContain("anything", anyOf: [""]))
        #expect(!ASCIIWords.mayContain("", anyOf: ["a"]))
    }

    @Test("the placeholder search finds the bytes TODO wherever they are, and nothing else")
    func todo() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["T", "O", "D", "TO", "DO", "TODO", "todo", "é", " ", "\n", "TOD", "ODO"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let expected = Array(text.utf8).indices.contains { Array(text.utf8)[$0...].starts(with: Array("TODO".utf8)) }
            #expect(CatalogueChecks.hasTODO(text) == expected, "\(text.debugDescription)")
        }
    }
}
