import Foundation
import Synchronization

/// One named thing a patient may read about: a muscle, a body region, a condition or equipment.
public struct Term: Sendable, Hashable {
    /// Stable kebab-case id, e.g. `gluteus-medius`.
    public var id: String
    /// Clinical or usual name, e.g. "gluteus medius".
    public var name: String
    /// Everyday phrase that fits in a sentence, e.g. "the muscle on the side of your hip".
    public var plain: String
    /// One sentence a patient understands.
    public var description: String
    /// Equipment every home has (a wall, a chair): never a reason not to suggest an exercise.
    public var household: Bool = false
    /// A condition's or region's own warning signs, or `.general` when the general list is enough;
    /// nil for muscles and equipment.
    public var redFlags: RedFlags? = nil
    /// Where it is defined.
    public var location: SourceLocation
}

/// The warning signs a handout shows, in two levels: what needs emergency services now, and what
/// needs the clinic or a doctor the same day. Each line is what the patient notices, in plain words.
public struct RedFlagLevels: Sendable, Hashable {
    /// "Call emergency services now".
    public var emergency: [String]
    /// "Call us or your doctor today".
    public var today: [String]

    public init(emergency: [String] = [], today: [String] = []) {
        self.emergency = emergency
        self.today = today
    }
}

/// The `red-flags:` of a condition or region: its own reviewed warning signs, or explicitly only the
/// general ones (`red-flags: general`).
public enum RedFlags: Sendable, Hashable {
    /// Reviewed: the general list in the wording is enough.
    case general
    /// Its own warning signs, shown with the general ones.
    case own(RedFlagLevels)

    /// Its own warning signs (empty for `.general`).
    public var levels: RedFlagLevels {
        switch self {
        case .general: RedFlagLevels()
        case .own(let levels): levels
        }
    }
}

/// The plain-language vocabulary (`Exercises/vocabulary/*.yaml`) every reference must resolve against.
public struct Vocabulary: Sendable {
    /// The kinds of vocabulary, one file each.
    public enum Kind: String, Sendable, CaseIterable {
        case muscles, regions, conditions, equipment

        /// Whether each term of this kind must say which red flags it carries.
        public var carriesRedFlags: Bool { self == .regions || self == .conditions }

        /// Singular noun used in messages ("unknown muscle 'x'").
        public var singular: String {
            switch self {
            case .muscles: "muscle"
            case .regions: "region"
            case .conditions: "condition"
            case .equipment: "equipment"
            }
        }
    }

    /// Terms by kind, then id: every term, or (read `lazily`) those of the files read whole.
    public private(set) var terms: [Kind: [String: Term]] = [:]
    /// The terms of files read lazily, each parsed from its own lines when first looked up.
    private var lazyTerms: LazyTerms?

    /// An empty vocabulary.
    public init() {}

    /// Looks up a term.
    public func term(_ kind: Kind, _ id: String) -> Term? {
        if let term = terms[kind]?[id] { return term }
        return lazyTerms?.parsed(kind, id)?.term
    }

    /// All ids of a kind, sorted.
    public func ids(_ kind: Kind) -> [String] {
        ((terms[kind] ?? [:]).keys + (lazyTerms?.ids(kind) ?? [])).sorted()
    }

    mutating func add(_ term: Term, kind: Kind) { terms[kind, default: [:]][term.id] = term }

    /// Checks that `id` is a known term of `kind`, adding an error with the closest id as a hint if not.
    /// A term read lazily is parsed here, and the problems in its lines are added too.
    func resolve(_ id: Located<String>, as kind: Kind, into diagnostics: inout DiagnosticList) {
        var problems = DiagnosticList()
        resolve(id, as: kind, into: &diagnostics, termProblems: &problems)
        diagnostics.append(contentsOf: problems)
    }

    /// `resolve`, with the problems in a lazily read term's own lines in `termProblems` (they are
    /// the vocabulary's, not the problems of what names the term).
    func resolve(_ id: Located<String>, as kind: Kind, into diagnostics: inout DiagnosticList, termProblems: inout DiagnosticList) {
        if let parsed = lazyTerms?.parsed(kind, id.value) {
            termProblems.append(contentsOf: parsed.diagnostics)
            if parsed.term != nil { return }
        } else if term(kind, id.value) != nil {
            return
        }
        var hint: Hint = "known ids are in Exercises/vocabulary/\(kind.rawValue).yaml; add it there if it is new"
        if let close = Suggestions.closest(to: id.value, in: ids(kind)) {
            hint = hint.prefixed("did you mean '\(close)'? ")
        }
        diagnostics.error(id.location, "unknown \(kind.singular) '\(id.value)'", hint: hint)
    }
}

extension Vocabulary {
    /// Loads every vocabulary file under `Exercises/vocabulary/`.
    ///
    /// `lazily`: a file of plain `id:` entries (no anchors, no duplicate ids) is only split into
    /// its entries, and each term is parsed and checked when a plan or exercise names it
    /// (`resolve`), so a render reads the few terms it uses; `hep check` reads them all. A file
    /// that does not split so simply is read whole, as without `lazily`.
    static func load(from project: Project, lazily: Bool = false, into diagnostics: inout DiagnosticList) -> Vocabulary {
        var vocabulary = Vocabulary()
        var lazyEntries: [Kind: [String: LazyTerms.Entry]] = [:]
        for kind in Kind.allCases {
            let relative = "Exercises/vocabulary/\(kind.rawValue).yaml"
            guard let text = project.readText(relative, into: &diagnostics, required: true) else { continue }
            if lazily, let entries = LazyTerms.split(text, file: relative) {
                lazyEntries[kind] = entries
                continue
            }
            var reader = YAMLReader()
            defer { diagnostics.append(contentsOf: reader.diagnostics) }
            guard let root = reader.parse(text, file: relative) else { continue }
            guard case .mapping(let mapping) = root.node else {
                reader.diagnostics.error(root.location, "a vocabulary file must map each id to its name, plain and description")
                continue
            }
            for (keyNode, _) in mapping {
                guard case .scalar(let key) = keyNode else { continue }
                let id = key.string
                let keyValue = YAMLValue(node: keyNode, path: id, file: relative, lineOffset: 0)
                if !Identifier.isKebabCase(id) {
                    reader.diagnostics.error(keyValue.location, "vocabulary id '\(id)' must be kebab-case (lower-case words joined by '-')")
                }
            }
            guard let entries = reader.mapping(root, known: mapping.keys.compactMap(\.scalar?.string)) else { continue }
            for entry in entries.entries {
                if let term = readTerm(entry, kind: kind, reader: &reader) { vocabulary.add(term, kind: kind) }
            }
        }
        if !lazyEntries.isEmpty { vocabulary.lazyTerms = LazyTerms(entries: lazyEntries) }
        return vocabulary
    }

    /// One entry of a vocabulary file as a term; nil (with diagnostics) when a required field is missing.
    static func readTerm(_ entry: (key: String, keyLocation: SourceLocation, value: YAMLValue), kind: Kind,
                         reader: inout YAMLReader) -> Term? {
        var known = ["name", "plain", "description"]
        if kind == .equipment { known.append("household") }
        if kind.carriesRedFlags { known.append("red-flags") }
        guard let fields = reader.mapping(entry.value, known: known) else { return nil }
        let name = reader.string("name", in: fields)
        let plain = reader.string("plain", in: fields)
        let description = reader.string("description", in: fields)
        let household = reader.bool("household", in: fields, required: false) ?? false
        // A term whose red flags have an error is still added, so references to it do not
        // cascade into more errors; the error itself stops every render.
        let redFlags = kind.carriesRedFlags ? readRedFlags(in: fields, kind: kind, reader: &reader) : nil
        guard let name, let plain, let description else { return nil }
        return Term(id: entry.key, name: name, plain: plain, description: description,
                    household: household, redFlags: redFlags, location: entry.keyLocation)
    }
}

/// Vocabulary terms kept as the lines of their files and parsed when first looked up (by any thread).
final class LazyTerms: Sendable {
    /// One `id:` entry: its lines, and how many lines of the file come before them.
    struct Entry: Sendable {
        let text: String
        let lineOffset: Int
        let file: String
    }

    /// A parsed entry: the term (nil when it has errors that leave it out) and its problems.
    struct Parsed: Sendable {
        let term: Term?
        let diagnostics: [Diagnostic]
    }

    private let entries: [Vocabulary.Kind: [String: Entry]]
    private let parsedTerms = Mutex<[Vocabulary.Kind: [String: Parsed]]>([:])

    init(entries: [Vocabulary.Kind: [String: Entry]]) { self.entries = entries }

    func ids(_ kind: Vocabulary.Kind) -> [String] { entries[kind].map { Array($0.keys) } ?? [] }

    /// The term `id` of `kind` parsed (once); nil when the vocabulary has no such entry.
    func parsed(_ kind: Vocabulary.Kind, _ id: String) -> Parsed? {
        guard let entry = entries[kind]?[id] else { return nil }
        if let done = parsedTerms.withLock({ $0[kind]?[id] }) { return done }
        var reader = YAMLReader()
        var term: Term?
        if let root = reader.parse(entry.text, file: entry.file, lineOffset: entry.lineOffset),
           let mapping = reader.mapping(root, known: [id]), let first = mapping.entries.first {
            term = Vocabulary.readTerm(first, kind: kind, reader: &reader)
        }
        let parsed = Parsed(term: term, diagnostics: reader.diagnostics.all)
        parsedTerms.withLock { $0[kind, default: [:]][id] = parsed }
        return parsed
    }

    /// A vocabulary file's entries, when it is only comments before entries that each start with an
    /// `id:` line at the left edge, with indented lines (or comments and blank lines) under it, no
    /// id twice and no anchors or aliases; nil for anything else (the file is then read whole).
    static func split(_ text: String, file: String) -> [String: Entry]? {
        var text = text
        // Over the text's own bytes, lines found with memchr: every render reads the vocabulary's index.
        return text.withUTF8 { bytes -> [String: Entry]? in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            let forbidden: [Int32] = [0x26, 0x2A, 0x09]  // & * tab
            if forbidden.contains(where: { memchr(base, $0, bytes.count) != nil }) { return nil }
            var entries: [String: Entry] = [:]
            var current: (id: String, start: Int, line: Int)?
            var lineStart = 0, line = 0
            func finish(at end: Int) {
                guard let open = current else { return }
                entries[open.id] = Entry(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[open.start..<end]), as: UTF8.self),
                                         lineOffset: open.line, file: file)
            }
            while lineStart < bytes.count {
                var lineEnd = bytes.count
                if let found = memchr(base + lineStart, 0x0A, bytes.count - lineStart) {
                    lineEnd = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                }
                let first = bytes[lineStart]
                if first == 0x0A || first == 0x23 {
                    // A blank line or a comment.
                } else if first == 0x20 {
                    if current == nil { return nil }
                } else {
                    // `id:` and nothing else on the line.
                    var keyEnd = lineStart
                    while keyEnd < lineEnd, bytes[keyEnd] != 0x3A { keyEnd += 1 }
                    guard keyEnd < lineEnd, bytes[(keyEnd + 1)..<lineEnd].allSatisfy({ $0 == 0x20 }) else { return nil }
                    let id = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<keyEnd]), as: UTF8.self)
                    guard Identifier.isKebabCase(id), entries[id] == nil, current?.id != id else { return nil }
                    finish(at: lineStart)
                    current = (id, lineStart, line)
                }
                lineStart = lineEnd + 1
                line += 1
            }
            finish(at: bytes.count)
            return entries.isEmpty ? nil : entries
        }
    }
}

extension Vocabulary {
    /// Reads a condition's or region's `red-flags:`: `general`, or a mapping with `emergency:` and/or
    /// `today:` lists. Nil (with a located diagnostic) when it is missing or malformed: a term whose
    /// warning signs were never reviewed must not silently fall back to the general list.
    static func readRedFlags(in fields: YAMLMapping, kind: Kind, reader: inout YAMLReader) -> RedFlags? {
        let shape = "`red-flags: general` (the general list is enough) or `red-flags:` with `emergency:` and `today:` lists"
        guard let value = fields["red-flags"] else {
            reader.missing("red-flags", in: fields,
                           hint: "every \(kind.singular) says which warning signs it adds: \(shape)")
            return nil
        }
        if value.isNull {
            reader.diagnostics.error(value.location, "'\(value.path)' is empty", hint: "write \(shape)")
            return nil
        }
        if case .scalar(let scalar) = value.node {
            if scalar.string.trimmed == "general" { return .general }
            var hint: Hint = "write \(shape)"
            if Suggestions.closest(to: scalar.string, in: ["general"]) != nil { hint = hint.prefixed("did you mean 'general'? ") }
            reader.diagnostics.error(value.location, "'\(value.path)' must be `general` or a mapping of `emergency:` and `today:` lists, found '\(value.shownValue)'",
                                     hint: hint)
            return nil
        }
        guard let levels = reader.mapping(value, known: ["emergency", "today"]) else { return nil }
        guard let emergency = reader.strings("emergency", in: levels, required: false),
              let today = reader.strings("today", in: levels, required: false) else { return nil }
        if emergency.isEmpty && today.isEmpty {
            reader.diagnostics.error(value.location, "'\(value.path)' lists no warning signs",
                                     hint: "add `emergency:` or `today:` lines, or write `red-flags: general` if the general list is enough")
            return nil
        }
        var failed = false
        let emergencyKeys = Set(emergency.map { RedFlagLevels.key($0.value) })
        for line in today where emergencyKeys.contains(RedFlagLevels.key(line.value)) {
            reader.diagnostics.error(line.location, "'\(line.value)' is under both `emergency:` and `today:` in '\(value.path)'",
                                     hint: "a warning sign has one level; keep it under `emergency:` if it may need emergency services")
            failed = true
        }
        return failed ? nil : .own(RedFlagLevels(emergency: emergency.map(\.value), today: today.map(\.value)))
    }
}

extension RedFlagLevels {
    /// Lines that differ only in case, spacing or a final full stop are the same warning sign.
    static func key(_ line: String) -> String {
        // ASCII lines (nearly all) by bytes: Character-level lowercasing and splitting cost ~100x more.
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(line.utf8.count)
            var space = false
            for byte in line.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    space = !out.isEmpty
                    continue
                }
                if space { out.append(0x20); space = false }
                out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            }
            while out.last == 0x2E { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
        var text = line.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while text.last == "." { text.removeLast() }
        return text
    }

    /// These levels followed by `more`'s, each line once (its first place wins), and never in
    /// `today` when it is also in `emergency`.
    func merged(with more: RedFlagLevels) -> RedFlagLevels {
        var seen = Set<String>()
        var result = RedFlagLevels()
        for line in emergency + more.emergency where seen.insert(Self.key(line)).inserted { result.emergency.append(line) }
        for line in today + more.today where seen.insert(Self.key(line)).inserted { result.today.append(line) }
        return result
    }
}

/// Rules for ids of exercises and vocabulary terms.
enum Identifier {
    /// `glute-bridge`: lower-case letters and digits in words joined by single hyphens.
    static func isKebabCase(_ id: String) -> Bool {
        guard !id.isEmpty, id.count <= 80 else { return false }
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}
