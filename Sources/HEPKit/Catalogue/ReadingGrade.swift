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

    /// Scores texts; each is its own sentence or sentences. Works on UTF-8 bytes (a catalogue of
    /// thousands of exercises is scored on every `hep check`); non-ASCII letters count as letters.
    public static func score(_ texts: [String]) -> ReadingGrade {
        var total = ReadingGrade(words: 0, sentences: 0, syllables: 0)
        var word: [UInt8] = []
        word.reserveCapacity(32)
        for text in texts {
            var wordsInSentence = 0
            func endWord() {
                // Apostrophes at the edges are quotes, not part of the word.
                while word.last == 0x27 { word.removeLast() }
                while word.first == 0x27 { word.removeFirst() }
                if !word.isEmpty {
                    total.words += 1
                    total.syllables += syllables(lowercasedASCII: word)
                    wordsInSentence += 1
                }
                word.removeAll(keepingCapacity: true)
            }
            func endSentence() {
                endWord()
                if wordsInSentence > 0 { total.sentences += 1 }
                wordsInSentence = 0
            }
            for byte in text.utf8 {
                switch byte {
                case 0x41...0x5A: word.append(byte | 0x20)            // A-Z, lowered
                case 0x61...0x7A, 0x30...0x39, 0x27: word.append(byte) // a-z, digits, apostrophe
                case 0x80...0xFF: word.append(byte)                     // part of a non-ASCII letter
                case 0x2E, 0x21, 0x3F, 0x3B: endSentence()              // . ! ? ;
                default: endWord()                                      // space, punctuation, Markdown markers
                }
            }
            endSentence()
        }
        return total
    }

    /// Syllables in one word (at least 1).
    public static func syllables(in word: String) -> Int {
        syllables(lowercasedASCII: Array(word.lowercased().utf8))
    }

    /// Syllables in a lower-cased word given as UTF-8 (non-ASCII bytes count as consonants).
    static func syllables(lowercasedASCII word: [UInt8]) -> Int {
        // The letters are copied to the stack and endings dropped by moving the ends: this runs for
        // every word of every exercise `hep check` grades, and an array per word cost more than the rule.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(word.count, 1)) { letters in
            var end = 0
            var hasASCII = false
            for byte in word where (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80 {
                letters[end] = byte
                end += 1
                if byte < 0x80 { hasASCII = true }
            }
            if end == 0 || !hasASCII { return 1 }  // a number, or no ASCII letters
            if end <= 3 { return 1 }
            var start = 0
            func isVowel(_ byte: UInt8) -> Bool {
                byte == 0x61 || byte == 0x65 || byte == 0x69 || byte == 0x6F || byte == 0x75 || byte == 0x79
            }
            func hasSuffix(_ suffix: StaticString) -> Bool {
                let count = suffix.utf8CodeUnitCount
                guard end - start >= count else { return false }
                return suffix.withUTF8Buffer { tail in
                    for offset in 0..<count where letters[end - count + offset] != tail[offset] { return false }
                    return true
                }
            }
            // Silent endings: "-es" and "-ed" after a consonant, and a final "e" (but not "-le").
            if hasSuffix("es") || hasSuffix("ed") {
                let before = letters[end - 3]
                let isSounded = hasSuffix("ted") || hasSuffix("ded") || hasSuffix("ses") || hasSuffix("zes") || hasSuffix("ches")
                    || hasSuffix("shes") || hasSuffix("ges") || hasSuffix("ces") || hasSuffix("xes")
                if !isVowel(before) && before != 0x6C && !isSounded { end -= 2 }
            } else if hasSuffix("e"), !hasSuffix("le") {
                if !isVowel(letters[end - 2]) { end -= 1 }
            }
            if letters[start] == 0x79 { start += 1 }
            var count = 0
            for index in start..<end where isVowel(letters[index]) {
                if index == start || !isVowel(letters[index - 1]) {
                    count += 1
                } else if index - start >= 2, splitsVowelPair(letters[index - 1], letters[index], after: letters[index - 2]) {
                    count += 1  // "ma-nu-al", "ra-di-o", "os-te-o": two vowels, two syllables
                }
            }
            return max(count, 1)
        }
    }

    /// Whether the vowel `second` starts a new syllable after the vowel `first` (with `before` in
    /// front of both): `ia`, `io`, `iu`, `ua`, `uo` unless softened (`-tion`, `-cial`, `qua`), and
    /// `eo` after t, d or n.
    static func splitsVowelPair(_ first: UInt8, _ second: UInt8, after before: UInt8) -> Bool {
        switch (first, second) {
        case (0x69, 0x61), (0x69, 0x6F), (0x69, 0x75), (0x75, 0x61), (0x75, 0x6F):  // ia io iu ua uo
            // Softened after c, t, s, g, q or x.
            return !(before == 0x63 || before == 0x74 || before == 0x73 || before == 0x67 || before == 0x71 || before == 0x78)
        case (0x65, 0x6F): return before == 0x74 || before == 0x64 || before == 0x6E  // eo after t, d, n
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
