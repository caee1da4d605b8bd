/// Wraps plain text at a column, keeping list items' hanging indent ("- ", "  1. ").
enum TextWrap {
    static func wrap(_ text: String, width: Int = 78) -> String {
        // Text without CR by bytes: each LF is then a Character of its own, and in an ASCII line
        // each byte is one Character (other lines are wrapped by Characters below).
        if !text.containsByte(0x0D) { return wrapByBytes(text, width: width) }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { wrapLine($0, width: width) }.joined(separator: "\n")
    }

    /// `wrap` for text without CR, ASCII lines by bytes (over the bytes in place: the generic
    /// `split` of a `String.UTF8View` cost more than the rest of the text handout together).
    static func wrapByBytes(_ text: String, width: Int) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / max(width, 1) + 1)
            var current: [UInt8] = []
            var lineStart = 0
            while true {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                appendWrapped(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), width: width, to: &out, scratch: &current)
                if lineEnd >= bytes.count { break }
                out.append(0x0A)
                lineStart = lineEnd + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// One line (no LF in it) wrapped onto `out`.
    private static func appendWrapped(_ line: UnsafeBufferPointer<UInt8>, width: Int, to out: inout [UInt8], scratch current: inout [UInt8]) {
        guard line.count > width else { out.append(contentsOf: line); return }
        guard line.allSatisfy({ $0 < 0x80 }) else {
            out += wrapLine(Substring(String(decoding: line, as: UTF8.self)), width: width).utf8
            return
        }
        let indentLength = hangingIndent(line)
        current.removeAll(keepingCapacity: true)
        current.append(contentsOf: UnsafeBufferPointer(rebasing: line[0..<indentLength]))
        var currentIsFresh = true
        var index = indentLength
        while index < line.count {
            if line[index] == 0x20 { index += 1; continue }
            var wordEnd = index
            while wordEnd < line.count, line[wordEnd] != 0x20 { wordEnd += 1 }
            let wordLength = wordEnd - index
            if !currentIsFresh && current.count + 1 + wordLength > width {
                out += current
                out.append(0x0A)
                current.removeAll(keepingCapacity: true)
                current.append(contentsOf: repeatElement(0x20, count: indentLength))
                currentIsFresh = true
            }
            if !currentIsFresh { current.append(0x20) }
            current.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<wordEnd]))
            currentIsFresh = false
            index = wordEnd
        }
        out += current
    }

    /// `hangingIndent` of an ASCII line, by bytes.
    private static func hangingIndent(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var spaces = 0
        while spaces < line.count, line[spaces] == 0x20 { spaces += 1 }
        func at(_ offset: Int, _ byte: UInt8) -> Bool { offset < line.count && line[offset] == byte }
        if at(spaces, 0x2D), at(spaces + 1, 0x20) { return spaces + 2 }
        var digits = 0
        while spaces + digits < line.count, line[spaces + digits] >= 0x30, line[spaces + digits] <= 0x39 { digits += 1 }
        if digits > 0, at(spaces + digits, 0x2E), at(spaces + digits + 1, 0x20) { return spaces + digits + 2 }
        return spaces
    }

    /// One line wrapped, counting Characters.
    static func wrapLine(_ line: Substring, width: Int) -> String {
        guard line.count > width else { return String(line) }
        let indentLength = hangingIndent(line)
        let indent = String(repeating: " ", count: indentLength)
        var lines: [String] = []
        var current = String(line.prefix(indentLength))
        var currentIsFresh = true
        for word in line.dropFirst(indentLength).split(separator: " ", omittingEmptySubsequences: true) {
            if !currentIsFresh && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                currentIsFresh = true
            }
            current += (currentIsFresh ? "" : " ") + word
            currentIsFresh = false
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// Width of "- ", "  1. " or leading spaces at the start of a line.
    static func hangingIndent(_ line: Substring) -> Int {
        let spaces = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(spaces)
        if rest.hasPrefix("- ") { return spaces + 2 }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }.count
        if digits > 0, rest.dropFirst(digits).hasPrefix(". ") { return spaces + digits + 2 }
        return spaces
    }
}
