import Foundation
import ArgumentParser
import HEPKit

extension HEP {
    struct Exercises: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exercises",
            abstract: "Browse the exercise catalogue.",
            subcommands: [List.self, Show.self, Grades.self, New.self, Diff.self, Draw.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List exercises, optionally filtered.")
            @OptionGroup var options: ProjectOptions
            @Option(help: "Only this phase (release, lengthen, activate, integrate, ...).") var phase: String?
            @Option(help: "Only exercises for this body region id.") var region: String?
            @Option(help: "Only exercises targeting this muscle id.") var target: String?
            @Option(help: "Only exercises for this condition id.") var condition: String?
            @Option(help: "Only exercises whose id, title or purpose contains this text.") var search: String?

            func validate() throws {
                if let phase { _ = try Phase.parsed(phase) }
            }

            func result() async throws -> CommandResult {
                let filter = CatalogueQueries.Filter(phase: try phase.map(Phase.parsed), region: region, target: target,
                                                     condition: condition, search: search)
                return try await ExercisesCommand.list(project: options.value, filter: filter)
            }

            func run() async throws { try emit(try await result(), quiet: options.quiet) }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one exercise in full, with its reading grade.")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "The exercise id.") var id: String

            func result() -> CommandResult { ExercisesCommand.show(id: id, project: options.value) }

            func run() throws { try emit(result(), quiet: options.quiet) }
        }

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "new", abstract: "Write a new exercise skeleton; `hep check` fails until it is filled in.")
            @OptionGroup var options: ProjectOptions
            @Option(help: "The phase (release, lengthen, activate, integrate, mobility, strength, balance, breathing, nerve-glide).")
            var phase: String = "activate"
            @Argument(help: "The new exercise's id (kebab-case).") var id: String

            func validate() throws { _ = try Phase.parsed(phase) }

            func result() throws -> CommandResult {
                let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
                return ExerciseEditing.new(id: id, phase: try Phase.parsed(phase), project: options.value,
                                           date: CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!))
            }

            func run() throws { try emit(try result(), quiet: options.quiet) }
        }

        struct Diff: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "diff",
                abstract: "Show what changed in an exercise between two released versions (default: last release and now).")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "The exercise id.") var id: String
            @Argument(help: "The older version.") var from: Int?
            @Argument(help: "The newer version (default: the file as it is now).") var to: Int?

            func result() -> CommandResult { ExerciseEditing.diff(id: id, from: from, to: to, project: options.value) }
            func run() throws { try emit(result(), quiet: options.quiet) }
        }

        struct Draw: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "draw",
                abstract: "Draw the pictures of exercises from their figures into Exercises/images/ (needs rsvg-convert).")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "Exercise ids (default: every exercise with figures).") var ids: [String] = []

            func result() async -> CommandResult {
                var diagnostics = DiagnosticList()
                let drawn = await FigureDrawing.draw(ids: ids, project: options.value, into: &diagnostics)
                var result = CommandResult(diagnostics: diagnostics)
                guard !diagnostics.hasErrors else { return result }
                for picture in drawn {
                    result.output.append("\(picture.changed ? "Drew" : "Up to date:") \(picture.file) (\(picture.width)x\(picture.height), \(picture.bytes) bytes)")
                }
                result.output.append("\(drawn.count) picture\(drawn.count == 1 ? "" : "s"); commit them with Exercises/images/figures.lock")
                return result
            }

            func run() async throws { try emit(await result(), quiet: options.quiet) }
        }

        struct Grades: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "grades",
                abstract: "Reading grade of every exercise, with the catalogue's median and maximum.")
            @OptionGroup var options: ProjectOptions

            func result() async -> CommandResult { await ExercisesCommand.grades(project: options.value) }

            func run() async throws { try emit(await result(), quiet: options.quiet) }
        }
    }
}

extension Phase {
    /// The phase named on the command line, or a validation error with the closest one.
    static func parsed(_ text: String) throws -> Phase {
        if let phase = Phase(rawValue: text) { return phase }
        let allowed = Phase.allCases.map(\.rawValue)
        let close = Suggestions.closest(to: text, in: allowed).map { "did you mean '\($0)'? " } ?? ""
        throw ValidationError("unknown phase '\(text)'; \(close)phases: \(allowed.joined(separator: ", "))")
    }
}

/// `hep exercises list|show|grades`: the words around `CatalogueQueries`.
enum ExercisesCommand {
    static func list(project: Project, filter: CatalogueQueries.Filter) async throws -> CommandResult {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        let flags: [Vocabulary.Kind: String] = [.regions: "--region", .muscles: "--target", .conditions: "--condition"]
        if let unknown = CatalogueQueries.unknownTerms(in: filter, vocabulary: catalogue.vocabulary).first {
            let close = unknown.closest.map { "did you mean '\($0)'? " } ?? ""
            throw ValidationError("\(flags[unknown.kind] ?? "--filter"): unknown \(unknown.kind.singular) '\(unknown.value)'; \(close)`hep exercises list` with no filter shows what there is")
        }
        // Problems of the catalogue itself (no Exercises/ folder, a broken vocabulary) fail the list.
        var result = CommandResult(diagnostics: diagnostics)
        var loading = DiagnosticList()
        let matches = await CatalogueQueries.list(catalogue, filter: filter, into: &loading)
        // A draft with errors is left out of the list and warned about: listing still works.
        for diagnostic in loading.all {
            var shown = diagnostic
            shown.severity = shown.severity == .error ? .warning : shown.severity
            result.diagnostics.append(shown)
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

    static func show(id: String, project: Project) -> CommandResult {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        guard let details = ExerciseDetails.load(id, in: catalogue, into: &diagnostics) else {
            return CommandResult(diagnostics: diagnostics)
        }
        let exercise = details.exercise, grade = details.grade
        func names(_ terms: [ExerciseDetails.Term]) -> String {
            terms.isEmpty ? "none" : terms.map { term in term.name.map { "\($0) (\(term.id))" } ?? term.id }.joined(separator: ", ")
        }
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
            "Regions:       \(names(details.regions))",
            "Targets:       \(names(details.targets))",
            "Conditions:    \(names(details.conditions))",
            "Equipment:     \(names(details.equipment))",
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
        var result = CommandResult(diagnostics: diagnostics)
        result.output = lines
        return result
    }

    static func grades(project: Project) async -> CommandResult {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        let grades = await CatalogueQueries.grades(catalogue, into: &diagnostics)
        var result = CommandResult(diagnostics: diagnostics)
        let width = grades.scored.map(\.exercise.id.count).max() ?? 0
        for (exercise, grade) in grades.scored {
            result.output.append(pad(exercise.id, width) + "  " + grade.formatted)
        }
        if let hardest = grades.scored.first {
            result.output.append("\(grades.scored.count) exercises: median grade \(String(format: "%.1f", grades.median)), maximum \(hardest.grade.formatted) (\(hardest.exercise.id))")
        }
        return result
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

/// `hep exercises new|diff`: the words around `ExerciseDrafts`.
enum ExerciseEditing {
    static func new(id: String, phase: Phase, project: Project, date: CalendarDate) -> CommandResult {
        var diagnostics = DiagnosticList()
        guard let written = ExerciseDrafts.new(id: id, phase: phase, project: project, date: date, into: &diagnostics) else {
            return CommandResult(diagnostics: diagnostics)
        }
        return CommandResult(diagnostics: diagnostics, output: ["Wrote \(written). Fill in every TODO, then run `hep check`."])
    }

    static func diff(id: String, from old: Int?, to new: Int?, project: Project) -> CommandResult {
        var diagnostics = DiagnosticList()
        guard let comparison = ExerciseDrafts.diff(id: id, from: old, to: new, project: project, into: &diagnostics) else {
            return CommandResult(diagnostics: diagnostics)
        }
        var lines = ["--- \(comparison.before)", "+++ \(comparison.after)"]
        lines += comparison.lines.isEmpty ? ["(no differences)"] : comparison.lines.map { "\($0.number): \($0.added ? "+" : "-")\($0.text)" }
        return CommandResult(diagnostics: diagnostics, output: lines)
    }
}
