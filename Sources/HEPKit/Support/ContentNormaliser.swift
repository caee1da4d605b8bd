/// Normalises text before hashing, so line-end and trailing-space edits do not count as changes.
enum ContentNormaliser {
    /// LF line ends, no trailing spaces or tabs, exactly one final newline.
    static func normalise(_ text: String) -> String {
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
