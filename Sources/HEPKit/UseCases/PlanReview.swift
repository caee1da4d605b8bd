import Foundation

extension ProjectSnapshot {
    /// Parses plan text as if it had been read from a file shown as `file` (decoded the same way:
    /// byte-order mark dropped, CRLF as LF). Reads and writes nothing; `loadPlan(at:)` is unchanged.
    public func loadPlan(text: String, shownAs file: String, into diagnostics: inout DiagnosticList) -> Plan? {
        guard let decoded = TextFile.decode(Array(text.utf8), shownAs: file, into: &diagnostics) else { return nil }
        return Plan.parse(decoded, file: file, into: &diagnostics)
    }
}

/// A plan being edited, checked and rendered without writing anything: the plan editor's warnings
/// (the same diagnostics `hep check PLAN` prints for it) and its live preview (the same
/// `handout.html` `hep render` would write for it).
public enum PlanReview {
    public struct Result: Sendable {
        /// The plan, when it parsed.
        public var plan: Plan?
        /// Errors and the practitioner's warnings, as `hep check` reports them for this plan.
        public var diagnostics = DiagnosticList()
        /// The handout page, when the plan has no error.
        public var handoutHTML: String?
        /// How many exercises and about how many minutes a day (when it prepared).
        public var exercises = 0
        public var minutesPerDay = 0
    }

    /// Checks `text` (shown as `file`) and, with `render`, renders it as `hep render` would into `store`.
    public static func review(text: String, file: String, snapshot: ProjectSnapshot, store: HandoutStore?, render: Bool) -> Result {
        var result = Result()
        guard let plan = snapshot.loadPlan(text: text, shownAs: file, into: &result.diagnostics) else { return result }
        result.plan = plan
        guard let items = snapshot.prepare(plan, into: &result.diagnostics), !result.diagnostics.hasErrors else { return result }
        result.exercises = items.count
        result.minutesPerDay = ProgramAdvice(plan: plan, items: items, clinic: snapshot.clinic, vocabulary: snapshot.catalogue.vocabulary).minutesPerDay
        if render {
            let previous = store?.previousManifest(patientID: plan.patient.id, before: plan.sessionDate)
            result.handoutHTML = snapshot.renderPage(plan, items: items, previous: previous)
        }
        return result
    }
}
