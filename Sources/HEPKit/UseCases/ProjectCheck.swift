import Foundation

/// Checking everything: the catalogue, vocabulary, templates, settings, versions and any plans.
/// What `hep check` calls.
public enum ProjectCheck {
    /// One plan's size, as checked.
    public struct PlanSummary: Sendable, Hashable {
        /// The plan file as shown.
        public var file: String
        /// How many exercises it prescribes.
        public var exercises: Int
        /// Estimated minutes a day.
        public var minutesPerDay: Int
    }

    /// What the check found.
    public struct Report: Sendable {
        /// How many exercises parsed.
        public var exercisesChecked = 0
        /// Each plan that could be prepared.
        public var plans: [PlanSummary] = []
        /// Every problem.
        public var diagnostics = DiagnosticList()
    }

    /// Checks `project` and the plan files named by `plans`.
    public static func run(project: Project, plans: [String]) async -> Report {
        var report = Report()
        guard project.hasExercisesFolder(into: &report.diagnostics) else { return report }
        let snapshot = ProjectSnapshot.load(project, into: &report.diagnostics)
        let catalogue = snapshot?.catalogue ?? ExerciseCatalogue.open(project, into: &report.diagnostics)
        await catalogue.loadAll(into: &report.diagnostics)
        if let clinic = snapshot?.clinic {
            await CatalogueChecks.run(catalogue, clinic: clinic, into: &report.diagnostics)
        }
        CatalogueVersioning.check(catalogue, lock: CatalogueLock.load(project, into: &report.diagnostics), into: &report.diagnostics)
        CatalogueChecks.placeholders(catalogue, into: &report.diagnostics)
        PlanPacks.checkAll(project: project, catalogue: catalogue, into: &report.diagnostics)  // Exercises/packs/*.yaml
        for file in PlanFiles.expand(plans, into: &report.diagnostics) {
            guard let snapshot, let plan = snapshot.loadPlan(at: file, into: &report.diagnostics),
                  let items = snapshot.prepare(plan, into: &report.diagnostics) else { continue }
            let minutes = ProgramAdvice(plan: plan, items: items, clinic: snapshot.clinic, vocabulary: catalogue.vocabulary).minutesPerDay
            report.plans.append(PlanSummary(file: plan.file, exercises: items.count, minutesPerDay: minutes))
        }
        report.exercisesChecked = catalogue.loaded.count
        return report
    }
}
