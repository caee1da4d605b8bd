import Foundation
internal import Yams

/// An exercise file as the web editor's form shows it: one text value per field, and the steps as
/// an ordered list. What the web app's edit page reads and saves.
///
/// **Saving keeps the file's layout.** `written(over:)` compares each field with the value the file
/// holds now and rewrites only the fields that changed: a changed front-matter key's lines (its
/// `key:` line and the lines indented under it; for `dosage:` only the changed sub-key's line), the
/// text of `## Starting position`, or the numbered list under `## Steps`. Everything else, comments,
/// key order, blank lines and the changelog included, stays byte for byte as it was; so a form
/// saved unchanged writes the file unchanged. A changed field is written afresh in the style it had
/// (flow `[a, b]` or block `- a` lists, the same indent), so a comment on its own lines goes with it.
/// A field the file lacks is added before `changelog:` when given a value other than its default.
public struct ExerciseForm: Sendable, Hashable {
    /// One-line fields.
    public static let scalarFields = ["title", "purpose", "phase", "status"]
    /// Lists of vocabulary or exercise ids, written `a, b` in the form.
    public static let idListFields = ["regions", "targets", "conditions", "equipment", "easier", "harder", "contraindications"]
    /// Lists of sentences, one a line in the form.
    public static let textListFields = ["feel", "mistakes", "stop-if", "precautions"]
    /// The dose, one form field per key (`dosage.sets`).
    public static let dosageFields = Exercise.dosageKeys.map { "dosage." + $0 }
    /// The poses (`figures:`), as the YAML list written under the key.
    public static let figuresField = "figures"
    /// The body's `## Starting position` text.
    public static let startField = "starting-position"
    /// Every field but the steps, in form order.
    public static let fields = scalarFields + [startField] + idListFields + dosageFields + textListFields + [figuresField]
    /// Optional keys whose absence means this value (so choosing it adds no line).
    static let absentDefaults = ["status": "reviewed"]

    /// Field name -> value as the form shows it (lists joined as described above).
    public var values: [String: String]
    /// The steps, in order, each as Markdown (blank steps are dropped when written).
    public var steps: [String]

    public init(values: [String: String], steps: [String]) {
        self.values = values
        self.steps = steps
    }

    /// A fingerprint of a file's text, so a save can tell the file changed since the form was opened.
    public static func stamp(of text: String) -> String { SHA256.hex(of: text) }

    /// The form for `text`; nil when the file has no front matter between two `---` lines.
    public static func read(_ text: String) -> ExerciseForm? {
        guard let layout = Layout(text) else { return nil }
        var values: [String: String] = [:]
        for field in fields { values[field] = layout.value(field) }
        return ExerciseForm(values: values, steps: layout.steps())
    }

    /// A field's value as compared and written: LF line ends, no trailing spaces, lists tidied.
    public static func normalised(_ field: String, _ value: String) -> String {
        let lines = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trailingSpacesRemoved }
        if idListFields.contains(field) {
            return lines.joined(separator: ",").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
                .map(String.init).joined(separator: ", ")
        }
        if textListFields.contains(field) {
            return lines.map { $0.trimmed }.filter { !$0.isEmpty }.joined(separator: "\n")
        }
        if field == figuresField {
            var kept = lines
            while kept.last?.isEmpty == true { kept.removeLast() }
            while kept.first?.isEmpty == true { kept.removeFirst() }
            return kept.joined(separator: "\n")
        }
        if field == startField { return lines.joined(separator: "\n").trimmed }
        return lines.joined(separator: " ").trimmed
    }

    /// A step as compared and written.
    static func normalisedStep(_ step: String) -> String {
        step.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmed }.joined(separator: "\n").trimmed
    }

    /// The file `original` with this form's changed fields written in, and which lines hold which
    /// field. Nil when `original` has no front matter (it cannot be edited through the form).
    public func written(over original: String) -> Written? {
        guard let layout = Layout(original) else { return nil }
        let before = ExerciseForm(values: Dictionary(uniqueKeysWithValues: Self.fields.map { ($0, layout.value($0)) }), steps: layout.steps())
        func changed(_ field: String) -> String? {
            let new = Self.normalised(field, values[field] ?? before.values[field] ?? "")
            return new == Self.normalised(field, before.values[field] ?? "") ? nil : new
        }
        var out: [String] = [layout.lines[0]]
        var spans: [Written.Span] = []
        func emit(_ lines: [String], field: String?) {
            if let field, !lines.isEmpty { spans.append(Written.Span(field: field, lines: (out.count + 1)...(out.count + lines.count))) }
            out += lines
        }
        // Front matter, segment by segment.
        let present = Set(layout.segments.compactMap(\.key))
        let formKeys = Self.scalarFields + Self.idListFields + Self.textListFields + ["dosage", Self.figuresField]
        let inserted = formKeys.filter { key in
            guard !present.contains(key), key != "dosage" else { return false }
            guard let value = changed(key) else { return false }
            return value != "" && value != Self.absentDefaults[key]
        }
        var insertedDone = false
        for segment in layout.segments {
            if segment.key == "changelog", !insertedDone {
                for key in inserted { emit(Self.block(key, changed(key)!, like: nil), field: key) }
                insertedDone = true
            }
            guard let key = segment.key else {
                emit(segment.lines, field: nil)
                continue
            }
            if key == "dosage" {
                emit(dosageLines(segment.lines, changed: changed), field: "dosage")
                // Map each dose line to its own field too.
                let first = out.count - spans.last!.lines.count
                for (offset, line) in out[first...].enumerated() {
                    if let sub = Layout.subKey(line), Exercise.dosageKeys.contains(sub) {
                        spans.append(Written.Span(field: "dosage." + sub, lines: (first + offset + 1)...(first + offset + 1)))
                    }
                }
                continue
            }
            if formKeys.contains(key), let value = changed(key) {
                emit(Self.block(key, value, like: segment.lines), field: key)
            } else {
                emit(segment.lines, field: formKeys.contains(key) ? key : nil)
            }
        }
        if !insertedDone { for key in inserted { emit(Self.block(key, changed(key)!, like: nil), field: key) } }
        emit([layout.lines[layout.close]], field: nil)

        // The body.
        let body = Array(layout.lines[(layout.close + 1)...])
        let start = changed(Self.startField)
        let newSteps = steps.map(Self.normalisedStep).filter { !$0.isEmpty }
        let stepsChanged = newSteps != before.steps.map(Self.normalisedStep).filter { !$0.isEmpty }
        var index = 0
        let bodyOffset = layout.close + 1
        func copy(until end: Int, field: String?) {
            if end > index { emit(Array(body[index..<end]), field: field) }
            index = max(index, end)
        }
        var startDone = false, stepsDone = false
        if let section = layout.startSection {
            copy(until: section.heading - bodyOffset, field: nil)
            emit([body[index]], field: Self.startField)
            index += 1
            let range = (section.content.lowerBound - bodyOffset)..<(section.content.upperBound - bodyOffset)
            copy(until: range.lowerBound, field: Self.startField)
            if let start {
                var lines = start.isEmpty ? [] : start.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if range.isEmpty && !lines.isEmpty {
                    // An empty section: a blank line after the heading and before what follows.
                    if out.last?.isEmpty == false { lines.insert("", at: 0) }
                    if range.lowerBound < body.count, !body[range.lowerBound].isEmpty { lines.append("") }
                }
                emit(lines, field: Self.startField)
                index = range.upperBound
            } else {
                copy(until: range.upperBound, field: Self.startField)
            }
            startDone = true
        }
        if let section = layout.stepsSection {
            copy(until: section.heading - bodyOffset, field: nil)
            emit([body[index]], field: "steps")
            index += 1
            let range = (section.content.lowerBound - bodyOffset)..<(section.content.upperBound - bodyOffset)
            copy(until: range.lowerBound, field: nil)
            if stepsChanged {
                if range.isEmpty, !newSteps.isEmpty, out.last?.isEmpty == false { out.append("") }
                out += Self.stepLines(newSteps, spans: &spans, firstLine: out.count + 1)
                if range.isEmpty, !newSteps.isEmpty, range.lowerBound < body.count, !body[range.lowerBound].isEmpty { out.append("") }
                index = range.upperBound
            } else {
                for (number, item) in section.items.enumerated() {
                    let itemRange = (item.lowerBound - bodyOffset)..<(item.upperBound - bodyOffset)
                    copy(until: itemRange.lowerBound, field: nil)
                    copy(until: itemRange.upperBound, field: "step.\(number + 1)")
                }
                copy(until: range.upperBound, field: "steps")
            }
            stepsDone = true
        }
        copy(until: body.count, field: nil)
        // Sections the body lacks, added at its end when given.
        if !startDone, let start, !start.isEmpty {
            emit((out.last?.isEmpty == false ? [""] : []) + ["## Starting position", ""], field: Self.startField)
            emit(start.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), field: Self.startField)
        }
        if !stepsDone, stepsChanged {
            emit((out.last?.isEmpty == false ? [""] : []) + ["## Steps", ""], field: "steps")
            out += Self.stepLines(newSteps, spans: &spans, firstLine: out.count + 1)
        }
        return Written(text: out.joined(separator: "\n"), spans: spans)
    }

    /// The dose block with each changed key's line replaced, removed (emptied) or added.
    private func dosageLines(_ lines: [String], changed: (String) -> String?) -> [String] {
        let keys = Exercise.dosageKeys
        guard lines.count > 1, lines.dropFirst().contains(where: { Layout.subKey($0) != nil }) else {
            // Written inline (`dosage: {sets: 2}`) or empty: written afresh when anything changed.
            guard keys.contains(where: { changed("dosage." + $0) != nil }) else { return lines }
            let current = Layout(lines: ["---"] + lines + ["---"])
            var out = ["dosage:"]
            for key in keys {
                let value = changed("dosage." + key) ?? current?.value("dosage." + key) ?? ""
                if !value.isEmpty { out.append("  \(key): \(Self.doseScalar(value))") }
            }
            return out
        }
        var out = lines
        let indent = lines.dropFirst().first { Layout.subKey($0) != nil }.map { String($0.prefix { $0 == " " }) } ?? "  "
        for key in keys {
            guard let value = changed("dosage." + key) else { continue }
            if let at = out.firstIndex(where: { Layout.subKey($0) == key && $0.hasPrefix(indent) && !$0.hasPrefix(indent + " ") }) {
                if value.isEmpty { out.remove(at: at) } else { out[at] = "\(indent)\(key): \(Self.doseScalar(value))" }
            } else if !value.isEmpty {
                // After the last key that comes before it, else first.
                let earlier = Set(keys.prefix { $0 != key })
                let after = out.lastIndex { Layout.subKey($0).map(earlier.contains) ?? false } ?? 0
                out.insert("\(indent)\(key): \(Self.doseScalar(value))", at: after + 1)
            }
        }
        return out
    }

    /// A dose value as typed: a whole number or plain text as it is, anything YAML would read
    /// otherwise (`3 # more`) quoted, so the file says what the form said.
    static func doseScalar(_ value: String) -> String {
        Int(value) != nil || yamlScalar(value) == value ? value : yamlScalar(value)
    }

    /// A front-matter key written afresh in the style of `like` (its current lines), if any.
    static func block(_ key: String, _ value: String, like: [String]?) -> [String] {
        let itemIndent = like?.dropFirst().first { $0.trimmed.hasPrefix("-") }.map { String($0.prefix { $0 == " " }) } ?? "  "
        if idListFields.contains(key) {
            let items = value.isEmpty ? [] : value.components(separatedBy: ", ")
            let blockStyle = like.map { $0.count > 1 && $0.dropFirst().contains { $0.trimmed.hasPrefix("-") } } ?? false
            if blockStyle && !items.isEmpty { return ["\(key):"] + items.map { "\(itemIndent)- \(yamlScalar($0))" } }
            return ["\(key): [" + items.map { yamlScalar($0, inFlow: true) }.joined(separator: ", ") + "]"]
        }
        if textListFields.contains(key) {
            let items = value.isEmpty ? [] : value.split(separator: "\n").map(String.init)
            if items.isEmpty { return ["\(key): []"] }
            return ["\(key):"] + items.map { "\(itemIndent)- \(yamlScalar($0))" }
        }
        if key == figuresField {
            return value.isEmpty ? ["\(key): []"] : ["\(key):"] + value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return ["\(key): \(yamlScalar(value))"]
    }

    /// The numbered list of `steps`, continuation lines indented under the text.
    static func stepLines(_ steps: [String], spans: inout [Written.Span], firstLine: Int) -> [String] {
        var lines: [String] = []
        for (index, step) in steps.enumerated() {
            let marker = "\(index + 1). "
            let parts = step.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = firstLine + lines.count
            lines.append(marker + parts[0])
            lines += parts.dropFirst().map { $0.isEmpty ? "" : String(repeating: " ", count: marker.count) + $0 }
            spans.append(Written.Span(field: "step.\(index + 1)", lines: start...(firstLine + lines.count - 1)))
        }
        return lines
    }

    /// `text` as a YAML scalar: plain when YAML reads it back as the same text, else double-quoted.
    static func yamlScalar(_ text: String, inFlow: Bool = false) -> String {
        let indicators: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        var plain = !text.isEmpty && text.trimmed == text && !text.contains("\n") && !text.contains("\t")
            && !indicators.contains(text.first!) && !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
            && !reserved.contains(text.lowercased()) && Double(text) == nil && Int(text) == nil
        if inFlow && text.contains(where: { ",[]{}".contains($0) }) { plain = false }
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A file written from the form.
    public struct Written: Sendable, Hashable {
        /// Which lines (1-based, of `text`) hold a field: `title`, `dosage`, `dosage.sets`, `step.2`.
        public struct Span: Sendable, Hashable {
            public var field: String
            public var lines: ClosedRange<Int>
        }
        public var text: String
        public var spans: [Span]

        public init(text: String, spans: [Span]) {
            self.text = text
            self.spans = spans
        }

        /// The form field holding file line `line`: the narrowest span containing it, or nil.
        public func field(atLine line: Int) -> String? {
            spans.filter { $0.lines.contains(line) }.min { $0.lines.count < $1.lines.count }?.field
        }
    }
}

/// The lines of an exercise file: front-matter keys and the body's two sections, found by their
/// lines (values are read with Yams, one key at a time, so a broken key elsewhere does not hide
/// the others).
struct Layout {
    struct Segment {
        /// The top-level key, or nil for lines between keys (blank lines, comments).
        var key: String?
        var lines: [String]
        /// Index of the first line in the file's lines.
        var start: Int
    }
    struct Section {
        /// Index of the heading line.
        var heading: Int
        /// The section's text lines, without blank lines around them.
        var content: Range<Int>
        /// For the steps: each numbered item's lines.
        var items: [Range<Int>] = []
    }

    let lines: [String]
    /// Index of the closing `---`.
    let close: Int
    let segments: [Segment]
    let startSection: Section?
    let stepsSection: Section?

    init?(_ text: String) {
        self.init(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    init?(lines: [String]) {
        guard let first = lines.first, first.trimmed == "---",
              let close = lines.indices.dropFirst().first(where: { lines[$0].trimmed == "---" }) else { return nil }
        self.lines = lines
        self.close = close
        var segments: [Segment] = []
        var index = 1
        while index < close {
            if let key = Self.topKey(lines[index]) {
                var end = index + 1
                while end < close, Self.topKey(lines[end]) == nil { end += 1 }
                // Blank and comment lines at column 0 before the next key stay outside the block.
                var last = end
                while last > index + 1, lines[last - 1].trimmed.isEmpty || lines[last - 1].hasPrefix("#") { last -= 1 }
                segments.append(Segment(key: key, lines: Array(lines[index..<last]), start: index))
                if last < end { segments.append(Segment(key: nil, lines: Array(lines[last..<end]), start: last)) }
                index = end
            } else {
                var end = index + 1
                while end < close, Self.topKey(lines[end]) == nil { end += 1 }
                segments.append(Segment(key: nil, lines: Array(lines[index..<end]), start: index))
                index = end
            }
        }
        self.segments = segments
        let headings = lines.indices.filter { $0 > close && lines[$0].hasPrefix("#") }
        func section(_ title: String) -> Section? {
            guard let heading = headings.first(where: { lines[$0].hasPrefix("## ") && String(lines[$0].dropFirst(3)).trimmed.lowercased() == title }) else { return nil }
            let next = headings.first { $0 > heading } ?? lines.count
            var lower = heading + 1, upper = next
            while lower < upper, lines[lower].trimmed.isEmpty { lower += 1 }
            while upper > lower, lines[upper - 1].trimmed.isEmpty { upper -= 1 }
            return Section(heading: heading, content: lower..<upper)
        }
        startSection = section("starting position")
        if var steps = section("steps") {
            var items: [Range<Int>] = []
            var itemStart: Int?
            for index in steps.content where Self.isItemStart(lines[index]) {
                if let itemStart { items.append(itemStart..<Self.trimmedEnd(lines, itemStart, index)) }
                itemStart = index
            }
            if let itemStart { items.append(itemStart..<steps.content.upperBound) }
            steps.items = items
            stepsSection = steps
        } else {
            stepsSection = nil
        }
    }

    private static func trimmedEnd(_ lines: [String], _ start: Int, _ end: Int) -> Int {
        var upper = end
        while upper > start + 1, lines[upper - 1].trimmed.isEmpty { upper -= 1 }
        return upper
    }

    /// `1. ` or `2) ` after at most three spaces.
    static func isItemStart(_ line: String) -> Bool {
        let rest = line.drop { $0 == " " }
        guard line.count - rest.count <= 3 else { return false }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10 else { return false }
        let after = rest.dropFirst(digits.count)
        guard let marker = after.first, marker == "." || marker == ")" else { return false }
        return after.count == 1 || after.dropFirst().first == " "
    }

    /// The key of a top-level `key:` line.
    static func topKey(_ line: String) -> String? {
        guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        let after = line[line.index(after: colon)...]
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return String(key)
    }

    /// The key of an indented `  key:` line.
    static func subKey(_ line: String) -> String? {
        guard line.first == " " else { return nil }
        return topKey(String(line.drop { $0 == " " }))
    }

    func segment(_ key: String) -> Segment? { segments.first { $0.key == key } }

    /// The form value of `field` as the file holds it ("" when absent).
    func value(_ field: String) -> String {
        if field == ExerciseForm.startField {
            guard let section = startSection else { return "" }
            return lines[section.content].map(\.trailingSpacesRemoved).joined(separator: "\n")
        }
        if field.hasPrefix("dosage.") {
            let sub = String(field.dropFirst("dosage.".count))
            guard let segment = segment("dosage") else { return "" }
            if let node = Self.node(segment.lines), case .mapping(let mapping) = node,
               let value = mapping[sub] {
                return Self.scalar(value) ?? ""
            }
            return segment.lines.dropFirst().first { Self.subKey($0) == sub }
                .map { String($0.drop { $0 == " " }.dropFirst(sub.count + 1)).trimmed } ?? ""
        }
        guard let segment = segment(field) else { return ExerciseForm.absentDefaults[field] ?? "" }
        if field == ExerciseForm.figuresField {
            let inline = String(segment.lines[0].dropFirst(field.count + 1)).trimmed
            let rest = segment.lines.dropFirst().map(\.trailingSpacesRemoved)
            let parts = ((inline.isEmpty || inline == "[]") ? [] : [inline]) + rest
            return ExerciseForm.normalised(field, parts.joined(separator: "\n"))
        }
        let node = Self.node(segment.lines)
        if ExerciseForm.idListFields.contains(field) || ExerciseForm.textListFields.contains(field) {
            let separator = ExerciseForm.idListFields.contains(field) ? ", " : "\n"
            if let node, case .sequence(let sequence) = node {
                return ExerciseForm.normalised(field, sequence.map { Self.scalar($0) ?? "" }.joined(separator: separator))
            }
            if let node, Self.scalar(node) == "" { return "" }
            // Not a list YAML can read: the lines as written, markers dropped.
            let raw = ([String(segment.lines[0].dropFirst(field.count + 1))] + segment.lines.dropFirst())
                .map { $0.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "[]-")).trimmed }.filter { !$0.isEmpty }
            return ExerciseForm.normalised(field, raw.joined(separator: separator))
        }
        if let node, let text = Self.scalar(node) { return ExerciseForm.normalised(field, text) }
        return ExerciseForm.normalised(field, String(segment.lines[0].dropFirst(field.count + 1)))
    }

    /// The steps as the file holds them, each without its number.
    func steps() -> [String] {
        guard let section = stepsSection else { return [] }
        return section.items.map { range in
            var parts = lines[range].map { $0.trimmed }
            let first = parts[0]
            let digits = first.prefix { $0.isASCII && $0.isNumber }
            parts[0] = String(first.dropFirst(digits.count + 1)).trimmed
            return ExerciseForm.normalisedStep(parts.joined(separator: "\n"))
        }
    }

    /// The value of a one-key block, as Yams reads it (nil when it cannot).
    static func node(_ block: [String]) -> Node? {
        guard let node = try? Yams.compose(yaml: block.joined(separator: "\n")), case .mapping(let mapping) = node,
              let value = mapping.first?.value else { return nil }
        return value
    }

    static func scalar(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(scalar.string) { return "" }
        return scalar.string.trimmed
    }
}

extension String {
    /// Without spaces and tabs at the end.
    var trailingSpacesRemoved: String {
        var view = Substring(self)
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
