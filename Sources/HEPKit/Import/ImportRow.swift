/// One exercise read from an outside file, before its terms are mapped.
struct ImportRow: Sendable {
    /// Where the row starts.
    var location: SourceLocation
    /// The id the source gives (free-exercise-db's `Barbell_Squat`), if any.
    var sourceID: Located<String>?
    var title: Located<String>
    var purpose: String?
    var phase: Located<String>?
    /// A category or level the mapping's `phases:` may turn into a phase.
    var categories: [Located<String>] = []
    var muscles: [Located<String>] = []
    var regions: [Located<String>] = []
    var equipment: [Located<String>] = []
    var steps: [String] = []
    var source: String?
    var licence: String?
}

extension ImportRow {
    /// The columns of a spreadsheet import, in the documented order.
    static let csvColumns = ["id", "title", "purpose", "phase", "regions", "targets", "equipment", "steps", "source", "licence"]

    /// Reads the rows of a CSV file (see Exercises/README.md for the columns).
    static func rows(csv text: String, file: String, into diagnostics: inout DiagnosticList) -> [ImportRow]? {
        guard let table = CSVTable.parse(text, file: file, into: &diagnostics) else { return nil }
        var columns: [String: Int] = [:]
        var failed = false
        for (index, cell) in table.header.enumerated() {
            let name = cell.text.trimmed.lowercased()
            if !csvColumns.contains(name) {
                var hint: Hint = "the columns are: \(csvColumns.joined(separator: ", "))"
                if let close = Suggestions.closest(to: name, in: csvColumns) { hint = hint.prefixed("did you mean '\(close)'? ") }
                diagnostics.error(cell.location, "unknown column '\(cell.text)'", hint: hint)
                failed = true
            } else if columns[name] != nil {
                diagnostics.error(cell.location, "column '\(name)' appears twice", hint: "keep one column of each name")
                failed = true
            } else {
                columns[name] = index
            }
        }
        if columns["title"] == nil {
            diagnostics.error(table.header.first?.location ?? SourceLocation(file: file, line: 1, column: 1), "the header has no 'title' column",
                              hint: "the first line names the columns: \(csvColumns.joined(separator: ","))")
            failed = true
        }
        guard !failed else { return nil }
        var rows: [ImportRow] = []
        for cells in table.rows {
            let location = cells[0].location
            guard cells.count == table.header.count else {
                diagnostics.error(location, "this row has \(cells.count) field\(cells.count == 1 ? "" : "s"), the header \(table.header.count)",
                                  hint: "quote a field that contains a comma: \"knees, hips\"")
                failed = true
                continue
            }
            func cell(_ name: String) -> CSVTable.Cell? {
                guard let index = columns[name], !cells[index].text.trimmed.isEmpty else { return nil }
                return cells[index]
            }
            func list(_ name: String) -> [Located<String>] {
                guard let cell = cell(name) else { return [] }
                return cell.text.split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }.map { Located($0, at: cell.location) }
            }
            guard let title = cell("title") else {
                diagnostics.error(location, "this row has no title", hint: "every exercise needs a title the patient understands")
                failed = true
                continue
            }
            rows.append(ImportRow(
                location: location, sourceID: cell("id").map { Located($0.text.trimmed, at: $0.location) },
                title: Located(title.text.oneLine, at: title.location), purpose: cell("purpose")?.text.oneLine,
                phase: cell("phase").map { Located($0.text.trimmed, at: $0.location) },
                muscles: list("targets"), regions: list("regions"), equipment: list("equipment"),
                steps: cell("steps")?.text.split(separator: "|", omittingEmptySubsequences: false).map(String.init) ?? [],
                source: cell("source")?.text.oneLine, licence: cell("licence")?.text.oneLine))
        }
        return failed ? nil : rows
    }

    /// The keys of a free-exercise-db object.
    static let jsonKeys = ["id", "name", "force", "level", "mechanic", "equipment", "primaryMuscles", "secondaryMuscles",
                           "instructions", "category", "images"]

    /// Reads free-exercise-db's JSON: a list of objects.
    static func rows(json text: String, file: String, into diagnostics: inout DiagnosticList) -> [ImportRow]? {
        guard let root = JSONDocument.parse(text, file: file, into: &diagnostics) else { return nil }
        guard case .array(let items) = root.value else {
            diagnostics.error(root.location, "the file must be a list of exercises (`[{...}, ...]`), found \(root.value.kind)")
            return nil
        }
        var rows: [ImportRow] = []
        var failed = false
        for item in items {
            guard case .object(let members) = item.value else {
                diagnostics.error(item.location, "each exercise must be an object (`{\"name\": ...}`), found \(item.value.kind)")
                failed = true
                continue
            }
            var fields: [String: Located<JSONValue>] = [:]
            for member in members {
                if !jsonKeys.contains(member.key) {
                    var hint: Hint = "known keys: \(jsonKeys.joined(separator: ", "))"
                    if let close = Suggestions.closest(to: member.key, in: jsonKeys) { hint = hint.prefixed("did you mean '\(close)'? ") }
                    diagnostics.error(member.value.location, "unknown key '\(member.key)'", hint: hint)
                    failed = true
                }
                fields[member.key] = member.value
            }
            func text(_ key: String) -> Located<String>? {
                guard let value = fields[key] else { return nil }
                switch value.value {
                case .string(let text) where !text.trimmed.isEmpty: return Located(text.oneLine, at: value.location)
                case .string, .null: return nil
                default:
                    diagnostics.error(value.location, "'\(key)' must be a string or null, found \(value.value.kind)")
                    failed = true
                    return nil
                }
            }
            func texts(_ key: String) -> [Located<String>] {
                guard let value = fields[key] else { return [] }
                switch value.value {
                case .null: return []
                case .array(let items):
                    return items.compactMap { item in
                        if case .string(let text) = item.value { return Located(text, at: item.location) }
                        diagnostics.error(item.location, "each item of '\(key)' must be a string, found \(item.value.kind)")
                        failed = true
                        return nil
                    }
                default:
                    diagnostics.error(value.location, "'\(key)' must be a list of strings, found \(value.value.kind)")
                    failed = true
                    return []
                }
            }
            let id = text("id"), name = text("name"), equipment = text("equipment")
            let category = text("category"), level = text("level")
            _ = (text("force"), text("mechanic"), texts("images"))
            let primary = texts("primaryMuscles"), secondary = texts("secondaryMuscles"), instructions = texts("instructions")
            guard let title = name else {
                // A name of the wrong type already has its error.
                if case .string = fields["name"]?.value {} else if fields["name"] != nil, fields["name"]?.value != .null { continue }
                diagnostics.error(item.location, "this exercise has no 'name'", hint: "every exercise needs a name; it becomes the title")
                failed = true
                continue
            }
            rows.append(ImportRow(
                location: item.location, sourceID: id, title: title, categories: [category, level].compactMap { $0 },
                muscles: primary + secondary, regions: primary, equipment: equipment.map { [$0] } ?? [],
                steps: instructions.map(\.value)))
        }
        return failed ? nil : rows
    }
}

extension String {
    /// Line breaks and runs of white space as single spaces, trimmed, without control characters
    /// (which a YAML front matter cannot hold).
    var oneLine: String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").filter { character in
            !character.unicodeScalars.contains { $0.properties.generalCategory == .control }
        }
    }
}
