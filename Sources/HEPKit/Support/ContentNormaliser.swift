import Foundation

/// Text normalised before hashing, so an editor's line-end or trailing-space changes are not new versions.
enum ContentNormaliser {
    /// LF line ends, no trailing spaces or tabs, exactly one final newline.
    ///
    /// Works on the UTF-8 bytes (a line feed is always a character of its own, and a trailing space
    /// or tab is always its last byte), which gives the same text as doing it by `Character`, at a
    /// fraction of the cost: every exercise is hashed each time it is loaded.
    static func normalise(_ text: String) -> String {
        // Text with a carriage return (never from `TextFile`, which makes every line end LF) takes
        // the Character-level path, whose handling of CR next to other characters this keeps.
        if text.containsByte(0x0D) { return normaliseByCharacter(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 1)
        var lineStart = 0
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes.append(0x0A)  // a sentinel: every line, the last one too, ends in a line feed
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A) {
                var end = out.count
                while end > lineStart, out[end - 1] == 0x20 || out[end - 1] == 0x09 { end -= 1 }
                out.removeSubrange(end...)
                out.append(0x0A)
                lineStart = out.count
                index += byte == 0x0D ? 2 : 1
                continue
            }
            out.append(byte)
            index += 1
        }
        // The sentinel added one line feed; drop every empty line at the end, then end with one.
        while out.count >= 2, out[out.count - 1] == 0x0A, out[out.count - 2] == 0x0A { out.removeLast() }
        if out == [0x0A] { return "\n" }
        return String(decoding: out, as: UTF8.self)
    }

    static func normaliseByCharacter(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var result = lines.map { line -> Substring in
            var line = line
            while let last = line.last, last == " " || last == "\t" { line.removeLast() }
            return line
        }
        while let last = result.last, last.isEmpty { result.removeLast() }
        return result.joined(separator: "\n") + "\n"
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines` with `newlines`), the
    /// same result, but without Foundation's bridging when there is nothing to trim: the common
    /// case for the plan editor's hundreds of fields on every keystroke.
    func trimmingBlanks(newlines: Bool = false) -> String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return "" }
        let plain = { (byte: UInt8) in byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) { return String(self) }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}
