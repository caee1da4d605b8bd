import ArgumentParser
import HEPKit

extension HEP {
    struct Exercises: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Browse the exercise catalogue.",
            subcommands: [List.self, Show.self, Grades.self])

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

            func run() throws { try emit(result()) }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one exercise in full, with its reading grade.")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "The exercise id.") var id: String

            func result() -> CommandResult { ExercisesCommand.show(id: id, project: options.value) }

            func run() throws { try emit(result()) }
        }

        struct Grades: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Reading grade of every exercise, with the catalogue's median and maximum.")
            @OptionGroup var options: ProjectOptions

            func result() -> CommandResult { ExercisesCommand.grades(project: options.value) }

            func run() throws { try emit(result()) }
        }
    }
}
