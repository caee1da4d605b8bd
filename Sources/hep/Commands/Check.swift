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

        @Flag(name: .long, help: "Print how many problems of each kind, not each problem.")
        var summary = false

        @Option(name: .long, help: ArgumentHelp("Only problems in files whose path starts with PATH, or of kind KIND (repeatable).",
                                                valueName: "PATH|KIND"))
        var only: [String] = []

        @Option(name: .long, help: "text (default) or json: a JSON array of the problems on standard output.")
        var format: CheckCommand.Format = .text

        @Flag(name: .long, help: "Remove empty steps and renumber the rest, in files with no other errors; then check.")
        var fix = false

        func validate() throws {
            if summary && format == .json { throw ValidationError("--summary and --format json cannot be combined; choose one") }
            if fix && format == .json { throw ValidationError("--fix prints what it changed, so it cannot be combined with --format json") }
        }

        func result() async -> CommandResult {
            await CheckCommand.run(plans: plans, project: options.value, summary: summary, only: only, format: format, fix: fix)
        }

        func run() async throws { try emit(await result(), quiet: options.quiet) }
    }
}

/// `hep check`: the words around `ProjectCheck`.
enum CheckCommand {
    /// How the problems are printed.
    enum Format: String, ExpressibleByArgument, Sendable {
        case text, json
    }

    static func run(plans: [String], project: Project, summary: Bool = false, only: [String] = [],
                    format: Format = .text, fix: Bool = false) async -> CommandResult {
        let fixed = fix ? CatalogueFix.run(project: project) : nil
        let report = await ProjectCheck.run(project: project, plans: plans)
        var found = report.diagnostics
        if let fixed { found.append(contentsOf: fixed.diagnostics) }
        let diagnostics = found.only(only)
        var result = CommandResult(diagnostics: diagnostics)
        if let fixed { result.output = fixLines(fixed) }
        if format == .json {
            result.output = [diagnostics.jsonText]
            result.errorTextOverride = ""
            return result
        }
        let count = report.exercisesChecked
        result.output.append("Checked \(count) exercise\(count == 1 ? "" : "s")\(plans.isEmpty ? "" : " and \(plans.count) plan argument\(plans.count == 1 ? "" : "s")").")
        result.output += report.plans.map {
            "\($0.file): \($0.exercises) exercise\($0.exercises == 1 ? "" : "s"), about \($0.minutesPerDay) minute\($0.minutesPerDay == 1 ? "" : "s") a day"
        }
        if diagnostics.all.isEmpty {
            result.output.append("No problems found.")
        } else if summary {
            result.errorTextOverride = diagnostics.summaryByKind + "\n"
        } else {
            result.errorTextOverride = diagnostics.report(printing: diagnostics.sortedGroupingNewExercises) + "\n"
        }
        return result
    }

    /// What `--fix` changed, one line per file: "removed empty step 3, renumbered the steps after it".
    static func fixLines(_ fixed: CatalogueFix.Result) -> [String] {
        var lines = fixed.changes.map { change in
            let steps = change.removedSteps.map(String.init)
            let named = steps.count == 1 ? "step \(steps[0])" : "steps " + steps.dropLast().joined(separator: ", ") + " and " + steps.last!
            return "\(change.file): removed empty \(named), renumbered the steps after \(steps.count == 1 ? "it" : "them") (\(change.remainingSteps) step\(change.remainingSteps == 1 ? "" : "s") now)"
        }
        lines += fixed.skipped.map { "\($0.file): not fixed: \($0.reason)" }
        return lines.isEmpty ? ["Nothing to fix."] : lines
    }
}
