import Foundation

/// A regular expression behind a cheap byte test that every match needs: a word of which each
/// match contains one, an ASCII digit, or a test of its own. A text that fails the test cannot
/// match, so the expression is not run on it. The catalogue check runs a handful of expressions
/// on every step and "Stop if" line, and most lines match none: each ICU run converts the line to
/// UTF-16 and takes a lock that the check's threads share, which cost more than the rest of the
/// line's checks together.
///
/// The test is exact only for ASCII: a line with any other character (where case-insensitive
/// matching and `\d` reach past ASCII: the Kelvin sign is a "k") always runs the expression.
///
/// The expression is compiled when a line first passes the test (ICU's compile of the larger ones
/// costs more than testing every line of the catalogue), once, under a lock.
final class GuardedExpression: @unchecked Sendable {
    let pattern: String
    let options: NSRegularExpression.Options
    private let lock = NSLock()
    private var compiled: NSRegularExpression?
    /// Lowercase ASCII words; a match contains at least one of them (compared without case).
    let words: [[UInt8]]
    /// A match contains an ASCII digit.
    let digits: Bool
    /// A test of its own over the line's bytes (all ASCII); nil when only `words` and `digits` count.
    let test: (@Sendable (UnsafeBufferPointer<UInt8>) -> Bool)?

    /// - Parameters:
    ///   - pattern: the expression (it must compile: these are fixed in the source).
    ///   - words: lowercase ASCII; at least one of them, or a digit when `digits`, is in every match.
    init(_ pattern: String, options: NSRegularExpression.Options = [], words: [String] = [], digits: Bool = false,
         test: (@Sendable (UnsafeBufferPointer<UInt8>) -> Bool)? = nil) {
        self.pattern = pattern
        self.options = options
        self.words = words.map { Array($0.utf8) }
        self.digits = digits
        self.test = test
    }

    /// The compiled expression.
    var expression: NSRegularExpression {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        let expression = try! NSRegularExpression(pattern: pattern, options: options)
        compiled = expression
        return expression
    }

    /// The first match in `text`, as `NSRegularExpression.firstMatch` gives it.
    func firstMatch(in text: String) -> NSTextCheckingResult? {
        guard mayMatch(text) else { return nil }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// Every match in `text`.
    func matches(in text: String) -> [NSTextCheckingResult] {
        guard mayMatch(text) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// False only when no match is possible.
    func mayMatch(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            if !ASCIIWords.isASCII(bytes) { return true }
            if let test { return test(bytes) }
            if digits, bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return true }
            return words.contains { ASCIIWords.contains(bytes, $0) }
        }
    }
}

/// Words searched for in ASCII text without case, by byte: the cheap test before a regular
/// expression (the catalogue check's, and the note reading's), which rules a text out only when
/// it surely holds none of the words.
enum ASCIIWords {
    /// False only when `text` surely has none of `words` (lower-case ASCII): ASCII text is
    /// searched without case; other text (where a case-insensitive pattern may match a Kelvin
    /// sign for a k) is never ruled out. An empty word is in every text.
    static func mayContain(_ text: String, anyOf words: [String]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard isASCII(bytes) else { return true }
            return words.contains { word in
                var word = word
                return word.withUTF8 { needle in needle.isEmpty || contains(bytes, needle) }
            }
        }
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0x80 } }

    /// True when `word` (lowercase ASCII, not empty) occurs in `bytes`, ignoring ASCII case.
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ word: some RandomAccessCollection<UInt8>) -> Bool {
        guard let first = word.first, bytes.count >= word.count else { return false }
        let count = word.count
        var start = 0
        let last = bytes.count - count
        while start <= last {
            if lower(bytes[start]) == first {
                var offset = 1
                var index = word.index(after: word.startIndex)
                while offset < count, lower(bytes[start + offset]) == word[index] {
                    offset += 1
                    index = word.index(after: index)
                }
                if offset == count { return true }
            }
            start += 1
        }
        return false
    }

    /// ASCII letters in lower case; every other byte as it is.
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
