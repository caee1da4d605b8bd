import Foundation

/// Every diagnostic has a stable kind: a kebab-case name that `hep check --summary` counts and
/// `hep check --only KIND` selects. New checks pass `kind:` where they make the diagnostic; older
/// ones get theirs here, from the message, in one table, so a kind never depends on where a
/// message happens to be made. A message the table does not know is of kind `error`, `warning`
/// or `note` (its severity).
extension Diagnostic {
    /// Message fragments and the kind they mark, first match wins.
    static let kindsByMessage: [(fragment: String, kind: String)] = [
        ("not yet released", "not-released"),
        ("the catalogue has never been released", "never-released"),
        ("versions never go down", "versioning"),
        ("but its version is still", "versioning"),
        ("was released, but its file is gone", "versioning"),
        ("patient text reads at grade", "reading-grade"),
        ("; the dose line gives times, counts and sides", "dose-in-step"),
        ("'stop-if' line asks the patient a screening question", "stop-if-screening"),
        ("'stop-if' line tells the patient to carry on", "stop-if-carry-on"),
        ("the dose line then states two hold times", "two-hold-times"),
        ("placeholder not filled in", "placeholder"),
        ("has no picture", "picture"),
        ("is stale: it was not drawn", "picture"),
        ("lowers how many patients keep doing them", "too-many-exercises"),
        ("is hard to keep up at home", "too-many-minutes"),
        ("is not advised with", "contraindicated"),
        ("no exercise addresses the", "unaddressed-finding"),
        ("no exercise works on the", "unaddressed-finding"),
        ("side, but the", "wrong-side"),
        ("' releases the ", "contradicts-finding"),
        ("' lengthens the ", "contradicts-finding"),
        ("' activates the ", "contradicts-finding"),
        ("the note on '", "note-contradiction"),
        ("sets a pain limit of", "note-contradiction"),
        ("', but its dose", "note-contradiction"),
        ("out of 10 ('", "note-contradiction"),
        ("did the patient mean", "email-typo"),
        ("does not use {", "wording"),
        ("the handout will not show", "wording"),
        ("no exercise with id", "unknown-id"),
        ("is retired and replaced by", "retired"),
        ("has errors (see above) and cannot be used", "exercise-has-errors"),
    ]

    /// The kind of a diagnostic made without one.
    static func kind(of message: String, severity: Severity) -> String {
        kindsByMessage.first { contains(message, $0.fragment) }?.kind ?? severity.rawValue
    }

    /// True when `text` holds `fragment`, byte for byte. (Foundation's `contains` goes through
    /// NSString's locale-aware search, a fifth of a batch's warning making; the fragments are ASCII.)
    static func contains(_ text: String, _ fragment: String) -> Bool {
        var text = text, fragment = fragment
        return text.withUTF8 { haystack in
            fragment.withUTF8 { needle in
                guard !needle.isEmpty else { return true }
                guard haystack.count >= needle.count, let first = needle.first else { return false }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    guard let found = haystack[start...last].firstIndex(of: first) else { return false }
                    if memcmp(haystack.baseAddress! + found, needle.baseAddress!, needle.count) == 0 { return true }
                    start = found + 1
                }
                return false
            }
        }
    }
}

extension DiagnosticList {
    /// Only the diagnostics whose file starts with one of `filters` or whose kind is one of them
    /// (`Exercises/release/`, `reading-grade`); every diagnostic when `filters` is empty.
    public func only(_ filters: [String]) -> DiagnosticList {
        guard !filters.isEmpty else { return self }
        let wanted = filters.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
        var kept = DiagnosticList()
        kept.append(contentsOf: all.filter { diagnostic in
            wanted.contains { diagnostic.kind == $0 || (!$0.isEmpty && diagnostic.file.hasPrefix($0)) }
        })
        return kept
    }

    /// How many of each kind, per severity, most frequent first (then by kind), counting each
    /// printed diagnostic once.
    public var countsByKind: [(severity: Diagnostic.Severity, total: Int, kinds: [(kind: String, count: Int)])] {
        let printed = sorted
        return [Diagnostic.Severity.error, .warning, .note].compactMap { severity in
            let matching = printed.filter { $0.severity == severity }
            guard !matching.isEmpty else { return nil }
            let counts = Dictionary(grouping: matching, by: \.kind).map { (kind: $0.key, count: $0.value.count) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.kind < $1.kind }
            return (severity, matching.count, counts)
        }
    }
}

extension DiagnosticList {
    /// Sorted, without exact repeats, with two or more new exercises' "not yet released" warnings
    /// as one line (what `hep check` prints).
    public var sortedGroupingNewExercises: [Diagnostic] { CatalogueVersioning.groupingNewExercises(sorted) }
}
