import Foundation

/// `hep exercises list|show|grades`: browsing the catalogue.
public enum ExercisesCommand {
    /// Filters for `hep exercises list`.
    public struct Filter: Sendable {
        public var phase: String?
        public var region: String?
        public var target: String?
        public var condition: String?
        public var search: String?

        /// No filter.
        public init(phase: String? = nil, region: String? = nil, target: String? = nil, condition: String? = nil, search: String? = nil) {
            self.phase = phase
            self.region = region
            self.target = target
            self.condition = condition
            self.search = search
        }
    }

    static func loadCatalogue(_ project: Project, into result: inout CommandResult) -> ExerciseCatalogue {
        let catalogue = ExerciseCatalogue.open(project, into: &result.diagnostics)
        catalogue.loadAll(into: &result.diagnostics)
        return catalogue
    }

    /// One line per matching exercise: `id  phase  title`.
    public static func list(project: Project, filter: Filter) -> CommandResult {
        var result = CommandResult()
        if let phase = filter.phase, Phase(rawValue: phase) == nil {
            let allowed = Phase.allCases.map(\.rawValue)
            var hint = "phases: \(allowed.joined(separator: ", "))"
            if let close = Suggestions.closest(to: phase, in: allowed) { hint = "did you mean '\(close)'? " + hint }
            result.diagnostics.error(SourceLocation(file: "--phase"), "unknown phase '\(phase)'", hint: hint)
            result.exitCode = 1
            return result
        }
        let catalogue = loadCatalogue(project, into: &result)
        let vocabulary = catalogue.vocabulary
        for (kind, value, flag) in [(Vocabulary.Kind.regions, filter.region, "--region"), (.muscles, filter.target, "--target"),
                                    (.conditions, filter.condition, "--condition")] {
            if let value, vocabulary.term(kind, value) == nil {
                vocabulary.resolve(Located(value, at: SourceLocation(file: flag)), as: kind, into: &result.diagnostics)
            }
        }
        let search = filter.search?.lowercased()
        let matches = catalogue.loaded.filter { exercise in
            (filter.phase == nil || exercise.phase.rawValue == filter.phase)
                && (filter.region == nil || exercise.regionIDs.contains(filter.region!))
                && (filter.target == nil || exercise.targetIDs.contains(filter.target!))
                && (filter.condition == nil || exercise.conditionIDs.contains(filter.condition!))
                && (search == nil || [exercise.id, exercise.title, exercise.purpose].contains { $0.lowercased().contains(search!) })
        }
        let idWidth = matches.map(\.id.count).max() ?? 0
        let phaseWidth = matches.map(\.phase.rawValue.count).max() ?? 0
        for exercise in matches {
            result.output.append(pad(exercise.id, idWidth) + "  " + pad(exercise.phase.rawValue, phaseWidth) + "  " + exercise.title)
        }
        result.output.append("\(matches.count) exercise\(matches.count == 1 ? "" : "s")")
        result.exitCode = result.diagnostics.hasErrors ? 1 : 0
        return result
    }

    /// Everything about one exercise, for practitioners and editors (precautions included).
    public static func show(id: String, project: Project) -> CommandResult {
        var result = CommandResult()
        let catalogue = ExerciseCatalogue.open(project, into: &result.diagnostics)
        guard catalogue.files[id] != nil else {
            result.diagnostics.error(SourceLocation(file: "Exercises"), "no exercise with id '\(id)' in Exercises/",
                                     hint: catalogue.hint(forUnknown: id))
            result.exitCode = 1
            return result
        }
        guard let exercise = catalogue.load(id, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        let vocabulary = catalogue.vocabulary
        func names(_ kind: Vocabulary.Kind, _ ids: [String]) -> String {
            ids.isEmpty ? "none" : ids.map { vocabulary.term(kind, $0).map { "\($0.name) (\($0.id))" } ?? $0 }.joined(separator: ", ")
        }
        let grade = ReadingGrade.score(exercise.patientText)
        let dose = exercise.dosage
        var doseParts = ["sets \(dose.sets)"]
        if let reps = dose.reps { doseParts.append("reps \(reps)") }
        if let seconds = dose.seconds { doseParts.append("seconds \(seconds)") }
        if let hold = dose.hold { doseParts.append("hold \(hold)s") }
        if let rest = dose.rest { doseParts.append("rest \(rest)s") }
        if let tempo = dose.tempo { doseParts.append("tempo \(tempo)") }
        doseParts += ["side \(dose.side.rawValue)", "\(dose.perDay)x a day", "\(dose.daysPerWeek) days a week"]
        var lines = [
            "\(exercise.title) (\(exercise.id), version \(exercise.version))",
            "File:          \(exercise.file)",
            "Purpose:       \(exercise.purpose)",
            "Phase:         \(exercise.phase.rawValue)",
            "Regions:       \(names(.regions, exercise.regionIDs))",
            "Targets:       \(names(.muscles, exercise.targetIDs))",
            "Conditions:    \(names(.conditions, exercise.conditionIDs))",
            "Equipment:     \(names(.equipment, exercise.equipmentIDs))",
            "Default dose:  \(doseParts.joined(separator: ", "))",
            "Reading grade: \(grade.formatted) (\(grade.words) words, \(grade.sentences) sentences, \(grade.syllables) syllables)",
            "Easier:        \(exercise.easier.isEmpty ? "none" : exercise.easier.map(\.value).joined(separator: ", "))",
            "Harder:        \(exercise.harder.isEmpty ? "none" : exercise.harder.map(\.value).joined(separator: ", "))",
            "",
            "Starting position:",
            "  " + exercise.startingPosition,
            "Steps:",
        ]
        lines += exercise.steps.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        lines += ["What you should feel:"] + exercise.feel.map { "  - \($0)" }
        lines += ["Common mistakes:"] + exercise.mistakes.map { "  - \($0)" }
        lines += ["Stop if:"] + exercise.stopIf.map { "  - \($0)" }
        lines += ["Precautions (practitioner only):"] + (exercise.precautions.isEmpty ? ["  none"] : exercise.precautions.map { "  - \($0)" })
        lines += ["Changelog:"] + exercise.changelog.map { "  v\($0.version) \($0.date)\($0.safety ? " [safety]" : ""): \($0.note)" }
        result.output = lines
        return result
    }

    /// Every exercise's reading grade, hardest first, then the catalogue's median and maximum.
    public static func grades(project: Project) -> CommandResult {
        var result = CommandResult()
        let catalogue = loadCatalogue(project, into: &result)
        let scored = catalogue.loaded.map { ($0, ReadingGrade.score($0.patientText)) }
            .sorted { $0.1.grade != $1.1.grade ? $0.1.grade > $1.1.grade : $0.0.id < $1.0.id }
        let width = scored.map(\.0.id.count).max() ?? 0
        for (exercise, grade) in scored {
            result.output.append(pad(exercise.id, width) + "  " + grade.formatted)
        }
        let values = scored.map(\.1.grade)
        if let hardest = scored.first {
            result.output.append("\(scored.count) exercises: median grade \(String(format: "%.1f", ReadingGrade.median(values))), maximum \(hardest.1.formatted) (\(hardest.0.id))")
        }
        result.exitCode = result.diagnostics.hasErrors ? 1 : 0
        return result
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
