/// Wraps plain text at a column, keeping list items' hanging indent ("- ", "  1. ").
enum TextWrap {
    static func wrap(_ text: String, width: Int = 78) -> String {
        // Text without CR by bytes: each LF is then a Character of its own, and in an ASCII line
        // each byte is one Character (other lines are wrapped by Characters below).
        if !text.containsByte(0x0D) { return wrapByBytes(text, width: width) }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { wrapLine($0, width: width) }.joined(separator: "\n")
    }

    /// `wrap` for text without CR, ASCII lines by bytes.
    static func wrapByBytes(_ text: String, width: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / width + 1)
        var first = true
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if !first { out.append(0x0A) }
            first = false
            guard line.count > width else { out += line; continue }
            guard line.allSatisfy({ $0 < 0x80 }) else {
                out += wrapLine(Substring(line), width: width).utf8
                continue
            }
            let indentLength = hangingIndent(Substring(line))
            var current = Array(line.prefix(indentLength))
            var currentIsFresh = true
            for word in line.dropFirst(indentLength).split(separator: 0x20, omittingEmptySubsequences: true) {
                if !currentIsFresh && current.count + 1 + word.count > width {
                    out += current
                    out.append(0x0A)
                    current = Array(repeating: 0x20, count: indentLength)
                    currentIsFresh = true
                }
                if !currentIsFresh { current.append(0x20) }
                current += word
                currentIsFresh = false
            }
            out += current
        }
        return String(decoding: out, as: UTF8.self)
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
