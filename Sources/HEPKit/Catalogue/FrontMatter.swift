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
