import Foundation

/// Exercises for a plan's findings, ranked with reasons; optionally added to the plan file.
/// What `hep suggest` and the plan editor's "Suggest from findings" call.
public enum ExerciseSuggestions {
    /// What was suggested, and what was added.
    public struct Report: Sendable {
        /// The plan as shown (`plans/x.yaml`); nil when it could not be read.
        public var planFile: String?
        /// True when the plan records no findings.
        public var noFindings = false
        /// Ranked suggestions for each finding.
        public var groups: [Suggester.Group] = []
        /// The top pick for each finding the plan does not cover yet.
        public var picks: [Suggester.Suggestion] = []
        /// Plan YAML for the picks (to paste under `exercises:`).
        public var picksYAML: String { Suggester.yaml(for: picks) }
        /// Exercise ids added to the plan file (with `write`).
        public var added: [String] = []
        /// Problems.
        public var diagnostics = DiagnosticList()
    }

    /// Suggestions for the plan at `url`; with `write`, the picks are added to its text (comments,
    /// order and formatting kept) when the edited plan is still valid.
    public static func run(plan url: URL, snapshot: ProjectSnapshot, perFinding: Int = 3, write: Bool = false) async -> Report {
        var report = Report()
        guard let plan = snapshot.loadPlan(at: url, into: &report.diagnostics) else { return report }
        report.planFile = plan.file
        await snapshot.catalogue.loadAll(into: &report.diagnostics)
        if report.diagnostics.hasErrors { return report }
        if plan.muscles.isEmpty && plan.pain.isEmpty {
            report.noFindings = true
            return report
        }
        let suggester = Suggester(vocabulary: snapshot.catalogue.vocabulary, exercises: snapshot.catalogue.loaded, perFinding: perFinding)
        report.groups = suggester.suggest(for: plan)
        report.picks = Suggester.picks(report.groups)
        guard write, !report.picks.isEmpty else { return report }
        guard let text = TextFile.read(url, shownAs: plan.file, into: &report.diagnostics) else { return report }
        do {
            let edited = try PlanEditor.adding(report.picks, to: text)
            var check = DiagnosticList()
            guard Plan.parse(edited, file: plan.file, into: &check) != nil else {
                report.diagnostics.error(SourceLocation(file: plan.file), "the edited plan would not be valid; it was left unchanged",
                                         hint: "add the exercises by hand from the YAML below")
                return report
            }
            try PlanEditor.write(edited, to: url)
            report.added = report.picks.map(\.exercise.id)
        } catch {
            report.diagnostics.error(SourceLocation(file: plan.file), "could not add to the plan: \(error)")
        }
        return report
    }
}
