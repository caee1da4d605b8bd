import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Check plans, then write each as a new handout folder (Markdown, HTML, manifest).")

        @OptionGroup var options: ProjectOptions

        @Option(name: .long, help: "Where handout folders go (default: Output/ in the project).")
        var output: String?

        @Option(name: .long, help: "How many plans to render at once (default: one per core).")
        var jobs: Int?

        @Flag(name: .long, help: "Print the time spent in each stage (load, compose, fill, convert, wrap, write).")
        var timings = false

        @Flag(name: .long, help: "Also write handout.eml, the email to the patient (or set write-eml in Templates/clinic.yaml).")
        var eml = false

        @Argument(help: "Plan files, or folders of .yaml plans.")
        var plans: [String] = []

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        }

        func result(timings clock: StageTimings? = nil) async -> CommandResult {
            let quiet = options.quiet
            return await RenderCommand.run(plans: plans, project: options.value, output: output.map { URL(fileURLWithPath: $0) },
                                           jobs: jobs, timings: clock, eml: eml, warnings: { warnings in
                                               if quiet { return }
                                               let text = warnings.map(\.commandLineText).joined(separator: "\n") + "\n"
                                               FileHandle.standardError.write(Data(text.utf8))
                                           })
        }

        func run() async throws {
            let clock = timings ? StageTimings() : nil
            clock?.record(.start, nanoseconds: StageTimings.processCPUTime())
            var result = await result(timings: clock)
            if let clock {
                result.output += ["", "Stage timings for \(result.output.count) handouts:"] + clock.report(handouts: result.output.count)
            }
            try emit(result, quiet: options.quiet)
        }
    }
}

/// `hep render`: the words around `HandoutIssuing`.
enum RenderCommand {
    static func run(plans: [String], project: Project, output: URL?, jobs: Int? = nil, timings: StageTimings? = nil,
                    eml: Bool = false, warnings: (([Diagnostic]) -> Void)? = nil) async -> CommandResult {
        var result = CommandResult()
        // The plan files are found first, so the project's load can read their exercises ahead;
        // their problems are reported after the project's, as before.
        var found = DiagnosticList()
        let files = PlanFiles.paths(plans, into: &found)
        let loaded = (timings ?? StageTimings()).measure(.project) { ProjectSnapshot.load(project, rendering: files, into: &result.diagnostics) }
        guard let snapshot = loaded else {
            return failed(result)
        }
        result.diagnostics.append(contentsOf: found)
        if files.isEmpty && !result.diagnostics.hasErrors {
            result.diagnostics.error(SourceLocation(file: plans.first ?? "."), "no plan files given",
                                     hint: "pass one or more plan .yaml files or a folder of them")
        }
        if result.diagnostics.hasErrors { return failed(result) }
        let store = HandoutStore(root: output ?? project.url("Output"))
        let report = await HandoutIssuing.issue(paths: files, snapshot: snapshot, store: store, jobs: jobs, timings: timings, eml: eml,
                                                warnings: warnings)
        result.diagnostics.append(contentsOf: report.diagnostics)
        result.streamedWarnings = report.streamedWarnings
        result.output = report.folderPaths.map { project.displayPath(of: URL(fileURLWithPath: $0)) + "/" }
        if !report.succeeded {
            result.exitCode = 1
            if report.nothingWritten { result.output.append("Nothing was written.") }
        }
        return result
    }

    static func failed(_ result: CommandResult) -> CommandResult {
        var result = result
        result.output.append("Nothing was written.")
        result.exitCode = 1
        return result
    }
}
