import Foundation

/// Issuing handouts: check plans, render each, and write it as a new folder in the store. What
/// `hep render` and the web app's "Issue" both call.
public enum HandoutIssuing {
    /// What issuing a batch gave.
    public struct Report: Sendable {
        /// The paths of the folders written, in the order the plans were given (paths, not URLs:
        /// a batch of 10,000 plans keeps one per plan).
        public var folderPaths: [String] = []
        /// The folders written, in the order the plans were given.
        public var folders: [URL] { folderPaths.map { URL(fileURLWithPath: $0) } }
        /// Every error, and the warnings not handed over as they came.
        public var diagnostics = DiagnosticList()
        /// Warnings already handed over as they came (not in `diagnostics`).
        public var streamedWarnings = 0
        /// True when every plan was written.
        public var succeeded: Bool { !diagnostics.hasErrors }
        /// True when a plan had an error, so no folder at all was written.
        public var nothingWritten = false
    }

    /// Renders `files` against `snapshot` into `store`. Nothing is written if any plan has an error.
    ///
    /// Plans are rendered in parallel, each straight into a hidden staging folder, so memory stays
    /// bounded however many plans there are; only when every plan has succeeded are the staged
    /// folders moved into place, one rename each, in the order the plans were given. The folder
    /// names and contents are therefore the same whatever the scheduling.
    ///
    /// With `warnings`, each plan's warnings are handed over as soon as that plan and all before it
    /// are done (in input order) instead of being kept: a batch of 10,000 plans keeps no warnings in
    /// memory. Errors are always kept, since they decide whether anything is written.
    public static func issue(_ files: [URL], snapshot: ProjectSnapshot, store: HandoutStore, jobs: Int? = nil,
                             timings: StageTimings? = nil, eml: Bool = false,
                             warnings: (([Diagnostic]) -> Void)? = nil) async -> Report {
        await issue(paths: files.map(\.path), snapshot: snapshot, store: store, jobs: jobs, timings: timings, eml: eml, warnings: warnings)
    }

    /// `issue` for plan files given by path (what a batch holds per plan: a path, not a URL).
    public static func issue(paths files: [String], snapshot: ProjectSnapshot, store: HandoutStore, jobs: Int? = nil,
                             timings: StageTimings? = nil, eml: Bool = false,
                             warnings: (([Diagnostic]) -> Void)? = nil) async -> Report {
        var report = Report()
        let clock = timings ?? StageTimings()
        let withEmail = eml || snapshot.clinic.writeEML
        let outcomes = await ParallelMap.run(files.count, jobs: jobs, { index in
            stage(URL(fileURLWithPath: files[index]), snapshot: snapshot, store: store, timings: clock, eml: withEmail)
        }, delivered: { _, outcome in
            guard let warnings else { return }
            let found = outcome.diagnostics.filter { $0.severity != .error }
            if !found.isEmpty { warnings(Array(Set(found)).sorted()) }
            outcome.streamedWarnings = found.count
            // A new array, not `removeAll(where:)`, which keeps the old buffer's capacity for the rest of the batch.
            outcome.diagnostics = found.count == outcome.diagnostics.count ? [] : outcome.diagnostics.filter { $0.severity == .error }
        })
        for outcome in outcomes {
            report.diagnostics.append(contentsOf: outcome.diagnostics)
            report.streamedWarnings += outcome.streamedWarnings
        }
        if report.diagnostics.hasErrors {
            for case let staged? in outcomes.map(\.staged) { store.discard(staged) }
            report.nothingWritten = true
            return report
        }
        var failed = false
        for (index, outcome) in outcomes.enumerated() {
            guard let staged = outcome.staged else { continue }
            if failed {
                store.discard(staged)  // after a failure, nothing more is put in place
                continue
            }
            do {
                report.folderPaths.append(try store.commit(staged).path)
            } catch {
                report.diagnostics.error(SourceLocation(file: snapshot.project.displayPath(of: URL(fileURLWithPath: files[index]))), "could not write the handout: \(error)",
                                         hint: report.folderPaths.isEmpty ? "nothing was written" : "only the handouts of the plans before this one were written; the rest were not")
                failed = true
            }
        }
        return report
    }

    /// What rendering one plan gave: a staged handout, or diagnostics.
    struct PlanOutcome: Sendable {
        var staged: HandoutStore.Staged?
        var diagnostics: [Diagnostic]
        var streamedWarnings = 0
    }

    /// Loads, prepares, renders and stages one plan.
    static func stage(_ file: URL, snapshot: ProjectSnapshot, store: HandoutStore, timings: StageTimings, eml: Bool) -> PlanOutcome {
        var diagnostics = DiagnosticList()
        let prepared = timings.measure(.load) { () -> (Plan, [HandoutComposer.Item])? in
            guard let plan = snapshot.loadPlan(at: file, into: &diagnostics),
                  let items = snapshot.prepare(plan, into: &diagnostics), !diagnostics.hasErrors else { return nil }
            return (plan, items)
        }
        guard let (plan, items) = prepared else {
            return PlanOutcome(staged: nil, diagnostics: diagnostics.all)
        }
        // The patient's folder, listed once for the earlier handout and for this one's folder name.
        let (listing, previous) = timings.measure(.load) { () -> (HandoutStore.Listing, Manifest?) in
            let listing = store.listing(patientID: plan.patient.id)
            return (listing, store.previousManifest(patientID: plan.patient.id, before: plan.sessionDate, listing: listing))
        }
        var handout = snapshot.render(plan, items: items, previous: previous, timings: timings)
        if eml {
            do {
                handout.eml = try snapshot.email(handout, for: plan)
            } catch {
                diagnostics.error(SourceLocation(file: plan.file, line: 1, column: 1), "cannot write the email: \(error)",
                                  hint: "add the patient's `email:` to the plan and the clinic's `email:` to Templates/clinic.yaml")
                return PlanOutcome(staged: nil, diagnostics: diagnostics.all)
            }
        }
        do {
            let staged = try timings.measure(.write) {
                try store.stage(files: handout.files, patientID: plan.patient.id, date: plan.sessionDate, listing: listing)
            }
            return PlanOutcome(staged: staged, diagnostics: diagnostics.all)
        } catch {
            diagnostics.error(SourceLocation(file: snapshot.project.displayPath(of: store.root) + "/"), "cannot write handouts here: \(error)",
                              hint: "check that the folder can be created and written by you, or choose another with --output")
            return PlanOutcome(staged: nil, diagnostics: diagnostics.all)
        }
    }
}
