/// A Markdown file with YAML front matter between two `---` lines.
struct FrontMatterDocument {
    /// The YAML text (without the `---` lines).
    var yaml: String
    /// Lines before the YAML starts (1: the opening `---`).
    var yamlLineOffset: Int
    /// The Markdown body after the closing `---`.
    var body: String
    /// Lines before the body starts.
    var bodyLineOffset: Int

    /// Splits `text`; adds a located error when the front matter is missing or unterminated.
    static func split(_ text: String, file: String, into diagnostics: inout DiagnosticList) -> FrontMatterDocument? {
        if !text.containsByte(0x0D), let document = splitByBytes(text) { return document }
        return splitByCharacter(text, file: file, into: &diagnostics)
    }

    /// The same split over the UTF-8 bytes (line feeds and `---` are ASCII), without building an
    /// array of lines: nil when the front matter is missing or unterminated, for the located errors.
    private static func splitByBytes(_ text: String) -> FrontMatterDocument? {
        var text = text
        return text.withUTF8 { bytes -> FrontMatterDocument? in
            // Integer offsets into the bytes: `String.Index` steps cost more than the search itself.
            func isFence(_ lower: Int, _ upper: Int) -> Bool {
                var (from, to) = (lower, upper)
                while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
                return to - from == 3 && bytes[from] == 0x2D && bytes[from + 1] == 0x2D && bytes[from + 2] == 0x2D
            }
            func string(_ lower: Int, _ upper: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
            }
            let count = bytes.count
            var start = 0
            var number = 0
            var yamlStart: Int?
            while start <= count {
                var end = start
                while end < count, bytes[end] != 0x0A { end += 1 }
                if number == 0 {
                    guard isFence(start, end) else { return nil }
                    yamlStart = end < count ? end + 1 : end
                } else if isFence(start, end), let yamlStart {
                    // The YAML ends before the line feed that precedes the closing fence.
                    let yamlEnd = start > yamlStart ? start - 1 : yamlStart
                    let bodyStart = end < count ? end + 1 : end
                    return FrontMatterDocument(yaml: string(yamlStart, yamlEnd), yamlLineOffset: 1,
                                               body: string(bodyStart, count), bodyLineOffset: number + 1)
                }
                number += 1
                if end == count { break }
                start = end + 1
            }
            return nil
        }
    }

    static func splitByCharacter(_ text: String, file: String, into diagnostics: inout DiagnosticList) -> FrontMatterDocument? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1),
                              "an exercise file must start with a `---` line that opens its YAML front matter",
                              hint: "see Exercises/README.md for the format, or run \(.newExercise)")
            return nil
        }
        lines.removeFirst()
        guard let closing = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1),
                              "the front matter opened on line 1 is never closed",
                              hint: "add a line with only `---` after the last field")
            return nil
        }
        let yaml = lines[..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return FrontMatterDocument(yaml: yaml, yamlLineOffset: 1, body: body, bodyLineOffset: closing + 2)
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return result
    }
}

private extension Set where Element == Character {
    static var whitespaces: Set<Character> { [" ", "\t"] }
}
