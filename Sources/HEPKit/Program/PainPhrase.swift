/// The three pain-limit patterns of `NoteReading` (`painScore`, `limitBefore`, `limitAfter`),
/// matched by hand for ASCII text, with the same matches ICU gives for those patterns.
///
/// Why by hand: the first ICU regular expression a process compiles builds ICU's static character
/// sets, about a tenth of a whole `hep render`. A note such as "A 3 out of 10 ache is plenty" is
/// the most common thing a note states, and with this it costs no regular expression at all.
/// Text with any non-ASCII byte still goes to ICU, whose `\b`, `\s`, `\d` and case folding differ
/// from ASCII's there. `PainPhraseTests` compares both on thousands of generated notes.
enum PainPhrase {
    typealias Bytes = [UInt8]

    /// A match: byte offsets into the text, and the offsets of the number (group 1).
    struct Match: Equatable {
        var range: Range<Int>
        var number: Range<Int>
    }

    /// ICU's `\w` on ASCII: letters, digits and `_`.
    static func isWord(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
    }

    /// ICU's `\s` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    static func isSpace(_ byte: UInt8) -> Bool { (0x09...0x0D).contains(byte) || byte == 0x20 }

    static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    /// True when `word` (lower-case ASCII) is at `index`, in any case.
    static func has(_ word: Bytes, in text: Bytes, at index: Int) -> Bool {
        guard index + word.count <= text.count else { return false }
        for offset in 0..<word.count where lower(text[index + offset]) != word[offset] { return false }
        return true
    }

    static func boundary(_ text: Bytes, _ index: Int) -> Bool {
        let before = index > 0 && isWord(text[index - 1]), after = index < text.count && isWord(text[index])
        return before != after
    }

    static func skipSpaces(_ text: Bytes, from index: Int) -> Int {
        var index = index
        while index < text.count, isSpace(text[index]) { index += 1 }
        return index
    }

    /// The number words of `NoteReading.num`, in the order its alternation tries them.
    static let numberWords: [Bytes] = NoteReading.numberWords.keys.sorted { $0.count > $1.count }.map { Array($0.utf8) }
    static let outOf = Array("out of".utf8), ten = Array("ten".utf8), tenDigits = Array("10".utf8)

    /// Every match of `\b(num)\s*(?:out of|/)\s*(?:10|ten)\b`, case-insensitive, left to right,
    /// not overlapping.
    static func scores(in text: Bytes) -> [Match] {
        var found: [Match] = [], start = 0
        while start < text.count {
            if let match = score(in: text, at: start) {
                found.append(match)
                start = match.range.upperBound
            } else {
                start += 1
            }
        }
        return found
    }

    static func score(in text: Bytes, at start: Int) -> Match? {
        guard boundary(text, start) else { return nil }
        var numberEnds: [Int] = []
        var index = start
        while index < text.count, (0x30...0x39).contains(text[index]) { index += 1 }
        if index > start { numberEnds.append(index) }  // `\d+` backing off leaves a digit next: no match
        for word in numberWords where has(word, in: text, at: start) { numberEnds.append(start + word.count) }
        for numberEnd in numberEnds {
            var index = skipSpaces(text, from: numberEnd)
            if has(outOf, in: text, at: index) { index += outOf.count }
            else if index < text.count, text[index] == 0x2F { index += 1 }
            else { continue }
            index = skipSpaces(text, from: index)
            for total in [tenDigits, ten] where has(total, in: text, at: index) && boundary(text, index + total.count) {
                return Match(range: start..<(index + total.count), number: start..<numberEnd)
            }
        }
        return nil
    }

    /// The cues of `limitBefore`, every way its `keep ...` alternative can be written.
    static let cuesBefore: [Bytes] = {
        var keep: [String] = []
        for first in ["", "any ", "the ", "your "] {
            for second in ["", "pain ", "ache ", "it ", "discomfort ", "stretch ", "pressure "] {
                for last in ["to", "at", "under", "below"] { keep.append("keep " + first + second + last) }
            }
        }
        return (["at most", "no more than", "not more than", "no higher than", "not above", "up to"] + keep
            + ["under", "below", "less than", "lower than", "more than", "higher than", "above", "over", "beyond", "past",
               "exceeds", "exceed"]).map { Array($0.utf8) }
    }()

    /// The first match of `\b(?:cue)\s+(?:a |an )?$` in `text`: from the cue to the end (or to
    /// just before one line end that ends the text, as ICU's `$` allows).
    static func cueBefore(in text: Bytes) -> Range<Int>? {
        for start in 0..<text.count where boundary(text, start) {
            for cue in cuesBefore where has(cue, in: text, at: start) {
                if let end = endAfterCue(text, from: start + cue.count) { return start..<end }
            }
        }
        return nil
    }

    /// Where `\s+(?:a |an )?$` ends when it matches from `index`, else nil. The spaces are
    /// greedy; giving some back never helps, as neither an article nor a line end starts with
    /// what follows a space that was given back.
    static func endAfterCue(_ text: Bytes, from index: Int) -> Int? {
        let spaces = skipSpaces(text, from: index)
        guard spaces > index else { return nil }
        if spaces == text.count { return spaces }
        for article in [Array("a ".utf8), Array("an ".utf8)] where has(article, in: text, at: spaces) {
            let after = spaces + article.count
            if after == text.count || isFinalLineEnd(text, from: after) { return after }
        }
        return nil
    }

    /// A line end (LF, CR, or CR LF) that is the last thing in `text`.
    static func isFinalLineEnd(_ text: Bytes, from index: Int) -> Bool {
        switch text.count - index {
        case 1: text[index] == 0x0A || text[index] == 0x0D
        case 2: text[index] == 0x0D && text[index + 1] == 0x0A
        default: false
        }
    }

    static let cuesAfter: [Bytes] = ["at most", "or less", "or lower", "or below", "maximum", "max", "is plenty", "is enough",
                                     "is the most", "is the limit", "is your limit"].map { Array($0.utf8) }

    /// The match of `^\s*(?:[a-z]+\s+){0,2}?(?:cue)` at the start of `text`, case-insensitive.
    static func cueAfter(in text: Bytes) -> Range<Int>? {
        var index = skipSpaces(text, from: 0)
        for words in 0...2 {
            if words > 0 {
                let letters = index
                while index < text.count, (0x61...0x7A).contains(lower(text[index])) { index += 1 }
                guard index > letters else { return nil }
                let spaces = skipSpaces(text, from: index)
                guard spaces > index else { return nil }
                index = spaces
            }
            for cue in cuesAfter where has(cue, in: text, at: index) {
                let end = index + cue.count
                // `max(?:imum)?\b`: either form only at the end of a word.
                if cue.first == 0x6D, !boundary(text, end) { continue }
                return 0..<end
            }
        }
        return nil
    }
}
