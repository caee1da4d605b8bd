import Foundation

/// Importing exercises from outside: free-exercise-db's JSON or a spreadsheet's CSV, with a
/// mapping of outside terms to vocabulary ids. What `hep catalogue import` calls.
///
/// Every row is read and checked first; if anything is an error nothing is written. Otherwise
/// each row becomes `Exercises/<phase>/<id>.md` with `status: draft`, its `source:` and `licence:`,
/// and `TODO` placeholders for what the source lacks, so `hep check` fails until an editor has
/// filled them in. Unmapped terms are warnings (one per distinct term), left as `TODO` comments.
public enum CatalogueImport {
    /// The formats read.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// free-exercise-db's `exercises.json`: a list of objects.
        case freeExerciseDB = "json"
        /// A spreadsheet exported as CSV, with the documented columns.
        case csv
    }

    /// One exercise the import writes (or would write).
    public struct Imported: Sendable, Hashable {
        /// The new exercise's id.
        public var id: String
        /// Its file, relative to the project.
        public var file: String
        /// Where it came from (`free-exercise-db: Barbell_Squat`).
        public var source: String
    }

    /// What an import did.
    public struct Report: Sendable {
        /// The exercises, in the source's order; written only when `diagnostics` has no error.
        public var imported: [Imported] = []
        /// Distinct outside terms no mapping covered.
        public var unmappedTerms = 0
        /// Every problem.
        public var diagnostics = DiagnosticList()
        /// Whether the files were written.
        public var wrote = false
    }

    /// Largest file imported: free-exercise-db's whole `exercises.json` is about 1.2 MB, over the
    /// 1 MB every hand-edited project file is held to.
    public static let maximumBytes = 20_000_000

    /// Imports `file` into `project`. `phase` (from `--phase`) overrides every row's phase. A file
    /// outside the project is named in diagnostics as `shownAs` (the path as the user gave it).
    public static func run(file: URL, shownAs: String? = nil, mapping mappingFile: URL?, mappingShownAs: String? = nil,
                           phase: Phase?, project: Project, date: CalendarDate) -> Report {
        func display(_ url: URL, _ given: String?) -> String {
            let relative = project.displayPath(of: url)
            return relative == url.standardizedFileURL.path ? (given ?? relative) : relative
        }
        var report = Report()
        guard project.hasExercisesFolder(into: &report.diagnostics) else { return report }
        let vocabulary = Vocabulary.load(from: project, into: &report.diagnostics)
        let catalogue = ExerciseCatalogue.open(project, into: &report.diagnostics)
        let shown = display(file, shownAs)
        guard let format = Format(rawValue: file.pathExtension.lowercased()) else {
            report.diagnostics.error(SourceLocation(file: shown), "cannot tell the format of '\(file.lastPathComponent)'",
                                     hint: "hep imports free-exercise-db's JSON (a .json file) or a spreadsheet saved as CSV (a .csv file)")
            return report
        }
        var mapping = ImportMapping()
        if let mappingFile {
            let mappingShown = display(mappingFile, mappingShownAs)
            guard let text = TextFile.read(mappingFile, shownAs: mappingShown, into: &report.diagnostics),
                  let loaded = ImportMapping.load(text, file: mappingShown, vocabulary: vocabulary, into: &report.diagnostics) else { return report }
            mapping = loaded
        }
        guard let text = TextFile.read(file, shownAs: shown, into: &report.diagnostics, limit: maximumBytes) else { return report }
        let rows = switch format {
        case .freeExerciseDB: ImportRow.rows(json: text, file: shown, into: &report.diagnostics)
        case .csv: ImportRow.rows(csv: text, file: shown, into: &report.diagnostics)
        }
        guard let rows, !report.diagnostics.hasErrors else { return report }
        if rows.isEmpty {
            report.diagnostics.error(SourceLocation(file: shown, line: 1, column: 1), "the file has no exercises")
            return report
        }
        let sourceName = mapping.source ?? (format == .freeExerciseDB ? "free-exercise-db" : file.lastPathComponent)

        var taken = Set(catalogue.files.keys)
        var unmapped: [String: (kind: Vocabulary.Kind, term: String, location: SourceLocation)] = [:]
        var drafts: [(Imported, String)] = []
        for (number, row) in rows.enumerated() {
            let idLocation = row.sourceID?.location ?? row.title.location
            let base = ImportID.kebab(row.sourceID?.value ?? row.title.value).nonEmpty ?? ImportID.kebab(row.title.value).nonEmpty ?? "exercise-\(number + 1)"
            var id = base
            var suffix = 1
            while taken.contains(id) {
                suffix += 1
                id = "\(base)-\(suffix)"
            }
            if id != base {
                let holder = catalogue.files[base].map { "by \($0)" } ?? "by an earlier row"
                report.diagnostics.warning(idLocation, "id '\(base)' is taken \(holder); imported as '\(id)'",
                                           hint: "ids are unique and never renamed once released: change it now if another name fits better")
            }
            taken.insert(id)

            var rowPhase = phase
            if rowPhase == nil, let given = row.phase {
                rowPhase = Phase(rawValue: given.value.lowercased())
                if rowPhase == nil {
                    var hint: Hint = "use one of: \(Phase.allCases.map(\.rawValue).joined(separator: ", "))"
                    if let close = Suggestions.closest(to: given.value, in: Phase.allCases.map(\.rawValue)) { hint = hint.prefixed("did you mean '\(close)'? ") }
                    report.diagnostics.error(given.location, "unknown phase '\(given.value)'", hint: hint)
                    continue
                }
            }
            rowPhase = rowPhase ?? row.categories.lazy.compactMap { mapping.phases[$0.value.trimmed.lowercased()] }.first ?? mapping.phase
            guard let rowPhase else {
                let categories = row.categories.map { "'\($0.value)'" }.joined(separator: ", ")
                report.diagnostics.error(row.title.location, "no phase for '\(row.title.value)'",
                                         hint: "give --phase, a `phase:` in the mapping file\(categories.isEmpty ? "" : ", or map \(categories) under `phases:`")\(format == .csv ? ", or fill in the phase column" : "")")
                continue
            }

            var mapped: [Vocabulary.Kind: [String]] = [:]
            var todo: [Vocabulary.Kind: [String]] = [:]
            for (kind, terms) in [(Vocabulary.Kind.regions, row.regions), (.muscles, row.muscles), (.equipment, row.equipment)] {
                for term in terms {
                    if let ids = mapping.ids(for: term.value, kind: kind, vocabulary: vocabulary) {
                        for id in ids where !(mapped[kind] ?? []).contains(id) { mapped[kind, default: []].append(id) }
                    } else {
                        let key = "\(kind.rawValue)/\(term.value.trimmed.lowercased())"
                        if unmapped[key] == nil { unmapped[key] = (kind, term.value.trimmed, term.location) }
                        if !(todo[kind] ?? []).contains(term.value.trimmed) { todo[kind, default: []].append(term.value.trimmed) }
                    }
                }
            }
            let source = row.source ?? "\(sourceName): \(row.sourceID?.value ?? row.title.value)"
            let draft = ImportDraft(id: id, title: row.title.value, purpose: row.purpose, phase: rowPhase, mapped: mapped, unmapped: todo,
                                    steps: ImportDraft.cleanSteps(row.steps), source: source, licence: row.licence ?? mapping.licence,
                                    date: date)
            drafts.append((Imported(id: id, file: "Exercises/\(rowPhase.rawValue)/\(id).md", source: source), draft.text))
        }
        let mappingName = mappingFile.map { display($0, mappingShownAs) }
        for entry in unmapped.sorted(by: { $0.key < $1.key }).map(\.value) {
            var hint: Hint = mappingName.map { "add `\(entry.term.lowercased()): ID` under `\(entry.kind.rawValue):` in \($0)" }
                ?? "pass --mapping FILE with `\(entry.term.lowercased()): ID` under `\(entry.kind.rawValue):`"
            hint = "\(hint) (an id from Exercises/vocabulary/\(entry.kind.rawValue).yaml, or [] for none)"
            if let close = Suggestions.closest(to: ImportID.kebab(entry.term), in: vocabulary.ids(entry.kind)) { hint = hint.prefixed("did you mean '\(close)'? ") }
            report.diagnostics.warning(entry.location, "unmapped \(entry.kind.singular) '\(entry.term)'", hint: hint)
        }
        report.unmappedTerms = unmapped.count
        report.imported = drafts.map(\.0)
        guard !report.diagnostics.hasErrors else { return report }

        for (imported, text) in drafts {
            let url = project.url(imported.file)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                report.diagnostics.error(SourceLocation(file: imported.file), "cannot write the imported exercise: \(error.localizedDescription)")
                return report
            }
        }
        report.wrote = true
        return report
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
