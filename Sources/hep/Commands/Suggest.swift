import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
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

        func result() async -> CommandResult {
            await SuggestCommand.run(plan: plan, project: options.value, perFinding: top, write: write)
        }

        func run() async throws { try emit(await result(), quiet: options.quiet) }
    }
}

/// `hep suggest`: the words around `ExerciseSuggestions`.
enum SuggestCommand {
    static func run(plan path: String, project: Project, perFinding: Int = 3, write: Bool = false) async -> CommandResult {
        var result = CommandResult()
        guard let snapshot = ProjectSnapshot.load(project, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        let report = await ExerciseSuggestions.run(plan: URL(fileURLWithPath: path), snapshot: snapshot, perFinding: perFinding, write: write)
        result.diagnostics.append(contentsOf: report.diagnostics)
        result.exitCode = result.diagnostics.hasErrors ? 1 : 0
        guard let file = report.planFile, result.exitCode == 0 || !report.groups.isEmpty else { return result }
        if report.noFindings {
            result.output.append("\(file) records no findings: nothing to suggest.")
            return result
        }
        result.output.append("Suggestions for \(file):")
        for group in report.groups {
            result.output.append("")
            result.output.append("\(group.heading):")
            if group.suggestions.isEmpty {
                result.output.append("  (no exercise in the catalogue fits this finding with the plan's conditions and equipment)")
            }
            let width = group.suggestions.map(\.exercise.id.count).max() ?? 0
            for (index, suggestion) in group.suggestions.enumerated() {
                let id = suggestion.exercise.id.padding(toLength: width, withPad: " ", startingAt: 0)
                let mark = suggestion.inPlan ? "  (already in the plan)" : ""
                result.output.append("  \(index + 1). \(id)  \(suggestion.exercise.phase.rawValue), \(suggestion.side.rawValue): \(suggestion.reason)\(mark)")
            }
        }
        result.output.append("")
        if report.picks.isEmpty {
            result.output.append("Every finding already has an exercise in the plan.")
        } else if !report.added.isEmpty {
            result.output.append("Added to \(file): \(report.added.joined(separator: ", ")).")
        } else if write {
            result.output.append(report.picksYAML)  // the edit failed: the YAML to add by hand
        } else {
            result.output.append("Plan YAML for the top pick of each finding (paste under `exercises:`, or run with --write):")
            result.output.append(report.picksYAML.trimmingCharacters(in: .newlines))
        }
        return result
    }
}
