import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
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

        func result(timings clock: StageTimings? = nil) -> CommandResult {
            let quiet = options.quiet
            return RenderCommand.run(plans: plans, project: options.value, output: output.map { URL(fileURLWithPath: $0) },
                              jobs: jobs, timings: clock, eml: eml, warnings: { @Sendable warnings in
                                  if quiet { return }
                                  let text = warnings.map(\.description).joined(separator: "\n") + "\n"
                                  FileHandle.standardError.write(Data(text.utf8))
                              })
        }

        func run() throws {
            let clock = timings ? StageTimings() : nil
            var result = result(timings: clock)
            if let clock {
                result.output += ["", "Stage timings for \(result.output.count) handouts:"] + clock.report(handouts: result.output.count)
            }
            try emit(result, quiet: options.quiet)
        }
    }
}
