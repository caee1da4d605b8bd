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
        let bytes = text.utf8
        func isFence(_ line: Substring.UTF8View) -> Bool {
            var view = line[...]
            while let first = view.first, first == 0x20 || first == 0x09 { view = view.dropFirst() }
            while let last = view.last, last == 0x20 || last == 0x09 { view = view.dropLast() }
            return view.elementsEqual("---".utf8)
        }
        var start = bytes.startIndex
        var number = 0
        var yamlStart: String.Index?
        while start <= bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let line = text[start..<end].utf8
            if number == 0 {
                guard isFence(line) else { return nil }
                yamlStart = end < bytes.endIndex ? bytes.index(after: end) : end
            } else if isFence(line), let yamlStart {
                // The YAML ends before the line feed that precedes the closing fence.
                let yamlEnd = start > yamlStart ? bytes.index(before: start) : yamlStart
                let bodyStart = end < bytes.endIndex ? bytes.index(after: end) : end
                return FrontMatterDocument(yaml: String(text[yamlStart..<yamlEnd]), yamlLineOffset: 1,
                                           body: String(text[bodyStart...]), bodyLineOffset: number + 1)
            }
            number += 1
            if end == bytes.endIndex { break }
            start = bytes.index(after: end)
        }
        return nil
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
