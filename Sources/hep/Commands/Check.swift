import ArgumentParser
import HEPKit

extension HEP {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the catalogue, vocabulary, templates, clinic settings and any plans given.")

        @OptionGroup var options: ProjectOptions

        @Argument(help: "Plan files, or folders of .yaml plans, to check too.")
        var plans: [String] = []

        func result() async -> CommandResult { await CheckCommand.run(plans: plans, project: options.value) }

        func run() async throws { try emit(await result(), quiet: options.quiet) }
    }
}

/// `hep check`: the words around `ProjectCheck`.
enum CheckCommand {
    static func run(plans: [String], project: Project) async -> CommandResult {
        let report = await ProjectCheck.run(project: project, plans: plans)
        var result = CommandResult(diagnostics: report.diagnostics)
        let count = report.exercisesChecked
        result.output.append("Checked \(count) exercise\(count == 1 ? "" : "s")\(plans.isEmpty ? "" : " and \(plans.count) plan argument\(plans.count == 1 ? "" : "s")").")
        result.output += report.plans.map {
            "\($0.file): \($0.exercises) exercise\($0.exercises == 1 ? "" : "s"), about \($0.minutesPerDay) minute\($0.minutesPerDay == 1 ? "" : "s") a day"
        }
        if report.diagnostics.all.isEmpty { result.output.append("No problems found.") }
        return result
    }
}
