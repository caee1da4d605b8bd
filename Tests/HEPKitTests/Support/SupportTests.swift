import Foundation
import Testing
import XCTest
@testable import HEPKit
@testable import hep

@Suite("SHA-256")
struct SHA256Tests {
    @Test("NIST example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(_ input: String, _ expected: String) {
        #expect(SHA256.hex(of: input) == expected)
    }

    @Test("a million 'a's")
    func long() async {
        #expect(SHA256.hex(of: String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("valid dates parse, impossible ones are refused", arguments: [
        ("2026-11-29", true), ("2028-02-29", true), ("2026-02-29", false), ("2026-13-01", false), ("2026-04-31", false),
        ("26-11-29", false), ("2026-1-5", false), ("tomorrow", false), ("1800-01-01", false),
    ])
    func parse(_ text: String, _ valid: Bool) {
        if case .success = CalendarDate.parse(text) { #expect(valid) } else { #expect(!valid) }
    }

    @Test("weekdays")
    func weekday() async throws {
        let date = try CalendarDate.parse("2026-11-29").get()
        #expect(date.weekday == 0)  // a Sunday
        #expect(try CalendarDate.parse("2000-01-01").get().weekday == 6)
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    @Test("the closest id for a typo, nothing for a stranger")
    func closest() async {
        let ids = ["glute-bridge", "glute-bridge-hold", "clamshell", "dead-bug"]
        #expect(Suggestions.closest(to: "glute-brige", in: ids) == "glute-bridge")
        #expect(Suggestions.closest(to: "calmshell", in: ids) == "clamshell")
        #expect(Suggestions.closest(to: "tai-chi", in: ids) == nil)
    }
}

@Suite("Reading grade")
struct ReadingGradeTests {
    @Test("counts words, sentences and syllables of known passages")
    func knownCounts() async {
        // 6 words, 1 sentence, 6 syllables: 0.39*6 + 11.8*1 - 15.59 = -1.45
        let cat = ReadingGrade.score(["The cat sat on the mat."])
        #expect((cat.words, cat.sentences, cat.syllables) == (6, 1, 6))
        #expect(abs(cat.grade - -1.45) < 0.001)
        // "Lie on your back. Bend your knees." 7 words, 2 sentences, 7 syllables.
        let steps = ReadingGrade.score(["Lie on your back. Bend your knees."])
        #expect((steps.words, steps.sentences, steps.syllables) == (7, 2, 7))
        // Each text is its own sentence even without a full stop; Markdown markers are ignored.
        let items = ReadingGrade.score(["**Stop** if", "you feel sharp pain"])
        #expect((items.words, items.sentences, items.syllables) == (6, 2, 6))
        // Long words: "Osteopathic manual therapy" = 5 + 3 + 3 syllables.
        let long = ReadingGrade.score(["Osteopathic manual therapy."])
        #expect((long.words, long.sentences, long.syllables) == (3, 1, 11))
        #expect(abs(long.grade - (0.39 * 3 + 11.8 * 11 / 3 - 15.59)) < 0.001)
    }

    @Test("syllables in single words", arguments: [
        ("cat", 1), ("the", 1), ("make", 1), ("table", 2), ("muscle", 2), ("breathe", 1), ("gently", 2),
        ("shoulder", 2), ("released", 2), ("activated", 4), ("exercise", 3), ("tingling", 2), ("10", 1),
        ("yellow", 2), ("stretches", 2), ("pushes", 2), ("manual", 3), ("radio", 3), ("position", 3),
        ("osteopathic", 5), ("people", 2), ("video", 3), ("special", 2), ("quality", 3),
    ])
    func syllables(_ word: String, _ count: Int) {
        #expect(ReadingGrade.syllables(in: word) == count)
    }

    /// The syllable rule as first written (an array per word), which the in-place one must equal.
    static func referenceSyllables(_ word: [UInt8]) -> Int {
        var letters = word.filter { ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0x80 }
        if letters.isEmpty || !letters.contains(where: { $0 < 0x80 }) { return 1 }
        if letters.count <= 3 { return 1 }
        func isVowel(_ byte: UInt8) -> Bool { Array("aeiouy".utf8).contains(byte) }
        func hasSuffix(_ suffix: String) -> Bool { letters.count >= suffix.utf8.count && letters.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) }
        if hasSuffix("es") || hasSuffix("ed") {
            let before = letters[letters.count - 3]
            let isSounded = ["ted", "ded", "ses", "zes", "ches", "shes", "ges", "ces", "xes"].contains(where: hasSuffix)
            if !isVowel(before) && before != 0x6C && !isSounded { letters.removeLast(2) }
        } else if hasSuffix("e"), !hasSuffix("le") {
            if !isVowel(letters[letters.count - 2]) { letters.removeLast() }
        }
        if letters.first == 0x79 { letters.removeFirst() }
        var count = 0
        for index in letters.indices where isVowel(letters[index]) {
            if index == 0 || !isVowel(letters[index - 1]) {
                count += 1
            } else if index >= 2 {
                let (first, second, before) = (letters[index - 1], letters[index], letters[index - 2])
                switch (first, second) {
                case (0x69, 0x61), (0x69, 0x6F), (0x69, 0x75), (0x75, 0x61), (0x75, 0x6F):
                    if !Array("ctsgqx".utf8).contains(before) { count += 1 }
                case (0x65, 0x6F): if [0x74, 0x64, 0x6E].contains(before) { count += 1 }
                default: break
                }
            }
        }
        return max(count, 1)
    }

    @Test("syllables counted in place equal the rule as first written: every word of the starter catalogue, and generated ones")
    func syllablesInPlace() async throws {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, into: &diagnostics)
        await catalogue.loadAll(into: &diagnostics)
        var words = Set<[UInt8]>()
        for exercise in catalogue.loaded {
            for text in exercise.patientText {
                for word in text.lowercased().utf8.split(whereSeparator: { !(($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0x80 || $0 == 0x27) }) {
                    words.insert(Array(word))
                }
            }
        }
        #expect(words.count > 500)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aeiouyytdnlcsgqxzhbe'1".utf8) + [0xC3, 0xA9]
        for _ in 0..<5_000 {
            words.insert((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        for word in words {
            #expect(ReadingGrade.syllables(lowercasedASCII: word) == Self.referenceSyllables(word), "\(String(decoding: word, as: UTF8.self))")
        }
    }

    @Test("median of an even and an odd list")
    func median() async {
        #expect(ReadingGrade.median([3, 1, 2]) == 2)
        #expect(ReadingGrade.median([4, 1, 2, 3]) == 2.5)
    }
}

/// One XCTest case, so the XCTest runner prints its summary line too.
final class SmokeTests: XCTestCase {
    func testCatalogueOpens() {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, into: &diagnostics)
        XCTAssertFalse(diagnostics.hasErrors, diagnostics.report)
        XCTAssertGreaterThanOrEqual(catalogue.ids.count, 12)
    }
}

@Suite("Content normaliser")
struct ContentNormaliserTests {
    @Test("the byte-level normaliser gives the same text as the Character-level one (content hashes never change)")
    func sameAsByCharacter() {
        let alphabet = ["a", " ", "\t", "\n", "é", "\u{301}", ".", "\u{00A0}", "😀", "-"]
        var state: UInt64 = 20261202
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var cases = ["", "a", "a\n", "a \t\n\n \n", "\n\n", "---\nid: x \n---\n## Steps\n\n1. a  \n\n\n", "x\u{301} \n"]
        for _ in 0..<5_000 {
            cases.append((0..<(next() % 14)).map { _ in alphabet[next() % alphabet.count] }.joined())
        }
        for text in cases {
            #expect(ContentNormaliser.normalise(text) == ContentNormaliser.normaliseByCharacter(text), "\(text.debugDescription)")
        }
        #expect(ContentNormaliser.normalise("a \r\nb") == "a\nb\n")
    }
}

@Suite("Front matter split")
struct FrontMatterSplitTests {
    @Test("the byte-level split gives the same YAML, body and line offsets as the Character-level one")
    func sameAsByCharacter() {
        let pieces = ["---", " --- ", "---\t", "a: 1", "", "é\u{301}", "## Steps", "1. Go.", "-- -", "----", " "]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var texts = ["---\n---\n", "---\na: 1\n---\nbody", "---\na: 1\n---", "x\n---\n", "---\na: 1\n", "---"]
        for _ in 0..<3_000 {
            texts.append((0..<(next() % 8)).map { _ in pieces[next() % pieces.count] }.joined(separator: "\n"))
        }
        for text in texts {
            var fast = DiagnosticList(), slow = DiagnosticList()
            let a = FrontMatterDocument.split(text, file: "x.md", into: &fast)
            let b = FrontMatterDocument.splitByCharacter(text, file: "x.md", into: &slow)
            #expect(a?.yaml == b?.yaml && a?.body == b?.body && a?.bodyLineOffset == b?.bodyLineOffset, "\(text.debugDescription)")
            #expect(fast.all == slow.all)
        }
    }
}

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test("whole seconds read as ISO8601DateFormatter writes them; a fraction of a second is dropped")
    func asFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SystemRandomNumberGenerator()
        var seconds: [Int] = [0, 1_796_000_000, -1, 951_782_400, 4_102_444_799]  // 2000-02-29, 2099-12-31
        for _ in 0..<2_000 { seconds.append(Int.random(in: 0...4_102_444_800, using: &random)) }
        for second in seconds {
            let date = Date(timeIntervalSince1970: Double(second))
            #expect(UTCTimestamp.string(date) == formatter.string(from: date), "\(second)")
            // The formatter rounds a moment a hair before the next second up; the logs keep the second it was in.
            let within = Date(timeIntervalSince1970: Double(second) + Double.random(in: 0..<0.999, using: &random))
            #expect(UTCTimestamp.string(within) == formatter.string(from: date), "\(within.timeIntervalSince1970)")
        }
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 1_796_000_000.9999)) == "2026-11-30T00:53:20Z")
    }
}
