import Foundation

/// One exercise as the practitioner and the editor read it: everything `hep exercises show`
/// prints, as typed values (vocabulary names resolved), plus the versions that can be compared.
/// What `hep exercises show` and the web app's exercise page call.
public struct ExerciseDetails: Sendable {
    /// A vocabulary id with its name (nil when the id is not in the vocabulary).
    public struct Term: Sendable, Hashable {
        public var id: String
        public var name: String?
        /// Plain words for the patient, when the vocabulary gives them.
        public var plain: String?
    }

    public var exercise: Exercise
    /// The reading grade of the patient text.
    public var grade: ReadingGrade
    public var regions: [Term]
    public var targets: [Term]
    public var conditions: [Term]
    public var equipment: [Term]
    public var contraindications: [Term]
    /// The released versions kept in the archive, oldest first (empty when never released).
    public var releasedVersions: [Int]
    /// The version last released, if any.
    public var releasedVersion: Int?
    /// True when the file differs from its last released text (a release will record it).
    public var changedSinceRelease: Bool

    /// The exercise `id` of `catalogue` in full; nil (with the reason in `diagnostics`) when it is
    /// unknown or has errors.
    public static func load(_ id: String, in catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) -> ExerciseDetails? {
        guard let details = CatalogueQueries.show(id, in: catalogue, into: &diagnostics) else { return nil }
        let exercise = details.exercise
        let vocabulary = catalogue.vocabulary
        func terms(_ kind: Vocabulary.Kind, _ ids: [String]) -> [Term] {
            ids.map { id in
                let term = vocabulary.term(kind, id)
                return Term(id: id, name: term?.name, plain: term?.plain)
            }
        }
        var ignored = DiagnosticList()
        let entry = CatalogueLock.load(catalogue.project, into: &ignored)?.entry(id)
        let versions = (entry?.released.keys.compactMap(Int.init) ?? []).sorted()
        return ExerciseDetails(
            exercise: exercise, grade: details.grade,
            regions: terms(.regions, exercise.regionIDs), targets: terms(.muscles, exercise.targetIDs),
            conditions: terms(.conditions, exercise.conditionIDs), equipment: terms(.equipment, exercise.equipmentIDs),
            contraindications: terms(.conditions, exercise.contraindications.map(\.value)),
            releasedVersions: versions, releasedVersion: entry?.version,
            changedSinceRelease: entry.map { $0.sha256 != exercise.contentHash || $0.version != exercise.version } ?? true)
    }
}

extension CatalogueQueries {
    /// `list(_:filter:into:)` with two more filters the desk offers: the equipment an exercise uses
    /// (a vocabulary id) and its review state (`draft`, or `reviewed` for every exercise that is
    /// not a draft).
    public static func list(_ catalogue: ExerciseCatalogue, filter: Filter, equipment: String?, status: ExerciseStatus?,
                            into diagnostics: inout DiagnosticList) async -> [Exercise] {
        await list(catalogue, filter: filter, into: &diagnostics).filter { exercise in
            (equipment == nil || exercise.equipmentIDs.contains(equipment!))
                && (status == nil || (status == .draft) == exercise.isDraft)
        }
    }
}
