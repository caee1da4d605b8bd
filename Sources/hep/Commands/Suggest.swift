import ArgumentParser
import HEPKit

extension HEP {
    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suggest exercises for a plan's findings, ranked, with the reason for each.")

        @OptionGroup var options: ProjectOptions

        @Option(name: .long, help: "How many suggestions to show per finding.")
        var top: Int = 3

        @Flag(name: .long, help: "Add the top pick for each finding not yet covered to the plan file (comments and formatting kept).")
        var write = false

        @Argument(help: "The plan file.")
        var plan: String

        func validate() throws {
            if top < 1 { throw ValidationError("--top must be 1 or more") }
        }

        func result() -> CommandResult {
            SuggestCommand.run(plan: plan, project: options.value, perFinding: top, write: write)
        }

        func run() throws { try emit(result(), quiet: options.quiet) }
    }
}
