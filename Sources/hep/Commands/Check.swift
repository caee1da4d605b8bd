import ArgumentParser
import HEPKit

extension HEP {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the catalogue, vocabulary, templates, clinic settings and any plans given.")

        @OptionGroup var options: ProjectOptions

        @Argument(help: "Plan files, or folders of .yaml plans, to check too.")
        var plans: [String] = []

        func result() -> CommandResult { CheckCommand.run(plans: plans, project: options.value) }

        func run() throws { try emit(result(), quiet: options.quiet) }
    }
}
