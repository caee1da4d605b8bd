import Foundation

/// `hep render PLAN...`: check, then render and write each plan as a new handout folder.
public enum RenderCommand {
    /// Renders `plans` (files, or folders of `*.yaml`). Nothing is written if any plan, or the
    /// project, has an error.
    ///
    /// Plans are rendered in parallel, each straight into a hidden staging folder, so memory stays
    /// bounded however many plans there are; only when every plan has succeeded are the staged
    /// folders moved into place, one rename each, in the order the plans were given. The folder
    /// names and contents are therefore the same whatever the scheduling.
    ///
    /// With `warnings`, each plan's warnings are handed over as soon as that plan and all before it
    /// are done (in input order) instead of being kept: a batch of 10,000 plans keeps no warnings in
    /// memory. Errors are always kept, since they decide whether anything is written.
    public static func run(plans: [String], project: Project, output: URL?, jobs: Int? = nil,
                           timings: StageTimings? = nil, eml: Bool = false,
                           warnings: (@Sendable ([Diagnostic]) -> Void)? = nil) -> CommandResult {
        var result = CommandResult()
        guard let workspace = Workspace.load(project, into: &result.diagnostics) else {
            result.output.append("Nothing was written.")
            result.exitCode = 1
            return result
        }
        let files = PlanFiles.expand(plans, into: &result.diagnostics)
        if files.isEmpty && !result.diagnostics.hasErrors {
            result.diagnostics.error(SourceLocation(file: plans.first ?? "."), "no plan files given",
                                     hint: "pass one or more plan .yaml files or a folder of them")
        }
        let store = HandoutStore(root: output ?? project.url("Output"))
        let stream = warnings.map { OrderedDelivery(deliver: $0) }
        var outcomes = ParallelMap.run(files.count, jobs: jobs) { index -> PlanOutcome in
            var outcome = renderAndStage(files[index], workspace: workspace, store: store, timings: timings ?? StageTimings(),
                                         eml: eml || workspace.clinic.writeEML)
            if let stream {
                stream.put(index, outcome.diagnostics.filter { $0.severity != .error })
                outcome.streamedWarnings = outcome.diagnostics.count { $0.severity != .error }
                outcome.diagnostics.removeAll { $0.severity != .error }
            }
            return outcome
        }
        for index in outcomes.indices {
            result.diagnostics.append(contentsOf: outcomes[index].diagnostics)
            result.streamedWarnings += outcomes[index].streamedWarnings
            outcomes[index].diagnostics = []
        }
        if result.diagnostics.hasErrors {
            for case let staged? in outcomes.map(\.staged) { store.discard(staged) }
            result.output.append("Nothing was written.")
            result.exitCode = 1
            return result
        }
        for (index, outcome) in outcomes.enumerated() {
            guard let staged = outcome.staged else { continue }
            if result.exitCode != 0 {
                store.discard(staged)  // after a failure, nothing more is put in place
                continue
            }
            do {
                result.output.append(displayPath(try store.commit(staged), project: project))
            } catch {
                result.diagnostics.error(SourceLocation(file: project.displayPath(of: files[index])), "could not write the handout: \(error)",
                                         hint: result.output.isEmpty ? "nothing was written" : "only the folders printed above were written; the rest were not")
                result.exitCode = 1
            }
        }
        return result
    }

    /// What rendering one plan gave: a staged handout, or diagnostics.
    struct PlanOutcome: Sendable {
        var staged: HandoutStore.Staged?
        var diagnostics: [Diagnostic]
        var streamedWarnings = 0
    }

    /// Hands each plan's warnings on in input order, holding only those that finished early.
    final class OrderedDelivery: @unchecked Sendable {
        private let lock = NSLock()
        private var pending: [Int: [Diagnostic]] = [:]
        private var next = 0
        private let deliver: @Sendable ([Diagnostic]) -> Void

        init(deliver: @escaping @Sendable ([Diagnostic]) -> Void) { self.deliver = deliver }

        func put(_ index: Int, _ diagnostics: [Diagnostic]) {
            lock.lock()
            defer { lock.unlock() }
            pending[index] = diagnostics
            while let ready = pending.removeValue(forKey: next) {
                if !ready.isEmpty { deliver(Array(Set(ready)).sorted()) }
                next += 1
            }
        }
    }

    static func renderAndStage(_ file: URL, workspace: Workspace, store: HandoutStore, timings: StageTimings, eml: Bool) -> PlanOutcome {
        var diagnostics = DiagnosticList()
        let prepared = timings.measure(.load) { () -> (Plan, [HandoutComposer.Item])? in
            guard let plan = workspace.loadPlan(at: file, into: &diagnostics),
                  let items = workspace.prepare(plan, into: &diagnostics), !diagnostics.hasErrors else { return nil }
            return (plan, items)
        }
        guard let (plan, items) = prepared else {
            return PlanOutcome(staged: nil, diagnostics: diagnostics.all)
        }
        let previous = timings.measure(.load) { store.previousManifest(patientID: plan.patient.id, before: plan.sessionDate) }
        var handout = workspace.render(plan, items: items, previous: previous, timings: timings)
        for image in handout.images where !FileManager.default.isReadableFile(atPath: workspace.project.url(image.file).path) {
            diagnostics.error(SourceLocation(file: image.file), "the picture cannot be read, so the handout would be incomplete",
                              hint: "restore the file, or remove it from the exercise's `images:`")
        }
        if diagnostics.hasErrors { return PlanOutcome(staged: nil, diagnostics: diagnostics.all) }
        if eml {
            do {
                handout.eml = try workspace.email(handout, for: plan)
            } catch {
                diagnostics.error(SourceLocation(file: plan.file, line: 1, column: 1), "cannot write the email: \(error)",
                                  hint: "add the patient's `email:` to the plan and the clinic's `email:` to Templates/clinic.yaml")
                return PlanOutcome(staged: nil, diagnostics: diagnostics.all)
            }
        }
        do {
            let staged = try timings.measure(.write) {
                try store.stage(files: handout.files, patientID: plan.patient.id, date: plan.sessionDate)
            }
            return PlanOutcome(staged: staged, diagnostics: diagnostics.all)
        } catch {
            diagnostics.error(SourceLocation(file: plan.file), "could not write the handout: \(error)")
            return PlanOutcome(staged: nil, diagnostics: diagnostics.all)
        }
    }

    static func displayPath(_ url: URL, project: Project) -> String {
        project.displayPath(of: url) + "/"
    }
}

/// Plan arguments: files, or folders holding `*.yaml` plans (sorted, so runs are repeatable).
enum PlanFiles {
    static func expand(_ arguments: [String], into diagnostics: inout DiagnosticList) -> [URL] {
        var files: [URL] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                diagnostics.error(SourceLocation(file: argument), "no such plan file",
                                  hint: "check the path; plans are YAML files such as Examples/plans/jane.yaml")
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                let plans = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                if plans.isEmpty {
                    diagnostics.error(SourceLocation(file: argument), "the folder has no .yaml plans")
                }
                files += plans.map { url.appendingPathComponent($0) }
            } else {
                files.append(url)
            }
        }
        return files
    }
}
