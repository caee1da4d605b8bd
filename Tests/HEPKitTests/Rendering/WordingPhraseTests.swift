import Testing
@testable import HEPKit

/// Filling a phrase's `{placeholders}`: by bytes, the same as Character by Character.
@Suite("Wording phrases")
struct WordingPhraseTests {
    static func wording(_ text: String) -> Wording { Wording(phrases: ["p": text], lists: [:], file: "Templates/wording/en.yaml") }

    @Test("placeholders with values are filled; others, and an unclosed brace, stay as written")
    func examples() {
        let values = ["name": "Sam", "count": "3"]
        #expect(Self.wording("Hello {name}, {count} times").phrase("p", values) == "Hello Sam, 3 times")
        #expect(Self.wording("Keep {other} as is").phrase("p", values) == "Keep {other} as is")
        #expect(Self.wording("Hi {name}.").phrase("p", [:]) == "Hi {name}.")
        // An unclosed brace: the text after the last placeholder is kept once, not repeated.
        #expect(Self.wording("Hi {name}, call us {at once").phrase("p", values) == "Hi Sam, call us {at once")
        #expect(Self.wording("Call us {at once").phrase("p", values) == "Call us {at once")
        #expect(Self.wording("Hé {name} ½").phrase("p", values) == "Hé Sam ½")
    }

    @Test("5,000 generated phrases: bytes and Characters fill them alike")
    func generated() {
        var random = SplitMix(seed: 62)
        let pieces = ["{", "}", "{name}", "{count}", "{none}", "a", " ", "é", "\u{301}", "½", "🙂", "name", "x{", "}y"]
        let values = ["name": "Sam", "count": "3", "": "empty"]
        for _ in 0..<5_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(Self.wording(text).phrase("p", values) == Wording.fillByCharacters(text, values), "\(text.debugDescription)")
        }
    }
}
