import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct Reproduce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-render an issued handout from its plan and the archived exercise texts; verify it is byte for byte the same.")
        @OptionGroup var options: ProjectOptions
        @Argument(help: "A handout folder, or its manifest.json.") var handout: String

        func result() -> CommandResult { ReproduceCommand.run(path: handout, project: options.value) }
        func run() throws { try emit(result(), quiet: options.quiet) }
    }

    struct Outdated: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List issued handouts whose exercises changed since, with the changelog notes, safety changes first.")
        @OptionGroup var options: ProjectOptions
        @Option(help: "The output folder to scan (default: Output/ in the project).") var output: String?
        @Flag(help: "Only safety changes.") var safety = false

        func result() -> CommandResult {
            OutdatedCommand.run(project: options.value, output: output.map { URL(fileURLWithPath: $0) }, safetyOnly: safety)
        }
        func run() throws { try emit(result(), quiet: options.quiet) }
    }

    struct Catalogue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release and audit the exercise catalogue.",
            subcommands: [Release.self])

        struct Release: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record new exercise versions: bump changed ones, archive their text, update the lock.")
            @OptionGroup var options: ProjectOptions
            @Option(help: "The changelog note for exercises that changed without a version bump.") var note: String?
            @Flag(help: "Mark this change as safety-relevant (`hep outdated --safety` lists its handouts first).") var safety = false
            @Option(help: "The release date, YYYY-MM-DD (default: today).") var date: String?

            func releaseDate() throws -> CalendarDate {
                guard let date else {
                    let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
                    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
                }
                switch CalendarDate.parse(date) {
                case .success(let value): return value
                case .failure(let problem): throw ValidationError("--date \(problem.message)")
                }
            }

            func result() throws -> CommandResult {
                ReleaseCommand.run(project: options.value, note: note, safety: safety, date: try releaseDate())
            }

            func run() throws { try emit(try result(), quiet: options.quiet) }
        }
    }
}
