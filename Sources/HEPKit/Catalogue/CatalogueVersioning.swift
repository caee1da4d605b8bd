/// The rules that keep issued handouts reproducible: every change to an exercise is a new version
/// with a changelog entry, versions never go down, ids never disappear.
enum CatalogueVersioning {
    /// How the warning about one new exercise ends, after its quoted id.
    static let newMessageEnd = "is new and not yet released"

    /// How many ids a grouped warning names before "and N more".
    static let idsNamed = 10

    /// `diagnostics` sorted, with two or more "is new and not yet released" warnings replaced by
    /// one at `Exercises/` naming the exercises: a catalogue import or a first session of writing
    /// adds many at once, and one line says it all.
    static func groupingNewExercises(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        func isNew(_ diagnostic: Diagnostic) -> Bool {
            diagnostic.kind == "not-released" && diagnostic.message.hasSuffix("' \(newMessageEnd)")
        }
        let new = diagnostics.filter(isNew)
        guard new.count >= 2 else { return diagnostics }
        let ids = new.map { String($0.message.dropFirst().dropLast(newMessageEnd.count + 2)) }.sorted()
        let named = ids.prefix(idsNamed).joined(separator: ", ") + (ids.count > idsNamed ? " and \(ids.count - idsNamed) more" : "")
        let grouped = Diagnostic.warning(SourceLocation(file: "Exercises/"), "\(ids.count) new exercises are not yet released: \(named)",
                                         hint: "run \(.releaseCatalogue(note: nil)) to record them in \(CatalogueLock.path)", kind: "not-released")
        return (diagnostics.filter { !isNew($0) } + [grouped]).sorted()
    }

    static func check(_ catalogue: ExerciseCatalogue, lock: CatalogueLock?, into diagnostics: inout DiagnosticList) {
        guard let lock else {
            if !catalogue.ids.isEmpty {
                diagnostics.warning(SourceLocation(file: CatalogueLock.path), "the catalogue has never been released",
                                    hint: "run \(.releaseCatalogue(note: "First release.")) to record versions, so handouts can be reproduced")
            }
            return
        }
        for exercise in catalogue.loaded {
            guard let entry = lock.entry(exercise.id) else {
                diagnostics.warning(exercise.versionLocation, "'\(exercise.id)' \(newMessageEnd)",
                                    hint: "run \(.releaseCatalogue(note: nil)) to record it in \(CatalogueLock.path)", kind: "not-released")
                continue
            }
            if exercise.version < entry.version {
                diagnostics.error(exercise.versionLocation,
                                  "'\(exercise.id)' is at version \(exercise.version), but version \(entry.version) was already released; versions never go down",
                                  hint: "set `version: \(entry.version + 1)` and describe the change in the changelog, or restore the released text")
            } else if exercise.version == entry.version && exercise.contentHash != entry.sha256 {
                diagnostics.error(exercise.versionLocation,
                                  "'\(exercise.id)' changed since version \(entry.version) was released, but its version is still \(entry.version)",
                                  hint: "run \(.releaseCatalogue(note: "what changed")) (add \(.markSafety) for a safety change) to make it version \(entry.version + 1)")
            } else if exercise.version > entry.version {
                diagnostics.warning(exercise.versionLocation, "'\(exercise.id)' version \(exercise.version) is not yet released",
                                    hint: "run \(.releaseCatalogue(note: nil)) to record it")
            }
        }
        for id in lock.exercises.keys.sorted() where catalogue.files[id] == nil {
            let version = lock.entry(id)?.version ?? 0
            diagnostics.error(SourceLocation(file: CatalogueLock.path, line: CatalogueLock.line(of: id, in: catalogue.project), column: 1),
                              "exercise '\(id)' (version \(version)) was released, but its file is gone",
                              hint: "ids are never deleted: restore the file and retire it with `retired: true` and `replaced-by: NEW-ID`")
        }
    }
}
