import Foundation
internal import Yams

/// A YAML node with where it came from: the file, its place, and its decoding path
/// (`exercises[2].dosage.sets`).
struct YAMLValue {
    let node: YAMLNode
    let path: String
    let file: String
    let lineOffset: Int

    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    /// The text of a scalar as written, or a short description of what the node is.
    var shownValue: String {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            return text.count > 40 ? String(text.prefix(40)) + "..." : text
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func child(_ key: String, _ node: YAMLNode) -> YAMLValue {
        YAMLValue(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file, lineOffset: lineOffset)
    }

    func element(_ index: Int, _ node: YAMLNode) -> YAMLValue {
        YAMLValue(node: node, path: "\(path)[\(index)]", file: file, lineOffset: lineOffset)
    }
}

/// The keys of a YAML mapping, in file order, with their values.
struct YAMLMapping {
    let value: YAMLValue
    let entries: [(key: String, keyLocation: SourceLocation, value: YAMLValue)]
    /// The entries' keys, in the same order (looked up without copying whole entries).
    private let keys: [String]

    init(value: YAMLValue, entries: [(key: String, keyLocation: SourceLocation, value: YAMLValue)]) {
        self.value = value
        self.entries = entries
        self.keys = entries.map(\.key)
    }

    subscript(key: String) -> YAMLValue? {
        keys.firstIndex(of: key).map { entries[$0].value }
    }

    var location: SourceLocation { value.location }
    var path: String { value.path }
}

/// Reads typed values out of YAML nodes, collecting a diagnostic for every problem instead of
/// stopping at the first. Yams parses; this only interprets (no hand-rolled YAML parsing).
struct YAMLReader {
    var diagnostics = DiagnosticList()

    /// Largest YAML input accepted, so a runaway file gets a clear message instead of a long wait.
    static let maximumBytes = 1_000_000

    /// Parses `text` as one YAML document. Returns nil (with a diagnostic) when it does not parse.
    mutating func parse(_ text: String, file: String, lineOffset: Int = 0) -> YAMLValue? {
        if text.utf8.count > Self.maximumBytes {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1),
                              "file is \(text.utf8.count / 1000) KB; the limit is \(Self.maximumBytes / 1000) KB",
                              hint: "a plan or exercise file is a few KB; check that this is the right file")
            return nil
        }
        switch YAMLComposer.compose(text) {
        case .node(let node): return YAMLValue(node: node, path: "", file: file, lineOffset: lineOffset)
        case .empty:
            diagnostics.error(SourceLocation(file: file, line: lineOffset + 1, column: 1), "the file is empty",
                              hint: "see the format in README.md")
            return nil
        case .useYams: break
        }
        do {
            // Anchors, aliases, tags, complex or repeated keys and every error: Yams's tree and messages.
            // The basic resolver tags every scalar as text: hep reads numbers, booleans and dates
            // itself (with its own messages), and skips Yams's per-scalar regular expressions.
            // UTF-8 named outright: Yams's default encoding reads the whole environment on every parse.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                diagnostics.error(SourceLocation(file: file, line: lineOffset + 1, column: 1), "the file is empty",
                                  hint: "see the format in README.md")
                return nil
            }
            return YAMLValue(node: YAMLNode(node), path: "", file: file, lineOffset: lineOffset)
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, file: file, lineOffset: lineOffset))
            return nil
        } catch {
            diagnostics.error(SourceLocation(file: file, line: lineOffset + 1, column: 1), "could not read YAML: \(error)")
            return nil
        }
    }

    static func diagnostic(for error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        let hint: Hint = "YAML uses spaces (never tabs) for indentation, `key: value` pairs and `- ` for list items; quote text that contains `: ` or starts with a special character"
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let contextText = context.map { " (\($0.text) at line \($0.mark.line + lineOffset))" } ?? ""
            return .error(at(mark), "malformed YAML: \(problem)\(contextText)", hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error(at(context.mark), "duplicate key \(names) in one mapping",
                          hint: "each key may appear once; remove or merge the repeated one")
        case .reader(let problem, _, _, _):
            return .error(SourceLocation(file: file, line: lineOffset + 1, column: 1),
                          "the file is not readable text: \(problem)", hint: "save the file as UTF-8")
        default:
            return .error(SourceLocation(file: file, line: lineOffset + 1, column: 1), "malformed YAML: \(error)",
                          hint: hint)
        }
    }

    // MARK: Structure

    /// Reads a mapping, rejecting keys not in `known` (with the closest known key as a hint):
    /// a misspelt key must never silently drop what the user wrote.
    mutating func mapping(_ value: YAMLValue, known: [String], what: String? = nil) -> YAMLMapping? {
        guard case .mapping(let mapping) = value.node else {
            let name = what ?? (value.path.isEmpty ? "the file" : "'\(value.path)'")
            diagnostics.error(value.location, "\(name) must be a mapping of `key: value` lines, found \(value.shownValue)")
            return nil
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            let keyValue = YAMLValue(node: keyNode, path: value.path, file: value.file, lineOffset: value.lineOffset)
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.error(keyValue.location, "keys must be plain words, found \(keyValue.shownValue)")
                continue
            }
            let key = scalar.string
            if !known.contains(key) {
                let place = value.path.isEmpty ? "" : " in '\(value.path)'"
                var hint: Hint = "known keys here: \(known.joined(separator: ", "))"
                if let close = Suggestions.closest(to: key, in: known) {
                    hint = hint.prefixed("did you mean '\(close)'? ")
                }
                diagnostics.error(keyValue.location, "unknown key '\(key)'\(place)", hint: hint)
                continue
            }
            entries.append((key, keyValue.location, value.child(key, valueNode)))
        }
        return YAMLMapping(value: value, entries: entries)
    }

    /// Reads a list; a single scalar is not silently promoted to a list.
    mutating func list(_ value: YAMLValue) -> [YAMLValue]? {
        if value.isNull { return [] }
        guard case .sequence(let sequence) = value.node else {
            diagnostics.error(value.location, "'\(value.path)' must be a list (`- item` lines or `[a, b]`), found \(value.shownValue)")
            return nil
        }
        return sequence.enumerated().map { value.element($0.offset, $0.element) }
    }

    /// Reports a missing required key.
    mutating func missing(_ key: String, in mapping: YAMLMapping, hint: Hint? = nil) {
        let path = mapping.path.isEmpty ? key : "\(mapping.path).\(key)"
        diagnostics.error(mapping.location, "missing required field '\(path)'",
                          hint: hint ?? "add `\(key):`; see the format in README.md")
    }

    // MARK: Scalars

    /// Text of a scalar, trimmed. Nil (with a diagnostic) when not a non-empty scalar.
    mutating func string(_ value: YAMLValue, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = value.node else {
            diagnostics.error(value.location, "'\(value.path)' must be text, found \(value.shownValue)")
            return nil
        }
        let text = scalar.string.trimmed
        if !allowEmpty && (text.isEmpty || value.isNull) {
            diagnostics.error(value.location, "'\(value.path)' is empty", hint: "write a value after the colon or remove the line")
            return nil
        }
        return text
    }

    /// A required string field of a mapping.
    mutating func string(_ key: String, in mapping: YAMLMapping, required: Bool = true) -> String? {
        guard let value = mapping[key] else {
            if required { missing(key, in: mapping) }
            return nil
        }
        if !required && value.isNull { return nil }
        return string(value)
    }

    /// A whole number within `range`.
    mutating func int(_ value: YAMLValue, in range: ClosedRange<Int>, unit: String = "") -> Int? {
        guard case .scalar(let scalar) = value.node, scalar.style == .plain, let number = Int(scalar.string) else {
            diagnostics.error(value.location, "'\(value.path)' must be a whole number, found '\(value.shownValue)'",
                              hint: "write digits, e.g. `\(value.path.split(separator: ".").last ?? ""): \(range.lowerBound == 0 ? 1 : range.lowerBound)`")
            return nil
        }
        guard range.contains(number) else {
            diagnostics.error(value.location, "'\(value.path)' is \(number)\(unit); it must be from \(range.lowerBound) to \(range.upperBound)\(unit)")
            return nil
        }
        return number
    }

    /// An integer field of a mapping.
    mutating func int(_ key: String, in mapping: YAMLMapping, range: ClosedRange<Int>, required: Bool = true, unit: String = "") -> Int? {
        guard let value = mapping[key] else {
            if required { missing(key, in: mapping) }
            return nil
        }
        return int(value, in: range, unit: unit)
    }

    /// `true` or `false`.
    mutating func bool(_ key: String, in mapping: YAMLMapping, required: Bool = true) -> Bool? {
        guard let value = mapping[key] else {
            if required { missing(key, in: mapping) }
            return nil
        }
        guard case .scalar(let scalar) = value.node, scalar.style == .plain,
              ["true", "false"].contains(scalar.string) else {
            diagnostics.error(value.location, "'\(value.path)' must be true or false, found '\(value.shownValue)'")
            return nil
        }
        return scalar.string == "true"
    }

    /// A calendar date written `YYYY-MM-DD`.
    mutating func date(_ value: YAMLValue) -> CalendarDate? {
        guard case .scalar(let scalar) = value.node else {
            diagnostics.error(value.location, "'\(value.path)' must be a date like 2026-11-29, found \(value.shownValue)")
            return nil
        }
        switch CalendarDate.parse(scalar.string) {
        case .success(let date): return date
        case .failure(let problem):
            diagnostics.error(value.location, "'\(value.path)' \(problem.message), found '\(value.shownValue)'",
                              hint: "write dates as YYYY-MM-DD, e.g. 2026-11-29")
            return nil
        }
    }

    /// A date field of a mapping.
    mutating func date(_ key: String, in mapping: YAMLMapping, required: Bool = true) -> CalendarDate? {
        guard let value = mapping[key] else {
            if required { missing(key, in: mapping) }
            return nil
        }
        if !required && value.isNull { return nil }
        return date(value)
    }

    /// One of a fixed set of words.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ value: YAMLValue, as type: T.Type) -> T? where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue)
        guard case .scalar(let scalar) = value.node, let result = T(rawValue: scalar.string) else {
            var hint: Hint = "use one of: \(allowed.joined(separator: ", "))"
            if let close = Suggestions.closest(to: value.shownValue, in: allowed) { hint = hint.prefixed("did you mean '\(close)'? ") }
            diagnostics.error(value.location, "'\(value.path)' must be one of \(allowed.joined(separator: ", ")), found '\(value.shownValue)'", hint: hint)
            return nil
        }
        return result
    }

    /// A list of texts (each non-empty).
    mutating func strings(_ key: String, in mapping: YAMLMapping, required: Bool = true) -> [Located<String>]? {
        guard let value = mapping[key] else {
            if required { missing(key, in: mapping) }
            return required ? nil : []
        }
        guard let items = list(value) else { return nil }
        var result: [Located<String>] = []
        for item in items {
            if let text = string(item) { result.append(Located(text, at: item.location)) }
        }
        return result
    }
}

/// A value with the place in a file it came from, so later checks can point at it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    public var value: Value
    /// Where it was written.
    public var location: SourceLocation

    /// Pairs a value with its location.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
