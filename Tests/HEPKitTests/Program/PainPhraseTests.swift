import Testing
@testable import HEPKit

/// The hand-written pain-phrase matcher must find exactly what the ICU patterns find, on any
/// ASCII note: the same limits, the same scores, the same phrases.
@Suite("Pain phrases without ICU")
struct PainPhraseTests {
    /// Words and pieces that make up (or nearly make up) pain limits, mixed at random.
    static let pieces = [
        "3", "10", "100", "7", "0", "12", "x3", "3x", "_3", "ten", "Ten", "three", "THREE", "six", "sixty", "forty-five", "forty",
        "out of", "Out Of", "out  of", "/", " / ", "of", "out", "at most", "At most", "no more than", "not more than",
        "no higher than", "not above", "up to", "up  to", "keep", "keep it under", "keep the pain to", "keep your ache at",
        "Keep any discomfort below", "keep pressure under", "under", "below", "less than", "lower than", "more than",
        "higher than", "above", "over", "moreover", "beyond", "past", "exceed", "exceeds", "exceeded", "a", "an", "A", "An",
        "ache", "pain", "it", "is plenty", "is enough", "is the most", "is the limit", "is your limit", "or less", "or lower",
        "or below", "max", "Maximum", "maximal", "maxim", "at mostly", ".", "!", "?", ";", ",", "\n", "\r\n", "\r", "\t",
        "  ", "eased to", "Go gently.", "hold", "-", "(", ")", "3/10", "2 out of ten", "2/ 10",
    ]

    static func notes(count: Int) -> [String] {
        var generator = SplitMix(seed: 20_261_202)
        return (0..<count).map { _ in
            let length = Int(generator.next() % 9) + 1
            var note = ""
            for _ in 0..<length {
                note += pieces[Int(generator.next() % UInt64(pieces.count))]
                let gap = generator.next() % 6
                note += gap == 0 ? "" : gap == 1 ? "\n" : " "
            }
            return note
        }
    }

    @Test("pain limits match ICU's on 20,000 generated notes")
    func limitsAsICU() {
        var limits = 0
        for note in Self.notes(count: 20_000) {
            let fast = NoteReading.painLimits(in: note), icu = NoteReading.painLimits(in: note, icu: true)
            #expect(fast == icu, "\(note.debugDescription)")
            limits += icu.count
        }
        #expect(limits > 500)  // the generated notes do state limits, in many ways
    }

    @Test("pain scores match ICU's on 20,000 generated notes")
    func scoresAsICU() {
        for note in Self.notes(count: 20_000) {
            #expect(NoteReading.painScores(in: note) == NoteReading.painScores(in: note, icu: true), "\(note.debugDescription)")
        }
    }

    @Test("the phrasings the guide names", arguments: [
        ("Go gently. A 3 out of 10 ache is plenty.", [3], ["3 out of 10 ache is plenty"]),
        ("Keep it under 4/10.", [3], ["Keep it under 4/10"]),
        ("No more than three out of ten, please.", [3], ["No more than three out of ten"]),
        ("The pain eased to 3 out of 10.", [], []),
        ("Stop if it hurts more than 5 out of 10 maximum.", [5], ["more than 5 out of 10"]),
        ("Keep it below 4 out of 10.", [3], ["Keep it below 4 out of 10"]),
        ("2 out of 10 at most", [2], ["2 out of 10 at most"]),
        ("at most a 100/10", [], []),
    ])
    func phrasings(note: String, values: [Int], phrases: [String]) {
        let found = NoteReading.painLimits(in: note)
        #expect(found.map(\.value) == values)
        #expect(found.map(\.phrase) == phrases)
        #expect(found == NoteReading.painLimits(in: note, icu: true))
    }
}

/// A small deterministic generator (SplitMix64), so the generated notes are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
