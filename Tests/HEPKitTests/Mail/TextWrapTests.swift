import Testing
@testable import HEPKit

/// The text handout's wrapping: the byte path (text without CR, ASCII lines) must give exactly
/// what wrapping each line by Characters gives.
@Suite("Text wrapping")
struct TextWrapTests {
    static func byCharacters(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { TextWrap.wrapLine($0, width: width) }.joined(separator: "\n")
    }

    @Test("a long line breaks at spaces, list items hang under their text")
    func examples() {
        let text = "- Lie on your back with your knees bent and your feet flat on the floor, hip-width apart.\n"
            + "  12. Breathe out and lift your hips until your body makes a straight line from knees to shoulders.\n\nShort line."
        #expect(TextWrap.wrap(text, width: 40) == """
            - Lie on your back with your knees bent
              and your feet flat on the floor,
              hip-width apart.
              12. Breathe out and lift your hips
                  until your body makes a straight
                  line from knees to shoulders.

            Short line.
            """)
        #expect(TextWrap.wrap("", width: 10) == "")
        #expect(TextWrap.wrap("a\n", width: 10) == "a\n")
        #expect(TextWrap.wrap("averyveryverylongword next", width: 10) == "averyveryverylongword\nnext")
    }

    @Test("bytes and Characters agree on 5,000 generated texts")
    func agreesWithCharacters() {
        var random = SplitMix(seed: 16)
        let pieces = ["- ", "1. ", "23. ", "  ", " ", "word", "stretch", "x", "\n", "\n\n", "Ünïcode ", "—", "1.", "-"]
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 60) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            let width = 4 + Int(random.next() % 40)
            #expect(TextWrap.wrap(text, width: width) == Self.byCharacters(text, width: width), "\(text.debugDescription) at \(width)")
        }
    }
}
