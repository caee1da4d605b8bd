import Testing
@testable import HEPKit

/// Naming the side by bytes must rewrite ASCII text exactly as the ICU patterns do.
@Suite("Known side without ICU")
struct KnownSideASCIITests {
    static let pieces = [
        "the", "The", "THE", "he", "xthe", "leg", "legs", "arm", "forearm", "foot", "hand", "hip", "calf", "shoulder",
        "you", "work", "works", "stretch", "lift", "move", "moved", "release", "on", "side", "the side", "on the side",
        "you work", "the leg you work", "The hand on the side you stretch", "on the side you lift", "the side you move",
        "_", "2", ".", ",", "-", "(", ")", "\n", "  ", "your", "right", "SIDE",
    ]

    @Test("20,000 generated texts are rewritten as ICU rewrites them, for each side", arguments: [Side.left, .right])
    func sameAsICU(side: Side) {
        var generator = SplitMix(seed: 20_261_203)
        var changed = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(Int(generator.next() % 10) + 1) {
                text += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
                text += generator.next() % 5 == 0 ? "" : " "
            }
            let fast = KnownSide.apply(side, to: text), icu = KnownSide.apply(side, to: text, icu: true)
            #expect(fast == icu, "\(text.debugDescription)")
            if icu != text { changed += 1 }
        }
        #expect(changed > 1_000)  // many generated texts do name a side
    }
}
