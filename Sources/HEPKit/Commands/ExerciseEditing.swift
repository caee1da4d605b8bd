import Foundation

/// `hep exercises new` and `hep exercises diff`: the catalogue editor's workflow.
public enum ExerciseEditing {
    /// Writes `Exercises/<phase>/<id>.md` from `Templates/exercise-skeleton.md`; every `TODO` in it
    /// fails `hep check` until replaced.
    public static func new(id: String, phase: Phase, project: Project, date: CalendarDate) -> CommandResult {
        var result = CommandResult()
        guard Identifier.isKebabCase(id) else {
            result.diagnostics.error(SourceLocation(file: id), "'\(id)' is not a valid id", hint: "use lower-case words joined by '-', e.g. wall-sit")
            result.exitCode = 1
            return result
        }
        let catalogue = ExerciseCatalogue.open(project, into: &result.diagnostics)
        if let existing = catalogue.files[id] {
            result.diagnostics.error(SourceLocation(file: existing), "exercise '\(id)' already exists", hint: "ids are unique; pick another id or edit this file")
            result.exitCode = 1
            return result
        }
        guard let skeleton = project.readText("Templates/exercise-skeleton.md", into: &result.diagnostics, required: true) else {
            result.exitCode = 1
            return result
        }
        let text = skeleton.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{phase}", with: phase.rawValue)
            .replacingOccurrences(of: "{date}", with: date.description)
        let relative = "Exercises/\(phase.rawValue)/\(id).md"
        let url = project.url(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            result.diagnostics.error(SourceLocation(file: relative), "cannot write the new exercise: \(error.localizedDescription)")
            result.exitCode = 1
            return result
        }
        result.output.append("Wrote \(relative). Fill in every TODO, then run `hep check`.")
        return result
    }

    /// A line diff between two released versions of an exercise (default: the last release and the
    /// file as it is now).
    public static func diff(id: String, from old: Int?, to new: Int?, project: Project) -> CommandResult {
        var result = CommandResult()
        let catalogue = ExerciseCatalogue.open(project, into: &result.diagnostics)
        guard let path = catalogue.files[id] else {
            result.diagnostics.error(SourceLocation(file: "Exercises"), "no exercise with id '\(id)' in Exercises/", hint: catalogue.hint(forUnknown: id))
            result.exitCode = 1
            return result
        }
        let lock = CatalogueLock.load(project, into: &result.diagnostics)
        let entry = lock?.entry(id)
        func text(of version: Int?) -> (label: String, text: String)? {
            guard let version else {
                return (path + " (now)", project.readText(path, into: &result.diagnostics, required: true) ?? "")
            }
            guard let hash = entry?.released[String(version)], let text = CatalogueArchive.text(for: hash, in: project) else {
                let known = entry?.released.keys.compactMap(Int.init).sorted().map(String.init).joined(separator: ", ") ?? "none"
                result.diagnostics.error(SourceLocation(file: CatalogueLock.path), "version \(version) of '\(id)' is not in the archive",
                                         hint: "released versions: \(known)")
                return nil
            }
            return ("\(id) v\(version)", text)
        }
        let from = old ?? entry?.version
        guard let from, let before = text(of: from), let after = text(of: new) else {
            if result.diagnostics.all.isEmpty {
                result.diagnostics.error(SourceLocation(file: CatalogueLock.path), "'\(id)' has never been released, so there is nothing to compare",
                                         hint: "run `hep catalogue release` first")
            }
            result.exitCode = 1
            return result
        }
        result.output.append("--- \(before.label)")
        result.output.append("+++ \(after.label)")
        let lines = LineDiff.diff(before.text, after.text)
        result.output += lines.isEmpty ? ["(no differences)"] : lines
        return result
    }
}

/// A small line diff (longest common subsequence): exercise files are a few dozen lines.
enum LineDiff {
    static func diff(_ a: String, _ b: String) -> [String] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [String] = []
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if i < x.count, j < y.count, x[i] == y[j] {
                i += 1; j += 1
            } else if j < y.count, i == x.count || table[i][j + 1] >= table[i + 1][j] {
                lines.append("\(j + 1): +\(y[j])"); j += 1
            } else {
                lines.append("\(i + 1): -\(x[i])"); i += 1
            }
        }
        return lines
    }
}
