import Foundation
import ArgumentParser
import HEPKit

extension HEP {
    struct Exercises: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Browse the exercise catalogue.",
            subcommands: [List.self, Show.self, Grades.self, New.self, Diff.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List exercises, optionally filtered.")
            @OptionGroup var options: ProjectOptions
            @Option(help: "Only this phase (release, lengthen, activate, integrate, ...).") var phase: String?
            @Option(help: "Only exercises for this body region id.") var region: String?
            @Option(help: "Only exercises targeting this muscle id.") var target: String?
            @Option(help: "Only exercises for this condition id.") var condition: String?
            @Option(help: "Only exercises whose id, title or purpose contains this text.") var search: String?

            func result() -> CommandResult {
                ExercisesCommand.list(project: options.value, filter: .init(
                    phase: phase, region: region, target: target, condition: condition, search: search))
            }

            func run() throws { try emit(result(), quiet: options.quiet) }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one exercise in full, with its reading grade.")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "The exercise id.") var id: String

            func result() -> CommandResult { ExercisesCommand.show(id: id, project: options.value) }

            func run() throws { try emit(result(), quiet: options.quiet) }
        }

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Write a new exercise skeleton; `hep check` fails until it is filled in.")
            @OptionGroup var options: ProjectOptions
            @Option(help: "The phase (release, lengthen, activate, integrate, mobility, strength, balance, breathing, nerve-glide).")
            var phase: String = "activate"
            @Argument(help: "The new exercise's id (kebab-case).") var id: String

            func result() throws -> CommandResult {
                guard let value = Phase(rawValue: phase) else {
                    throw ValidationError("unknown phase '\(phase)'; use one of: \(Phase.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
                return ExerciseEditing.new(id: id, phase: value, project: options.value,
                                           date: CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!))
            }

            func run() throws { try emit(try result(), quiet: options.quiet) }
        }

        struct Diff: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show what changed in an exercise between two released versions (default: last release and now).")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "The exercise id.") var id: String
            @Argument(help: "The older version.") var from: Int?
            @Argument(help: "The newer version (default: the file as it is now).") var to: Int?

            func result() -> CommandResult { ExerciseEditing.diff(id: id, from: from, to: to, project: options.value) }
            func run() throws { try emit(result(), quiet: options.quiet) }
        }

        struct Grades: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Reading grade of every exercise, with the catalogue's median and maximum.")
            @OptionGroup var options: ProjectOptions

            func result() -> CommandResult { ExercisesCommand.grades(project: options.value) }

            func run() throws { try emit(result(), quiet: options.quiet) }
        }
    }
}
