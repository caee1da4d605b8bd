/// The fixed wording of the handout (`Templates/wording/<language>.yaml`): headings, dosage phrases,
/// the pain guide's bands, red flags. Kept out of Swift so a clinic can reword or translate every phrase.
public struct Wording: Sendable {
    /// Flattened keys (`dose.rest`) to phrases; plural forms end in `.one` / `.other`.
    public private(set) var phrases: [String: String]
    /// Flattened keys to lists of phrases (red flags, weekdays).
    public private(set) var lists: [String: [String]]
    /// Where it came from.
    public var file: String { didSet { language = Self.language(of: file) } }
    /// The language code, from the file name (`Templates/wording/en.yaml` -> `en`): kept, since it
    /// is read for every plural form.
    public private(set) var language: String

    public init(phrases: [String: String], lists: [String: [String]], file: String) {
        self.phrases = phrases
        self.lists = lists
        self.file = file
        self.language = Self.language(of: file)
    }

    /// Every phrase key the code uses, with its placeholders; a missing one is an error at load time.
    static let requiredPhrases: [String: [String]] = [
        "dose.sets-of-reps.one": ["reps"], "dose.sets-of-reps.other": ["sets", "reps"],
        "dose.sets-of-time.one": ["time"], "dose.sets-of-time.other": ["sets", "time"],
        "dose.hold": ["time"], "dose.rest": ["time"], "dose.rest-timed": ["time"], "dose.tempo": ["out", "back"], "dose.tempo-pause": ["out", "pause", "back"],
        "dose.side.each": [], "dose.side.left": [], "dose.side.right": [],
        "dose.per-day.one": [], "dose.per-day.other": ["count"],
        "dose.days-per-week.one": [], "dose.days-per-week.other": ["count"], "dose.frequency": ["per-day", "days"],
        "time.seconds.one": [], "time.seconds.other": ["count"], "time.minutes.one": [], "time.minutes.other": ["count"],
        "minutes-per-day.one": [], "minutes-per-day.other": ["count"],
        "side.left": [], "side.right": [], "side.both": [],
        "finding.overactive": ["muscle", "side"], "finding.inhibited": ["muscle", "side"],
        "finding.pain": ["region", "score"], "finding.pain-side": ["region", "side", "score"],
        "why.release": ["muscle", "side"], "why.activate": ["muscle", "side"], "why.integrate": ["muscle"],
        "why.pain": ["region"],
        "main-message.goals": [], "main-message.no-goals": [],
        "greeting": ["name"], "list-and": [], "follow-up": ["date"], "session-date": ["date"],
        "title": ["clinic"], "footer": ["reference"],
        "phase.release": [], "phase.lengthen": [], "phase.activate": [], "phase.integrate": [], "phase.mobility": [],
        "phase.strength": [], "phase.balance": [], "phase.breathing": [], "phase.nerve-glide": [],
        "date": ["weekday", "day", "month", "year"], "preheader": [],
        "changes.since": ["date"], "changes.added": ["title"], "changes.removed": ["title"], "changes.none": [],
        "changes.harder": ["title", "now", "before"], "changes.easier": ["title", "now", "before"],
        "changes.changed": ["title", "now", "before"],
        "exercises-intro.order": [], "exercises-intro.release": ["label"], "exercises-intro.lengthen": ["label"],
        "exercises-intro.activate": ["label"], "exercises-intro.integrate": ["label"], "exercises-intro.mobility": ["label"],
        "exercises-intro.strength": ["label"], "exercises-intro.balance": ["label"], "exercises-intro.breathing": ["label"],
        "exercises-intro.nerve-glide": ["label"],
        "pain-guide.scores": ["from", "to"], "pain-guide.score": ["score"], "pain-guide.fine": ["scores"],
        "pain-guide.ok": ["scores"], "pain-guide.stop": ["limit"], "pain-guide.next-morning": [], "pain-guide.dose": ["limit"],
        "dose-short.reps": ["sets", "reps"], "dose-short.sets.one": [], "dose-short.sets.other": ["count"], "dose-short.sets-of-time": ["sets", "time"],
        "dose-short.seconds": ["count"], "dose-short.minutes": ["count"], "dose-short.per-day": ["dose", "count"],
        "dose-short.side.each": ["dose"], "dose-short.side.left": ["dose"], "dose-short.side.right": ["dose"],
        "tick-chart.day": ["weekday", "day"],
    ]

    /// Every list key the code uses.
    static let requiredLists = ["red-flags.emergency", "red-flags.today", "weekdays", "months", "tick-chart.weekdays"]

    /// A phrase with `{placeholders}` filled in. Values are inserted as they are; escaping for the
    /// output format happens later, in the template.
    public func phrase(_ key: String, _ values: [String: String] = [:]) -> String {
        guard let text = phrases[key] else { return key }
        guard !values.isEmpty, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        // One pass over the bytes: copy text, replacing each {name} that has a value (others, and
        // an unclosed `{`, stay as written). Where a non-ASCII character touches a brace (a mark
        // that would join it into another Character), Characters decide.
        var copy = text
        let filled: String? = copy.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] == 0x7B || bytes[index] == 0x7D {
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) { return nil }
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            var start = 0
            while let open = bytes[start...].firstIndex(of: 0x7B) {
                guard let close = bytes[open...].firstIndex(of: 0x7D) else { break }
                out.append(contentsOf: bytes[start..<open])
                if let value = values[String(decoding: bytes[(open + 1)..<close], as: UTF8.self)] {
                    out.append(contentsOf: value.utf8)
                } else {
                    out.append(contentsOf: bytes[open...close])
                }
                start = close + 1
            }
            out.append(contentsOf: bytes[start...])
            return String(decoding: out, as: UTF8.self)
        }
        return filled ?? Self.fillByCharacters(text, values)
    }

    /// `phrase`'s filling, Character by Character.
    static func fillByCharacters(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 32)
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// The form for `count`: an exact form (`key.=2`, "twice") where the wording has one, else the
    /// language's plural category (CLDR: `one`, `two`, `few`, `many`, `other`), else `key.other`.
    public func plural(_ key: String, _ count: Int, _ values: [String: String] = [:]) -> String {
        var values = values
        values["count"] = String(count)
        if phrases["\(key).=\(count)"] != nil { return phrase("\(key).=\(count)", values) }
        let category = PluralCategory.of(count, language: language)
        if phrases["\(key).\(category.rawValue)"] != nil { return phrase("\(key).\(category.rawValue)", values) }
        return phrase("\(key).other", values)
    }

    static func language(of file: String) -> String {
        guard let name = file.utf8.split(separator: UInt8(ascii: "/")).last,
              let stem = name.split(separator: UInt8(ascii: ".")).first else { return "en" }
        return String(Substring(stem))
    }

    /// A list of phrases.
    public func list(_ key: String) -> [String] { lists[key] ?? [] }

    /// A duration in words: "45 seconds", "2 minutes", "1 minute".
    public func duration(seconds: Int) -> String {
        if seconds >= 60, seconds % 60 == 0 { return plural("time.minutes", seconds / 60) }
        return plural("time.seconds", seconds)
    }

    /// "a, b and c".
    public func joinedList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(phrase("list-and")) " + items.last!
    }

    /// A date in words: "Friday 4 December 2026".
    public func date(_ date: CalendarDate) -> String {
        let weekdays = list("weekdays"), months = list("months")
        guard weekdays.count == 7, months.count == 12 else { return date.description }
        return phrase("date", ["weekday": weekdays[date.weekday], "day": String(date.day),
                               "month": months[date.month - 1], "year": String(date.year)])
    }

    /// The nested wording for templates (`{{text.headings.exercises}}`).
    var templateTree: [String: Any] {
        // A tree of references, so that no level is copied as deeper keys go in; keys go in as
        // before (phrases, then lists), a key that is both a phrase and a group keeping the last.
        final class Level {
            var leaves: [String: Any] = [:]
            var groups: [String: Level] = [:]

            func insert(_ path: ArraySlice<Substring>, _ value: Any) {
                guard let head = path.first.map(String.init) else { return }
                if path.count == 1 {
                    groups[head] = nil
                    leaves[head] = value
                    return
                }
                let group: Level
                if let found = groups[head] {
                    group = found
                } else {
                    group = Level()
                    leaves[head] = nil
                    groups[head] = group
                }
                group.insert(path.dropFirst(), value)
            }

            var tree: [String: Any] {
                var tree = leaves
                for (key, group) in groups { tree[key] = group.tree }
                return tree
            }
        }
        func parts(_ key: String) -> [Substring] {
            // By bytes unless a non-ASCII character could join a dot into a Character of its own.
            guard key.utf8.allSatisfy({ $0 < 0x80 }) else { return key.split(separator: ".") }
            return key.utf8.split(separator: 0x2E).map { Substring($0) }
        }
        let root = Level()
        for (key, value) in phrases { root.insert(parts(key)[...], value) }
        for (key, value) in lists { root.insert(parts(key)[...], value) }
        return root.tree
    }
}

extension Wording {
    /// Loads `Templates/wording/<language>.yaml`, checking every phrase the code needs is there.
    static func load(language: String, from project: Project, into diagnostics: inout DiagnosticList) -> Wording? {
        let relative = "Templates/wording/\(language).yaml"
        guard let text = project.readText(relative, into: &diagnostics, required: true) else { return nil }
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: relative) else { return nil }
        var wording = Wording(phrases: [:], lists: [:], file: relative)
        var locations: [String: SourceLocation] = [:]
        func walk(_ value: YAMLValue, prefix: String) {
            switch value.node {
            case .mapping:
                let keys = value.node.mapping?.keys.compactMap(\.scalar?.string) ?? []
                guard let mapping = reader.mapping(value, known: keys) else { return }
                for entry in mapping.entries {
                    walk(entry.value, prefix: prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)")
                }
            case .sequence:
                let items = reader.list(value) ?? []
                wording.lists[prefix] = items.compactMap { reader.string($0) }
                locations[prefix] = value.location
            default:
                if let text = reader.string(value) {
                    wording.phrases[prefix] = text
                    locations[prefix] = value.location
                }
            }
        }
        walk(root, prefix: "")
        let top = SourceLocation(file: relative, line: 1, column: 1)
        for (key, placeholders) in requiredPhrases.sorted(by: { $0.key < $1.key }) {
            guard let phrase = wording.phrases[key] else {
                reader.diagnostics.error(top, "missing wording '\(key)'",
                                         hint: "every phrase hep uses must be in \(relative); copy it from Templates/wording/en.yaml")
                continue
            }
            for name in placeholders where !phrase.containsBytes(of: "{\(name)}") {
                reader.diagnostics.warning(locations[key] ?? top, "wording '\(key)' does not use {\(name)}",
                                           hint: "the handout will not show the \(name) in this phrase")
            }
        }
        for key in requiredLists where wording.lists[key]?.isEmpty ?? true {
            reader.diagnostics.error(locations[key] ?? top, "missing wording list '\(key)'",
                                     hint: "it must be a list of `- ` lines in \(relative)")
        }
        for key in ["weekdays", "tick-chart.weekdays"] {
            if let weekdays = wording.lists[key], weekdays.count != 7 {
                reader.diagnostics.error(locations[key] ?? top, "'\(key)' must list 7 days, Sunday first; found \(weekdays.count)")
            }
        }
        if let months = wording.lists["months"], months.count != 12 {
            reader.diagnostics.error(locations["months"] ?? top, "'months' must list 12 months; found \(months.count)")
        }
        return reader.diagnostics.hasErrors ? nil : wording
    }
}
