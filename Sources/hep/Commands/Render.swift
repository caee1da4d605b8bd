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

        @Argument(help: "Plan files, or folders of .yaml plans.")
        var plans: [String] = []

        func result() -> CommandResult {
            RenderCommand.run(plans: plans, project: options.value, output: output.map { URL(fileURLWithPath: $0) })
        }

        func run() throws { try emit(result()) }
    }
}
