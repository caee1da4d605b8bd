import Foundation

/// `hep suggest PLAN [--write]`: exercises for a plan's findings, ranked with reasons.
public enum SuggestCommand {
    /// Prints suggestions; with `write`, adds the top pick for each finding not yet covered to the plan.
    public static func run(plan path: String, project: Project, perFinding: Int = 3, write: Bool = false) -> CommandResult {
        var result = CommandResult()
        guard let workspace = Workspace.load(project, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        let url = URL(fileURLWithPath: path)
        guard let plan = workspace.loadPlan(at: url, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        workspace.catalogue.loadAll(into: &result.diagnostics)
        if result.diagnostics.hasErrors {
            result.exitCode = 1
            return result
        }
        let suggester = Suggester(vocabulary: workspace.catalogue.vocabulary, exercises: workspace.catalogue.loaded,
                                  perFinding: perFinding)
        let groups = suggester.suggest(for: plan)
        if plan.muscles.isEmpty && plan.pain.isEmpty {
            result.output.append("\(plan.file) records no findings: nothing to suggest.")
            return result
        }
        result.output.append("Suggestions for \(plan.file):")
        for group in groups {
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
        let picks = Suggester.picks(groups)
        result.output.append("")
        if picks.isEmpty {
            result.output.append("Every finding already has an exercise in the plan.")
            return result
        }
        if write {
            do {
                var readDiagnostics = DiagnosticList()
                guard let text = TextFile.read(url, shownAs: plan.file, into: &readDiagnostics) else {
                    result.diagnostics.append(contentsOf: readDiagnostics)
                    result.exitCode = 1
                    return result
                }
                let edited = try PlanEditor.adding(picks, to: text)
                var check = DiagnosticList()
                guard Plan.parse(edited, file: plan.file, into: &check) != nil else {
                    result.diagnostics.error(SourceLocation(file: plan.file), "the edited plan would not be valid; it was left unchanged",
                                             hint: "add the exercises by hand from the YAML below")
                    result.output.append(Suggester.yaml(for: picks))
                    result.exitCode = 1
                    return result
                }
                try PlanEditor.write(edited, to: url)
                result.output.append("Added to \(plan.file): \(picks.map(\.exercise.id).joined(separator: ", ")).")
            } catch {
                result.diagnostics.error(SourceLocation(file: plan.file), "could not add to the plan: \(error)")
                result.exitCode = 1
            }
        } else {
            result.output.append("Plan YAML for the top pick of each finding (paste under `exercises:`, or run with --write):")
            result.output.append(Suggester.yaml(for: picks).trimmingCharacters(in: .newlines))
        }
        return result
    }
}
