import CommonMark
import Foundation

extension Exercise {
    /// Every key an exercise's front matter may carry.
    static let frontMatterKeys = [
        "id", "version", "title", "purpose", "phase", "regions", "targets", "conditions", "equipment",
        "dosage", "feel", "mistakes", "stop-if", "easier", "harder", "precautions", "contraindications", "changelog",
        "retired", "replaced-by", "images", "figures", "full-range-steps", "status", "source", "licence",
    ]

    /// Keys of a dose, shared by exercise defaults and plan overrides.
    static let dosageKeys = ["sets", "reps", "seconds", "hold", "rest", "tempo", "side", "per-day", "days-per-week"]

    /// Parses an exercise file; nil when it has errors (all added to `diagnostics`).
    ///
    /// Pictures are read from `pictures` (default: the project's `Exercises/images/`); without a
    /// project none are read.
    @_spi(Fuzzing) public static func parse(_ text: String, file: String, expectedID: String, project: Project? = nil,
                      pictures: PictureSource? = nil, into diagnostics: inout DiagnosticList) -> Exercise? {
        let pictures = pictures ?? project.map(PictureSource.files)
        guard let document = FrontMatterDocument.split(text, file: file, into: &diagnostics) else { return nil }
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(document.yaml, file: file, lineOffset: document.yamlLineOffset),
              let fields = reader.mapping(root, known: frontMatterKeys, what: "the front matter") else { return nil }

        let id = reader.string("id", in: fields)
        if let id, let value = fields["id"] {
            if !Identifier.isKebabCase(id) {
                reader.diagnostics.error(value.location, "id '\(id)' must be kebab-case (lower-case words joined by '-')",
                                         hint: "e.g. `id: glute-bridge`")
            } else if id != expectedID {
                reader.diagnostics.error(value.location, "id '\(id)' does not match the file name '\(expectedID).md'",
                                         hint: "rename the file to '\(id).md' or set `id: \(expectedID)`; ids are never renamed once issued")
            }
        }
        let version = reader.int("version", in: fields, range: 1...100_000)
        let title = reader.string("title", in: fields)
        let purpose = reader.string("purpose", in: fields)
        let phase = fields["phase"].flatMap { reader.choice($0, as: Phase.self) }
        if fields["phase"] == nil { reader.missing("phase", in: fields) }
        let regions = reader.strings("regions", in: fields)
        let targets = reader.strings("targets", in: fields)
        let conditions = reader.strings("conditions", in: fields)
        let equipment = reader.strings("equipment", in: fields)
        let dosage = fields["dosage"].flatMap { readDosage($0, reader: &reader) }
        if fields["dosage"] == nil { reader.missing("dosage", in: fields) }
        let feel = reader.strings("feel", in: fields)
        let mistakes = reader.strings("mistakes", in: fields)
        let stopIf = reader.strings("stop-if", in: fields)
        let easier = reader.strings("easier", in: fields)
        let harder = reader.strings("harder", in: fields)
        let precautions = reader.strings("precautions", in: fields, required: false)
        let contraindications = reader.strings("contraindications", in: fields, required: false)
        var figures: [Pose] = []
        var figureLocations: [SourceLocation] = []
        if let value = fields["figures"], let items = reader.list(value) {
            for item in items {
                if let pose = Pose.read(item, reader: &reader) {
                    figures.append(pose)
                    figureLocations.append(item.location)
                }
            }
        }
        var images: [ExerciseImage] = []
        if let id, let title, let pictures {
            images = figures.enumerated().compactMap { index, pose in
                ExerciseImage.drawn(pose, id: id, title: title, number: index + 1, of: figures.count, pictures: pictures)
            }
        }
        if let value = fields["images"], let items = reader.list(value) {
            for (offset, item) in items.enumerated() {
                if let image = ExerciseImage.read(item, index: figures.count + offset, pictures: pictures, reader: &reader) { images.append(image) }
            }
        }
        let retired = reader.bool("retired", in: fields, required: false) ?? false
        let replacedBy = reader.string("replaced-by", in: fields, required: false).map { Located($0, at: fields["replaced-by"]!.location) }
        if retired && replacedBy == nil, let value = fields["retired"] {
            reader.diagnostics.error(value.location, "a retired exercise must name its replacement",
                                     hint: "add `replaced-by: NEW-ID` (ids are never deleted, so handouts that used it stay reproducible)")
        }
        if !retired, replacedBy != nil, let value = fields["replaced-by"] {
            reader.diagnostics.error(value.location, "'replaced-by' is only for a retired exercise", hint: "add `retired: true`, or remove `replaced-by`")
        }
        let status = fields["status"].flatMap { reader.choice($0, as: ExerciseStatus.self) }
        let source = reader.string("source", in: fields, required: false)
        let licence = reader.string("licence", in: fields, required: false)
        let changelog = fields["changelog"].flatMap { readChangelog($0, reader: &reader) }
        if fields["changelog"] == nil { reader.missing("changelog", in: fields, hint: "add a `changelog:` with an entry for version 1") }
        for (key, list) in [("feel", feel), ("mistakes", mistakes), ("stop-if", stopIf)] {
            if let list, list.isEmpty, let value = fields[key] {
                reader.diagnostics.error(value.location, "'\(key)' needs at least one line for the patient")
            }
        }
        let body = parseBody(document.body, file: file, lineOffset: document.bodyLineOffset, into: &reader.diagnostics)
        var fullRangeSteps: [Int] = []
        if let value = fields["full-range-steps"], let items = reader.list(value) {
            for item in items {
                guard let number = reader.int(item, in: 1...100) else { continue }
                if let body, number > body.steps.count {
                    reader.diagnostics.error(item.location, "'full-range-steps' names step \(number), but the exercise has \(body.steps.count) steps",
                                             hint: "list the numbers of the steps that go the full range, e.g. `full-range-steps: [3]`")
                } else {
                    fullRangeSteps.append(number)
                }
            }
        }

        guard let id, let version, let title, let purpose, let phase, let regions, let targets, let conditions,
              let equipment, let dosage, let feel, let mistakes, let stopIf, let easier, let harder,
              let precautions, let contraindications, let changelog, let body, !reader.diagnostics.hasErrors else { return nil }
        return Exercise(
            id: id, version: version, title: title, purpose: purpose, phase: phase, regions: regions,
            targets: targets, conditions: conditions, equipment: equipment, dosage: dosage,
            feel: feel.map(\.value), mistakes: mistakes.map(\.value), stopIf: stopIf.map(\.value),
            easier: easier, harder: harder, precautions: precautions.map(\.value),
            contraindications: contraindications, changelog: changelog, retired: retired, replacedBy: replacedBy, images: images,
            figures: figures, figureLocations: figureLocations,
            startingPosition: body.startingPosition, steps: body.steps, stepLines: body.stepLines,
            stopIfLocations: stopIf.map(\.location), fullRangeSteps: fullRangeSteps, isDraft: status == .draft, statusLocation: fields["status"]?.location, dosageLocation: fields["dosage"]?.location, file: file,
            versionLocation: fields["version"]?.location ?? SourceLocation(file: file, line: 1, column: 1),
            contentHash: contentHash(text: text, pictures: images.map(\.sha256)),
            status: status, source: source, licence: licence)
    }

    /// Reads a complete default dose.
    static func readDosage(_ value: YAMLValue, reader: inout YAMLReader) -> Dosage? {
        guard let fields = reader.mapping(value, known: dosageKeys) else { return nil }
        let override = readDosageFields(fields, reader: &reader)
        let sets = override.sets, side = override.side, perDay = override.perDay, days = override.daysPerWeek
        if fields["sets"] == nil { reader.missing("sets", in: fields) }
        if fields["side"] == nil { reader.missing("side", in: fields, hint: "add `side: both`, `each`, `left` or `right`") }
        if fields["per-day"] == nil { reader.missing("per-day", in: fields, hint: "add `per-day: 1` (times a day)") }
        if fields["days-per-week"] == nil { reader.missing("days-per-week", in: fields) }
        switch (fields["reps"], fields["seconds"]) {
        case (nil, nil):
            reader.diagnostics.error(fields.location, "'\(fields.path)' needs either 'reps' or 'seconds'",
                                     hint: "add `reps: 10` for counted repetitions, or `seconds: 60` for a timed set")
        case (.some, .some(let seconds)):
            reader.diagnostics.error(seconds.location, "'\(fields.path)' has both 'reps' and 'seconds'; give one of them",
                                     hint: "use `reps` with `hold` for held repetitions, `seconds` for one timed set")
        default: break
        }
        guard let sets, let side, let perDay, let days, override.reps != nil || override.seconds != nil else { return nil }
        return Dosage(sets: sets, reps: override.reps, seconds: override.seconds, hold: override.hold, rest: override.rest,
                      tempo: override.tempo, side: side, perDay: perDay, daysPerWeek: days)
    }

    /// Reads dose fields, each optional; shared with plan overrides so limits are the same everywhere.
    static func readDosageFields(_ fields: YAMLMapping, reader: inout YAMLReader) -> DosageOverride {
        var dose = DosageOverride()
        dose.sets = reader.int("sets", in: fields, range: 1...10, required: false)
        dose.reps = reader.int("reps", in: fields, range: 1...100, required: false)
        dose.seconds = reader.int("seconds", in: fields, range: 5...1800, required: false, unit: " seconds")
        dose.hold = reader.int("hold", in: fields, range: 1...300, required: false, unit: " seconds")
        dose.rest = reader.int("rest", in: fields, range: 0...600, required: false, unit: " seconds")
        dose.perDay = reader.int("per-day", in: fields, range: 1...6, required: false)
        dose.daysPerWeek = reader.int("days-per-week", in: fields, range: 1...7, required: false)
        if let value = fields["side"] { dose.side = reader.choice(value, as: Side.self) }
        if let value = fields["tempo"] {
            if let text = reader.string(value) {
                if let tempo = Tempo.parse(text) {
                    dose.tempo = tempo
                } else {
                    reader.diagnostics.error(value.location, "'\(value.path)' must be seconds out-pause-back like 2-1-2, found '\(text)'")
                }
            }
        }
        return dose
    }

    static func readChangelog(_ value: YAMLValue, reader: inout YAMLReader) -> [ChangelogEntry]? {
        guard let items = reader.list(value) else { return nil }
        if items.isEmpty {
            reader.diagnostics.error(value.location, "'changelog' needs an entry for the current version",
                                     hint: "add `- version: 1`, `date:`, `note:` and `safety: false`")
        }
        var entries: [ChangelogEntry] = []
        for item in items {
            guard let fields = reader.mapping(item, known: ["version", "date", "note", "safety"]) else { continue }
            let version = reader.int("version", in: fields, range: 1...100_000)
            let date = reader.date("date", in: fields)
            let note = reader.string("note", in: fields)
            let safety = reader.bool("safety", in: fields)
            if let version, let date, let note, let safety {
                entries.append(ChangelogEntry(version: version, date: date, note: note, safety: safety))
            }
        }
        return entries
    }

    /// The starting position and steps, found through libcmark's parse tree.
    static func parseBody(_ body: String, file: String, lineOffset: Int,
                          into diagnostics: inout DiagnosticList) -> (startingPosition: String, steps: [String], stepLines: [Int])? {
        let parsed = CommonMark.parse(body)
        if let deep = parsed.tooDeep {
            // Stop here: the tree is cut off at the limit, so its sections cannot be trusted.
            diagnostics.error(SourceLocation(file: file, line: deep.line + lineOffset, column: deep.column),
                              "the Markdown is nested more than \(CommonMark.maximumDepth) levels deep",
                              hint: "quotes and lists this deep cannot be printed; use plain paragraphs and one numbered list of steps")
            return nil
        }
        let document = parsed.root
        let lines = body.lfLines
        func location(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line + lineOffset, column: 1) }
        let headings = document.children.enumerated().filter { $0.element.kind == .heading && $0.element.headingLevel == 2 }
        func section(_ title: String) -> (index: Int, node: MarkdownNode)? {
            headings.first { $0.element.plainText.trimmed.lowercased() == title }.map { ($0.offset, $0.element) }
        }
        var problems = false
        for heading in document.children where heading.kind == .heading {
            let name = heading.plainText.trimmed.lowercased()
            if heading.headingLevel != 2 || !["starting position", "steps"].contains(name) {
                diagnostics.error(location(heading.line), "unexpected heading '\(heading.plainText.trimmed)' in the exercise body",
                                  hint: "the body has exactly two sections: `## Starting position` and `## Steps`")
                problems = true
            }
        }
        guard let start = section("starting position") else {
            diagnostics.error(location(1), "the body has no `## Starting position` section",
                              hint: "describe how to start, under a `## Starting position` heading")
            return nil
        }
        guard let steps = section("steps") else {
            diagnostics.error(location(1), "the body has no `## Steps` section",
                              hint: "add `## Steps` followed by a numbered list: `1. ...`")
            return nil
        }
        let startNodes = document.children[(start.index + 1)..<(steps.index > start.index ? steps.index : document.children.count)]
        let startText = startNodes.map { source(of: $0, in: lines) }.joinedText("\n\n").trimmed
        if startText.isEmpty {
            diagnostics.error(location(start.node.line), "the `## Starting position` section is empty")
            problems = true
        }
        let afterSteps = document.children[(steps.index + 1)...].prefix { $0.kind != .heading }
        if afterSteps.isEmpty {
            diagnostics.error(location(steps.node.line), "the `## Steps` section is empty",
                              hint: "add the steps as a numbered list under it: `1. ...`, `2. ...`", kind: "empty-steps")
            return nil
        }
        guard afterSteps.count == 1, let list = afterSteps.first, list.kind == .list, list.isOrderedList else {
            diagnostics.error(location(steps.node.line), "the `## Steps` section must be one numbered list and nothing else",
                              hint: "write each step as `1. ...`, `2. ...`")
            return nil
        }
        let items = list.children.map { item in
            stripListMarker(source(of: item, in: lines))
        }
        for (index, item) in list.children.enumerated() where items[index].isEmpty {
            diagnostics.error(location(item.line), "step \(index + 1) in the `## Steps` list is empty",
                              hint: "write the step, or remove its line and renumber the steps after it (\(.fixProject) does that)", kind: "empty-step")
            problems = true
        }
        return problems ? nil : (startText, items, list.children.map { $0.line + lineOffset })
    }

    /// The source lines of a block node.
    private static func source(of node: MarkdownNode, in lines: [String]) -> String {
        guard node.line >= 1, node.endLine >= node.line, node.endLine <= lines.count else { return node.plainText }
        return lines[(node.line - 1)..<node.endLine].joinedText("\n").trimmed
    }

    private static func stripListMarker(_ text: String) -> String {
        var lines = text.lfLines
        guard !lines.isEmpty else { return "" }
        // "12. text" or "3) text": drop the number, the marker and the space after it.
        let first = lines[0].drop { $0 == " " }
        let digits = first.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let marker = first.dropFirst(digits.count).first, marker == "." || marker == ")" {
            lines[0] = String(first.dropFirst(digits.count + 1).drop { $0 == " " })
        }
        return lines.map { $0.trimmed }.joinedText("\n").trimmed
    }
}

extension Collection<String> {
    /// `joined(separator:)`, specialised here: the standard library's generic `joined` is not, and
    /// its first call in a process looks up the collection's associated types at run time.
    func joinedText(_ separator: String) -> String {
        var out = ""
        out.reserveCapacity(reduce(0) { $0 + $1.utf8.count + separator.utf8.count })
        var first = true
        for part in self {
            if !first { out += separator }
            out += part
            first = false
        }
        return out
    }
}

extension String {
    /// `split(separator: "\n", omittingEmptySubsequences: false)` as Strings: by bytes when there is
    /// no CR (every LF is then a Character of its own), else by Characters.
    var lfLines: [String] {
        guard !containsByte(0x0D) else { return split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        return utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// Whether the UTF-8 text holds `byte` (`memchr` over native text; `utf8.contains` goes byte by byte).
    func containsByte(_ byte: UInt8) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { buffer in
            guard let start = buffer.baseAddress, !buffer.isEmpty else { return false }
            return memchr(start, Int32(byte), buffer.count) != nil
        }
        return found ?? utf8.contains(byte)
    }

    /// Whether the UTF-8 text holds `needle`'s bytes (a plain byte search: no Foundation, no
    /// Unicode equivalence, which callers looking for ASCII words do not need).
    func containsBytes(of needle: String) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { haystack -> Bool in
            var needle = needle
            return needle.withUTF8 { pattern -> Bool in
                guard let first = pattern.first, pattern.count <= haystack.count else { return pattern.isEmpty }
                var index = 0
                let last = haystack.count - pattern.count
                while index <= last {
                    if haystack[index] == first && memcmp(haystack.baseAddress! + index, pattern.baseAddress!, pattern.count) == 0 { return true }
                    index += 1
                }
                return false
            }
        }
        return found ?? contains(needle)
    }

    /// Without leading and trailing ASCII white space (space, tab, CR, LF, VT, FF) or NBSP.
    var trimmed: String {
        // By bytes (this runs on every scalar read and every template tag): ASCII white space and
        // NBSP (C2 A0). White space that shares a Character with a mark after or before it is not
        // trimmable, so where non-ASCII text meets the trimmed white space, Characters decide.
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end {
            let byte = bytes[start]
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                start = bytes.index(after: start)
            } else if byte == 0xC2, bytes.index(after: start) < end, bytes[bytes.index(after: start)] == 0xA0 {
                start = bytes.index(start, offsetBy: 2)
            } else {
                break
            }
        }
        if start != bytes.startIndex, start < end, bytes[start] >= 0x80 { return trimmedByCharacters }
        while start < end {
            let last = bytes.index(before: end)
            let byte = bytes[last]
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                end = last
            } else if byte == 0xA0, last > start, bytes[bytes.index(before: last)] == 0xC2 {
                end = bytes.index(before: last)
            } else {
                break
            }
        }
        if start == bytes.startIndex && end == bytes.endIndex { return self }
        // A prepended mark (U+0600...) joins the white space after it into one Character.
        if end != bytes.endIndex, start < end, bytes[bytes.index(before: end)] >= 0x80 { return trimmedByCharacters }
        return String(self[start..<end])
    }

    /// `trimmed`, Character by Character.
    private var trimmedByCharacters: String {
        var view = Substring(self)
        while let first = view.first, first.isTrimmable { view.removeFirst() }
        while let last = view.last, last.isTrimmable { view.removeLast() }
        return view.count == count ? self : String(view)
    }
}

private extension Character {
    var isTrimmable: Bool {
        self == " " || self == "\n" || self == "\t" || self == "\r\n" || self == "\r" || self == "\u{0B}" || self == "\u{0C}" || self == "\u{A0}"
    }
}
