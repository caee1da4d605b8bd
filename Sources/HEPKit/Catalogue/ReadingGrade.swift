import Foundation

/// Flesch-Kincaid grade level of patient text:
/// `0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59`.
///
/// Each text passed in (a title, a list item, a step) ends a sentence even without a full stop;
/// inside a text, `.`, `!`, `?` and `;` end sentences. Markdown markers are ignored. Syllables are
/// counted with the usual vowel-group rule (a silent final `e`, `-es` and `-ed` dropped), which
/// is what common readability tools do.
public struct ReadingGrade: Sendable, Hashable {
    /// Words counted.
    public var words: Int
    /// Sentences counted.
    public var sentences: Int
    /// Syllables counted.
    public var syllables: Int

    /// The grade (0 when there is no text).
    public var grade: Double {
        guard words > 0, sentences > 0 else { return 0 }
        return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    /// The grade with one decimal, e.g. "5.2".
    public var formatted: String { String(format: "%.1f", grade) }

    /// Scores texts; each is its own sentence or sentences.
    public static func score(_ texts: [String]) -> ReadingGrade {
        var total = ReadingGrade(words: 0, sentences: 0, syllables: 0)
        for text in texts {
            let cleaned = text.replacingOccurrences(of: #"[*_`#>\[\]]"#, with: " ", options: .regularExpression)
            let pieces = cleaned.split(whereSeparator: { ".!?;".contains($0) })
            var sentenceCount = 0
            for piece in pieces {
                let words = Self.words(in: String(piece))
                guard !words.isEmpty else { continue }
                sentenceCount += 1
                total.words += words.count
                total.syllables += words.reduce(0) { $0 + syllables(in: $1) }
            }
            total.sentences += sentenceCount
        }
        return total
    }

    /// Words: runs of letters, digits and apostrophes.
    static func words(in text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’") }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'’")) }
            .filter { !$0.isEmpty }
    }

    /// Syllables in one word (at least 1).
    public static func syllables(in word: String) -> Int {
        var letters = word.lowercased().filter { $0.isLetter }
        if letters.isEmpty { return 1 }  // a number
        if letters.count <= 3 { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        // Silent endings: "-es" and "-ed" after a consonant, and a final "e" (but not "-le").
        if letters.hasSuffix("es") || letters.hasSuffix("ed") {
            let before = letters[letters.index(letters.endIndex, offsetBy: -3)]
            let isSounded = letters.hasSuffix("ted") || letters.hasSuffix("ded") || letters.hasSuffix("ses")
                || letters.hasSuffix("zes") || letters.hasSuffix("ches") || letters.hasSuffix("shes") || letters.hasSuffix("ges")
                || letters.hasSuffix("ces") || letters.hasSuffix("xes")
            if !vowels.contains(before) && before != "l" && !isSounded { letters.removeLast(2) }
        } else if letters.hasSuffix("e"), !letters.hasSuffix("le") || letters.count <= 3 {
            let before = letters[letters.index(letters.endIndex, offsetBy: -2)]
            if !vowels.contains(before) { letters.removeLast() }
        }
        if letters.hasPrefix("y") { letters.removeFirst() }
        var count = 0
        let chars = Array(letters)
        for (index, letter) in chars.enumerated() {
            guard vowels.contains(letter) else { continue }
            if index == 0 || !vowels.contains(chars[index - 1]) {
                count += 1
            } else if splitsVowelPair(chars, at: index) {
                count += 1  // "ma-nu-al", "ra-di-o", "os-te-o": two vowels, two syllables
            }
        }
        return max(count, 1)
    }

    /// Whether the vowel at `index` starts a new syllable after the vowel before it: `ia`, `io`,
    /// `iu`, `ua`, `uo` unless softened (`-tion`, `-cial`, `qua`), and `eo` after t, d or n.
    static func splitsVowelPair(_ chars: [Character], at index: Int) -> Bool {
        guard index >= 2 else { return false }
        let pair = String([chars[index - 1], chars[index]])
        let before = chars[index - 2]
        switch pair {
        case "ia", "io", "iu", "ua", "uo": return !"ctsgqx".contains(before)
        case "eo": return "tdn".contains(before)
        default: return false
        }
    }

    /// The median of some grades.
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
