import Foundation

/// Released versions of exercises, read back from `Exercises/archive/` (pinned plans, reproducing).
extension ExerciseCatalogue {
    /// A released version of an exercise, from the archive (for plans that pin an older version).
    func archived(_ id: String, version: Int, at location: SourceLocation, into found: inout DiagnosticList) -> Exercise? {
        var lockDiagnostics = DiagnosticList()
        let lock = CatalogueLock.load(project, into: &lockDiagnostics)
        guard let hash = lock?.entry(id)?.released[String(version)] else {
            let known = lock?.entry(id)?.released.keys.compactMap(Int.init).sorted().map(String.init).joined(separator: ", ") ?? "none"
            found.error(location, "version \(version) of '\(id)' was never released", hint: "released versions: \(known)")
            return nil
        }
        return archived(id, sha256: hash, at: location, into: &found)
    }

    /// The archived text with this hash, parsed.
    func archived(_ id: String, sha256: String, at location: SourceLocation, into found: inout DiagnosticList) -> Exercise? {
        guard let (text, pictures) = CatalogueArchive.entry(for: sha256, in: project) else {
            found.error(location, "the archived text of '\(id)' (\(sha256.prefix(12))) is missing or damaged in \(CatalogueArchive.folder)/",
                        hint: "restore Exercises/archive/ from version control")
            return nil
        }
        var parsed = DiagnosticList()
        // A version archived with its pictures shows those; one released before pictures were
        // archived shows the catalogue's current files.
        let source = pictures.isEmpty ? PictureSource.files(project) : PictureSource.archived(pictures, project: project)
        guard let exercise = Exercise.parse(text, file: CatalogueArchive.path(for: sha256), expectedID: id, project: project,
                                           pictures: source, into: &parsed) else {
            found.append(contentsOf: parsed)
            return nil
        }
        return exercise
    }
}
