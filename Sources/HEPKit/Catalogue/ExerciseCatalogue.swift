import Foundation
import Synchronization

/// The exercise catalogue under `Exercises/`: an index of files by id, and the exercises parsed from them.
///
/// Building the index only lists folders; exercises are parsed on demand, so rendering one plan reads
/// only the exercises it uses however large the catalogue is.
public struct ExerciseCatalogue: Sendable {
    /// The project the catalogue belongs to.
    public let project: Project
    /// The plain-language vocabulary.
    public let vocabulary: Vocabulary
    /// Exercise file path (relative to the project root) by id: the first in path order when an id
    /// is duplicated (which is an error).
    public let files: [String: String]
    /// Exercises checked against this index and vocabulary so far (shared by copies of this catalogue).
    let memo = ExerciseMemo()
    /// Parsed exercise files, keyed by their content: shared with later snapshots of the project.
    let parsed: ExerciseCache
    /// The pictures folder as it was when the catalogue was opened (part of each parse's key).
    let picturesStamp: String

    /// Lists the catalogue and loads the vocabulary; adds diagnostics for duplicate ids.
    public static func open(_ project: Project, into diagnostics: inout DiagnosticList) -> ExerciseCatalogue {
        open(project, cache: .none, into: &diagnostics)
    }

    /// Opens the catalogue reusing parses of unchanged files from `cache`; `lazyVocabulary` reads
    /// vocabulary terms when exercises and plans name them (`Vocabulary.load(lazily:)`).
    static func open(_ project: Project, cache: ExerciseCache, lazyVocabulary: Bool = false,
                     into diagnostics: inout DiagnosticList) -> ExerciseCatalogue {
        let vocabulary = Vocabulary.load(from: project, lazily: lazyVocabulary, into: &diagnostics)
        var files: [String: String] = [:]
        var duplicates: [String: [String]] = [:]
        if let listing = DirectoryListing.files(under: project.url("Exercises").path, skipping: ["vocabulary", "archive", "images"]) {
            files.reserveCapacity(listing.count)
            for relative in listing where relative.hasSuffix(".md") && !relative.hasSuffix("README.md") {
                let name = relative.split(separator: "/").last.map(String.init) ?? relative
                let id = String(name.dropLast(3)), path = "Exercises/" + relative
                if let first = files[id] {
                    duplicates[id, default: [first]].append(path)
                } else {
                    files[id] = path
                }
            }
        } else {
            diagnostics.error(SourceLocation(file: "Exercises/"), "the Exercises/ folder is missing",
                              hint: "run hep from the project folder (the one holding Exercises/ and Templates/), or pass --project DIR")
        }
        for (id, paths) in duplicates {
            let sorted = paths.sorted()
            files[id] = sorted[0]
            for path in sorted.dropFirst() {
                diagnostics.error(SourceLocation(file: path, line: 1, column: 1),
                                  "duplicate exercise id '\(id)': \(sorted[0]) has the same id",
                                  hint: "ids are unique across all folders; give one of them a new id")
            }
        }
        return ExerciseCatalogue(project: project, vocabulary: vocabulary, files: files, parsed: cache,
                                 picturesStamp: FileStamp.folder(project.url("Exercises/images")))
    }

    /// Every id in the catalogue, sorted.
    public var ids: [String] { files.keys.sorted() }

    /// Parses the exercise `id` (once), checking its vocabulary references; nil when it has errors.
    public func load(_ id: String, into diagnostics: inout DiagnosticList) -> Exercise? {
        if let (exercise, found) = memo.entry(id) {
            diagnostics.append(contentsOf: found)
            return exercise
        }
        guard let path = files[id] else { return nil }
        var found = DiagnosticList()
        let text = TextFile.read(project.url(path), shownAs: path, into: &found)
        let hasTODO = text.map(CatalogueChecks.hasTODO)
        guard let text, let exercise = parsed.exercise(path: path, text: text, stamp: picturesStamp, into: &found, parse: { diagnostics in
                  Exercise.parse(text, file: path, expectedID: id, project: project, into: &diagnostics)
              }) else {
            diagnostics.append(contentsOf: found)
            memo.store(id, nil, found.all, hasTODO: hasTODO)
            return nil
        }
        // Problems in the vocabulary's own lines of the terms named (read lazily) stop the render but
        // leave the exercise usable: they are the vocabulary's.
        var termProblems = DiagnosticList()
        for (kind, ids) in [(Vocabulary.Kind.muscles, exercise.targets), (.regions, exercise.regions),
                            (.conditions, exercise.conditions), (.equipment, exercise.equipment),
                            (.conditions, exercise.contraindications)] {
            for id in ids { vocabulary.resolve(id, as: kind, into: &found, termProblems: &termProblems) }
        }
        for link in exercise.easier + exercise.harder where files[link.value] == nil {
            found.error(link.location, "no exercise with id '\(link.value)' in Exercises/",
                        hint: hint(forUnknown: link.value))
        }
        if let replacement = exercise.replacedBy, files[replacement.value] == nil {
            found.error(replacement.location, "no exercise with id '\(replacement.value)' in Exercises/", hint: hint(forUnknown: replacement.value))
        }
        for link in exercise.easier + exercise.harder where link.value == id {
            found.error(link.location, "an exercise cannot be its own easier or harder version")
        }
        if let entry = exercise.changelog.last, entry.version != exercise.version,
           !exercise.changelog.contains(where: { $0.version == exercise.version }) {
            found.error(SourceLocation(file: path, line: 1, column: 1),
                        "version \(exercise.version) has no changelog entry",
                        hint: "add a changelog entry with `version: \(exercise.version)` describing the change")
        }
        let result = found.hasErrors ? nil : exercise
        found.append(contentsOf: termProblems)
        diagnostics.append(contentsOf: found)
        memo.store(id, result, found.all, hasTODO: hasTODO)
        return result
    }

    /// Parses every exercise (for `hep check` and browsing).
    public func loadAll(into diagnostics: inout DiagnosticList) async {
        let ids = ids
        let found = await ParallelMap.run(ids.count) { index -> [Diagnostic] in
            var local = DiagnosticList()
            _ = load(ids[index], into: &local)
            return local.all
        }
        for list in found { diagnostics.append(contentsOf: list) }
    }

    /// "did you mean ...?" for an unknown exercise id.
    public func hint(forUnknown id: String) -> Hint {
        var hint: Hint = "\(.listExercises) shows every id."
        if let close = Suggestions.closest(to: id, in: files.keys) { hint = hint.prefixed("did you mean '\(close)'? ") }
        return hint
    }

    /// Every parsed exercise, sorted by id.
    public var loaded: [Exercise] { memo.all.sorted { $0.id < $1.id } }
}
