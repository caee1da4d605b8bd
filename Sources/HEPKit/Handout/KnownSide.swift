import Foundation

/// Catalogue text is written for either side ("the leg you work", "on the side you stretch"); when
/// the plan prescribes one side, the handout names it ("your right leg", "on your right side"), so
/// the patient never has to work out which side is meant.
///
/// English phrasing: the patterns match the catalogue's own wording (Exercises/README.md asks for
/// it), and anything else is left as written.
enum KnownSide {
    private static let limb = "leg|arm|foot|hand|forearm|knee|hip|shoulder|wrist|ankle|elbow|buttock|heel|thigh|calf"
    private static let verbList = ["work", "stretch", "lift", "move", "release"]
    private static let verbs = verbList.joined(separator: "|")

    private static let rules: [(NSRegularExpression, String)] = [
        // "the hand on the side you stretch" -> "your right hand"
        (try! NSRegularExpression(pattern: "\\b([Tt])he (\(limb)) on the side you (?:\(verbs))\\b"), "$1SIDE $2"),
        // "the leg you work" -> "your right leg"
        (try! NSRegularExpression(pattern: "\\b([Tt])he (\(limb)) you (?:\(verbs))\\b"), "$1SIDE $2"),
        // "on the side you lift" -> "on your right side"
        (try! NSRegularExpression(pattern: "\\bon the side you (?:\(verbs))\\b"), "on your SIDE side"),
        // "the side you lift" -> "your right side"
        (try! NSRegularExpression(pattern: "\\b([Tt])he side you (?:\(verbs))\\b"), "$1SIDE side"),
    ]

    /// `text` with the prescribed side named; unchanged for both sides or each side in turn.
    /// ASCII text (the whole starter catalogue) is rewritten by `asciiRules`, the same four rules
    /// matched by bytes: the first ICU regular expression a process compiles costs about a tenth
    /// of a whole render. Other text goes to ICU (`icu` forces that, for the tests that compare them).
    static func apply(_ side: Side, to text: String, icu: Bool = false) -> String {
        let word: String
        switch side {
        case .left: word = "left"
        case .right: word = "right"
        case .both, .each: return text
        }
        // Every rule needs "you <verb>": most catalogue text has none, and the regular expressions
        // are the composer's dearest call, so look for the words first, by bytes.
        guard text.utf8.count >= 8, verbList.contains(where: { text.containsBytes(of: "you " + $0) }) else { return text }
        if !icu, text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(text.utf8)
            for rule in asciiRules { bytes = rule.replacing(in: bytes) }
            // "$1SIDE": keep the capital of "The" as "Your" (ASCII all through, so bytes are Characters).
            bytes = Self.replace(Array("TSIDE".utf8), with: Array("Your \(word)".utf8), in: bytes)
            bytes = Self.replace(Array("tSIDE".utf8), with: Array("your \(word)".utf8), in: bytes)
            bytes = Self.replace(Array("SIDE".utf8), with: Array(word.utf8), in: bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let result = icuRules(text)
        // "$1SIDE": keep the capital of "The" as "Your".
        return result.replacingOccurrences(of: "TSIDE", with: "Your \(word)").replacingOccurrences(of: "tSIDE", with: "your \(word)")
            .replacingOccurrences(of: "SIDE", with: word)
    }

    /// Every `target` in `bytes` replaced by `replacement`, left to right without overlaps (what
    /// `replacingOccurrences` does on ASCII text).
    static func replace(_ target: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard let first = target.first, bytes.count >= target.count else { return bytes }
        var out: [UInt8] = []
        var index = 0, copied = 0
        while index + target.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + target.count].elementsEqual(target) {
                if out.isEmpty { out.reserveCapacity(bytes.count + 16) }
                out += bytes[copied..<index]
                out += replacement
                index += target.count
                copied = index
            } else {
                index += 1
            }
        }
        if copied == 0 { return bytes }
        out += bytes[copied...]
        return out
    }

    private static func icuRules(_ text: String) -> String {
        var result = text
        for (pattern, template) in rules {
            let range = NSRange(result.startIndex..., in: result)
            guard pattern.firstMatch(in: result, range: range) != nil else { continue }
            result = pattern.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }

    /// `rules` as byte patterns: `\b`, then the pieces in order, then `\b`; every match, left
    /// to right, replaced by the template with the captured pieces. Each choice's words are such
    /// that at most one of them fits at a place, so no match depends on trying them in order.
    struct ASCIIRule: Sendable {
        enum Piece: Sendable {
            /// `([Tt])`, captured.
            case capitalT
            case literal([UInt8])
            /// `(a|b|c)`, captured when `captured`.
            case choice([[UInt8]], captured: Bool)
        }
        var pieces: [Piece]
        /// The replacement from the captures, in order.
        var template: @Sendable ([[UInt8]]) -> [UInt8]

        func replacing(in text: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [], index = 0, copied = 0
            out.reserveCapacity(text.count)
            while index < text.count {
                guard index == 0 || !PainPhrase.isWord(text[index - 1]), let (end, captures) = match(text, at: index),
                      end == text.count || !PainPhrase.isWord(text[end]) else {
                    index += 1
                    continue
                }
                out += text[copied..<index]
                out += template(captures)
                index = end
                copied = end
            }
            out += text[copied...]
            return out
        }

        func match(_ text: [UInt8], at start: Int) -> (Int, [[UInt8]])? {
            var index = start, captures: [[UInt8]] = []
            func fits(_ word: [UInt8]) -> Bool {
                index + word.count <= text.count && text[index..<(index + word.count)].elementsEqual(word)
            }
            for piece in pieces {
                switch piece {
                case .capitalT:
                    guard index < text.count, text[index] == 0x54 || text[index] == 0x74 else { return nil }
                    captures.append([text[index]])
                    index += 1
                case .literal(let word):
                    guard fits(word) else { return nil }
                    index += word.count
                case .choice(let words, let captured):
                    guard let word = words.first(where: fits) else { return nil }
                    if captured { captures.append(word) }
                    index += word.count
                }
            }
            return (index, captures)
        }
    }

    private static let asciiRules: [ASCIIRule] = {
        let limbs = limb.split(separator: "|").map { Array($0.utf8) }, verbWords = verbList.map { Array($0.utf8) }
        return [
            ASCIIRule(pieces: [.capitalT, .literal(bytes("he ")), .choice(limbs, captured: true), .literal(bytes(" on the side you ")),
                               .choice(verbWords, captured: false)],
                      template: { $0[0] + bytes("SIDE ") + $0[1] }),
            ASCIIRule(pieces: [.capitalT, .literal(bytes("he ")), .choice(limbs, captured: true), .literal(bytes(" you ")),
                               .choice(verbWords, captured: false)],
                      template: { $0[0] + bytes("SIDE ") + $0[1] }),
            ASCIIRule(pieces: [.literal(bytes("on the side you ")), .choice(verbWords, captured: false)],
                      template: { _ in bytes("on your SIDE side") }),
            ASCIIRule(pieces: [.capitalT, .literal(bytes("he side you ")), .choice(verbWords, captured: false)],
                      template: { $0[0] + bytes("SIDE side") }),
        ]
    }()

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
