import ArgumentParser
import Foundation
import HEPKit

/// The `hep` command line: a thin layer over HEPKit.
@main
struct HEP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hep",
        abstract: "Turns a session plan into a personalised home-exercise handout.",
        version: ProjectSnapshot.toolVersion,
        subcommands: [Render.self, Check.self, Suggest.self, Exercises.self, Catalogue.self, Reproduce.self, Outdated.self, Send.self, Serve.self, Users.self, PlanCommand.self])
}

/// Options every command shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project folder (holding Exercises/ and Templates/).")
    var project: String = "."

    @Flag(name: .long, help: "Print errors only: no paths, warnings or summaries.")
    var quiet = false

    var value: Project { Project(root: URL(fileURLWithPath: project)) }
}

/// Prints a command's result and exits with its status. Quiet: errors only.
func emit(_ result: CommandResult, quiet: Bool = false) throws {
    var result = result
    if quiet {
        result.output = []
        var errors = DiagnosticList()
        errors.append(contentsOf: result.diagnostics.errors)
        result.diagnostics = errors
        result.streamedWarnings = 0
        let text = errors.sorted.map(\.commandLineText).joined(separator: "\n")
        if !text.isEmpty { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    } else {
        FileHandle.standardOutput.write(Data(result.outputText.utf8))
        FileHandle.standardError.write(Data(result.errorText.utf8))
    }
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
}
