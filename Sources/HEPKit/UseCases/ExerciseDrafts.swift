import Foundation

/// The catalogue editor's drafts: a new exercise from the skeleton, and what changed between two
/// versions of one. What `hep exercises new|diff` and the web app's catalogue pages call.
public enum ExerciseDrafts {
    /// Writes `Exercises/<phase>/<id>.md` from `Templates/exercise-skeleton.md`; every `TODO` in it
    /// fails the check until replaced. Returns the file written (relative to the project), or nil.
    public static func new(id: String, phase: Phase, project: Project, date: CalendarDate,
                           into diagnostics: inout DiagnosticList) -> String? {
        guard Identifier.isKebabCase(id) else {
            diagnostics.error(SourceLocation(file: "Exercises/\(phase.rawValue)/"), "'\(id)' is not a valid id",
                              hint: "use lower-case words joined by '-', e.g. wall-sit")
            return nil
        }
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        if let existing = catalogue.files[id] {
            diagnostics.error(SourceLocation(file: existing), "exercise '\(id)' already exists", hint: "ids are unique; pick another id or edit this file")
            return nil
        }
        guard let skeleton = project.readText("Templates/exercise-skeleton.md", into: &diagnostics, required: true) else { return nil }
        let text = skeleton.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{phase}", with: phase.rawValue)
            .replacingOccurrences(of: "{date}", with: date.description)
        let relative = "Exercises/\(phase.rawValue)/\(id).md"
        let url = project.url(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            diagnostics.error(SourceLocation(file: relative), "cannot write the new exercise: \(error.localizedDescription)")
            return nil
        }
        return relative
    }

    /// Two texts of one exercise and their line diff.
    public struct Comparison: Sendable, Hashable {
        /// "glute-bridge v2", or the file with "(now)".
        public var before: String
        public var after: String
        /// Removed and added lines, removals first within each change.
        public var lines: [LineDiff.Line]
    }

    /// A line diff between two released versions of an exercise (default: the last release and the
    /// file as it is now).
    public static func diff(id: String, from old: Int?, to new: Int?, project: Project,
                            into diagnostics: inout DiagnosticList) -> Comparison? {
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        guard let path = catalogue.files[id] else {
            diagnostics.error(SourceLocation(file: "Exercises/"), "no exercise with id '\(id)' in Exercises/", hint: catalogue.hint(forUnknown: id))
            return nil
        }
        let lock = CatalogueLock.load(project, into: &diagnostics)
        let entry = lock?.entry(id)
        func text(of version: Int?) -> (label: String, text: String)? {
            guard let version else {
                return (path + " (now)", project.readText(path, into: &diagnostics, required: true) ?? "")
            }
            guard let hash = entry?.released[String(version)], let text = CatalogueArchive.text(for: hash, in: project) else {
                let known = entry?.released.keys.compactMap(Int.init).sorted().map(String.init).joined(separator: ", ") ?? "none"
                diagnostics.error(SourceLocation(file: CatalogueLock.path), "version \(version) of '\(id)' is not in the archive",
                                  hint: "released versions: \(known)")
                return nil
            }
            return ("\(id) v\(version)", text)
        }
        let start = diagnostics.all.count
        let from = old ?? entry?.version
        guard let from, let before = text(of: from), let after = text(of: new) else {
            if diagnostics.all.count == start {
                diagnostics.error(SourceLocation(file: CatalogueLock.path), "'\(id)' has never been released, so there is nothing to compare",
                                  hint: "run \(.releaseCatalogue(note: nil)) first")
            }
            return nil
        }
        return Comparison(before: before.label, after: after.label, lines: LineDiff.diff(before.text, after.text))
    }
}
