/// Wraps plain text at a column, keeping list items' hanging indent ("- ", "  1. ").
enum TextWrap {
    static func wrap(_ text: String, width: Int = 78) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
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
        }.joined(separator: "\n")
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
