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
    static func apply(_ side: Side, to text: String) -> String {
        let word: String
        switch side {
        case .left: word = "left"
        case .right: word = "right"
        case .both, .each: return text
        }
        // Every rule needs "you <verb>": most catalogue text has none, and the regular expressions
        // are the composer's dearest call, so look for the words first, by bytes.
        guard text.utf8.count >= 8, verbList.contains(where: { text.containsBytes(of: "you " + $0) }) else { return text }
        var result = text
        for (pattern, template) in rules {
            let range = NSRange(result.startIndex..., in: result)
            guard pattern.firstMatch(in: result, range: range) != nil else { continue }
            result = pattern.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        // "$1SIDE": keep the capital of "The" as "Your".
        return result.replacingOccurrences(of: "TSIDE", with: "Your \(word)").replacingOccurrences(of: "tSIDE", with: "your \(word)")
            .replacingOccurrences(of: "SIDE", with: word)
    }
}
