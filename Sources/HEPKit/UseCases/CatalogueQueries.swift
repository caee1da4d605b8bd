import Foundation

/// Browsing the catalogue: list with filters, one exercise in full, reading grades. What
/// `hep exercises list|show|grades` and the web app's catalogue pages call.
public enum CatalogueQueries {
    /// Filters for listing exercises; every given filter must match.
    public struct Filter: Sendable {
        public var phase: Phase?
        /// Region, muscle and condition vocabulary ids.
        public var region: String?
        public var target: String?
        public var condition: String?
        /// Text the id, title or purpose contains (any case).
        public var search: String?

        /// No filter.
        public init(phase: Phase? = nil, region: String? = nil, target: String? = nil, condition: String? = nil, search: String? = nil) {
            self.phase = phase
            self.region = region
            self.target = target
            self.condition = condition
            self.search = search
        }
    }

    /// A filter value that names no vocabulary term.
    public struct UnknownTerm: Sendable, Hashable {
        /// Which list it should be in.
        public var kind: Vocabulary.Kind
        public var value: String
        /// The closest known id.
        public var closest: String?
    }

    /// The filter's vocabulary ids that are not in the vocabulary (empty when all are known).
    public static func unknownTerms(in filter: Filter, vocabulary: Vocabulary) -> [UnknownTerm] {
        [(Vocabulary.Kind.regions, filter.region), (.muscles, filter.target), (.conditions, filter.condition)].compactMap { kind, value in
            guard let value, vocabulary.term(kind, value) == nil else { return nil }
            return UnknownTerm(kind: kind, value: value, closest: Suggestions.closest(to: value, in: vocabulary.ids(kind)))
        }
    }

    /// Every parsed exercise matching `filter`, by id; files with errors are left out (their
    /// problems are in `diagnostics`).
    public static func list(_ catalogue: ExerciseCatalogue, filter: Filter, into diagnostics: inout DiagnosticList) async -> [Exercise] {
        await catalogue.loadAll(into: &diagnostics)
        let search = filter.search?.lowercased()
        return catalogue.loaded.filter { exercise in
            (filter.phase == nil || exercise.phase == filter.phase)
                && (filter.region == nil || exercise.regionIDs.contains(filter.region!))
                && (filter.target == nil || exercise.targetIDs.contains(filter.target!))
                && (filter.condition == nil || exercise.conditionIDs.contains(filter.condition!))
                && (search == nil || [exercise.id, exercise.title, exercise.purpose].contains { $0.lowercased().contains(search!) })
        }
    }

    /// One exercise with its reading grade.
    public struct Details: Sendable {
        public var exercise: Exercise
        public var grade: ReadingGrade
    }

    /// Everything about one exercise (precautions included: for practitioners and editors).
    public static func show(_ id: String, in catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) -> Details? {
        guard catalogue.files[id] != nil else {
            diagnostics.error(SourceLocation(file: "Exercises/"), "no exercise with id '\(id)' in Exercises/", hint: catalogue.hint(forUnknown: id))
            return nil
        }
        guard let exercise = catalogue.load(id, into: &diagnostics) else { return nil }
        return Details(exercise: exercise, grade: ReadingGrade.score(exercise.patientText))
    }

    /// Reading grades of the whole catalogue.
    public struct Grades: Sendable {
        /// Each exercise with its grade, hardest first (then by id).
        public var scored: [(exercise: Exercise, grade: ReadingGrade)]
        /// The catalogue's median grade.
        public var median: Double
    }

    /// Every exercise's reading grade, hardest first, and the catalogue's median.
    public static func grades(_ catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) async -> Grades {
        await catalogue.loadAll(into: &diagnostics)
        let scored = catalogue.loaded.map { ($0, ReadingGrade.score($0.patientText)) }
            .sorted { $0.1.grade != $1.1.grade ? $0.1.grade > $1.1.grade : $0.0.id < $1.0.id }
        return Grades(scored: scored.map { (exercise: $0.0, grade: $0.1) }, median: ReadingGrade.median(scored.map(\.1.grade)))
    }
}
