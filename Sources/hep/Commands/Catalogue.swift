import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct Reproduce: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reproduce",
            abstract: "Re-render an issued handout from its plan and the archived exercise texts; verify it is byte for byte the same.")
        @OptionGroup var options: ProjectOptions
        @Argument(help: "A handout folder, or its manifest.json.") var handout: String

        func result() -> CommandResult { ReproduceCommand.run(path: handout, project: options.value) }
        func run() throws { try emit(result(), quiet: options.quiet) }
    }

    struct Outdated: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outdated",
            abstract: "List issued handouts whose exercises changed since, with the changelog notes, safety changes first.")
        @OptionGroup var options: ProjectOptions
        @Option(help: "The output folder to scan (default: Output/ in the project).") var output: String?
        @Flag(help: "Only safety changes.") var safety = false

        func result() -> CommandResult {
            OutdatedCommand.run(project: options.value, output: output.map { URL(fileURLWithPath: $0) }, safetyOnly: safety)
        }
        func run() throws { try emit(result(), quiet: options.quiet) }
    }

    struct Catalogue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalogue",
            abstract: "Release, audit and import into the exercise catalogue.",
            subcommands: [Release.self, Import.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Import exercises from free-exercise-db's JSON or a CSV spreadsheet as drafts; writes nothing if anything is wrong.")
            @OptionGroup var options: ProjectOptions
            @Argument(help: "The file to import: free-exercise-db's exercises.json, or a .csv with the columns in Exercises/README.md.") var file: String
            @Option(help: "A YAML file mapping outside muscle, region and equipment names (and categories) to vocabulary ids.") var mapping: String?
            @Option(help: "The phase of every imported exercise (default: the row's, or the mapping's).") var phase: String?
            @Option(help: "The date of the first changelog entry, YYYY-MM-DD (default: today).") var date: String?

            func validate() throws {
                if let phase { _ = try Phase.parsed(phase) }
                if let date, case .failure(let problem) = CalendarDate.parse(date) { throw ValidationError("--date \(problem.message)") }
            }

            func result() throws -> CommandResult {
                let day: CalendarDate
                if let date, case .success(let value) = CalendarDate.parse(date) {
                    day = value
                } else {
                    let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
                    day = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
                }
                return ImportCommand.run(file: file, mapping: mapping, phase: try phase.map(Phase.parsed), project: options.value, date: day)
            }

            func run() throws { try emit(try result(), quiet: options.quiet) }
        }

        struct Release: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "release",
                abstract: "Record new exercise versions: bump changed ones, archive their text, update the lock.")
            @OptionGroup var options: ProjectOptions
            @Option(help: "The changelog note for exercises that changed without a version bump.") var note: String?
            @Flag(help: "Mark this change as safety-relevant (`hep outdated --safety` lists its handouts first).") var safety = false
            @Option(help: "The release date, YYYY-MM-DD (default: today).") var date: String?

            func validate() throws {
                if let note, CatalogueRelease.Note(note) == nil { throw ValidationError("--note must be one line of text") }
                if let date, case .failure(let problem) = CalendarDate.parse(date) { throw ValidationError("--date \(problem.message)") }
            }

            func releaseDate() -> CalendarDate {
                if let date, case .success(let value) = CalendarDate.parse(date) { return value }
                let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
                return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
            }

            func result() async -> CommandResult {
                await ReleaseCommand.run(project: options.value, note: note, safety: safety, date: releaseDate())
            }

            func run() async throws { try emit(await result(), quiet: options.quiet) }
        }
    }
}

/// `hep catalogue release`: the words around `CatalogueRelease`.
enum ReleaseCommand {
    static func run(project: Project, note: String?, safety: Bool, date: CalendarDate) async -> CommandResult {
        let report = await CatalogueRelease.run(project: project, note: note.flatMap(CatalogueRelease.Note.init), safety: safety, date: date)
        var result = CommandResult(diagnostics: report.diagnostics)
        if report.diagnostics.hasErrors {
            result.output.append("Nothing was released.")
        } else if let stamp = report.stamp {
            let count = report.released.count
            result.output.append("Released catalogue \(stamp): \(count) exercise version\(count == 1 ? "" : "s").")
            result.output += report.released.map { "  \($0.id) v\($0.version)\($0.isNew ? " (new)" : "")" }
            result.output.append("Commit the exercise files, Exercises/catalogue.lock, Exercises/catalogue.yaml and Exercises/archive/ together.")
        } else {
            result.output.append("Nothing changed since the last release.")
        }
        return result
    }
}

/// `hep catalogue import`: the words around `CatalogueImport`.
enum ImportCommand {
    static func run(file: String, mapping: String?, phase: Phase?, project: Project, date: CalendarDate) -> CommandResult {
        let report = CatalogueImport.run(file: URL(fileURLWithPath: file), shownAs: file, mapping: mapping.map { URL(fileURLWithPath: $0) },
                                         mappingShownAs: mapping, phase: phase, project: project, date: date)
        var result = CommandResult(diagnostics: report.diagnostics)
        let unmapped = "\(report.unmappedTerms) term\(report.unmappedTerms == 1 ? "" : "s") unmapped"
        guard report.wrote else {
            result.output.append("Nothing was imported (\(unmapped)).")
            return result
        }
        let count = report.imported.count
        result.output += report.imported.map(\.file)
        result.output.append("Imported \(count) exercise\(count == 1 ? "" : "s") as drafts, \(unmapped). Fill in every TODO; \(Hint.Action.checkProject.commandLine) lists them.")
        return result
    }
}

/// `hep reproduce`: the words around `HandoutReproduction`.
enum ReproduceCommand {
    static func run(path: String, project: Project) -> CommandResult {
        var result = CommandResult()
        guard let snapshot = ProjectSnapshot.load(project, into: &result.diagnostics),
              let rebuilt = HandoutReproduction.rebuild(URL(fileURLWithPath: path), snapshot: snapshot, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        if rebuilt.differences.isEmpty {
            result.output.append("\(rebuilt.folder): reproduced byte for byte (\(rebuilt.manifest.exercises.count) exercises, catalogue \(rebuilt.manifest.catalogueVersion)).")
            return result
        }
        result.output.append("\(rebuilt.folder): NOT reproduced:")
        result.output += rebuilt.differences.map { difference in
            switch difference {
            case .output(let file, let line?, let issued, let now): "  - \(file) differs at line \(line): issued \"\(issued)\", now \"\(now)\""
            case .output(let file, nil, _, _): "  - \(file) differs"
            case .templateChanged(let file): "  - \(file) changed since the handout was issued"
            case .templateGone(let file): "  - \(file) is gone"
            case .toolVersion(let was, let now): "  - hep was \(was), now \(now)"
            case .cmarkVersion(let was, let now): "  - libcmark was \(was), now \(now)"
            }
        }
        result.exitCode = 1
        return result
    }
}

/// `hep outdated`: the words around `OutdatedHandouts`.
enum OutdatedCommand {
    static func run(project: Project, output: URL?, safetyOnly: Bool) -> CommandResult {
        var diagnostics = DiagnosticList()
        let found = OutdatedHandouts.find(project: project, root: output ?? project.url("Output"), safetyOnly: safetyOnly, into: &diagnostics)
        var result = CommandResult()
        result.diagnostics = diagnostics
        for handout in found {
            result.output.append("\(handout.folder)/\(handout.safety ? " [safety]" : "")")
            result.output += handout.changes.map {
                "  \($0.id) v\($0.issuedVersion) -> v\($0.version)\($0.safety ? " [safety]" : "") \($0.date): \($0.note)"
            }
        }
        result.output.append(found.isEmpty ? "No issued handout uses an exercise that changed since." :
            "\(found.count) handout\(found.count == 1 ? "" : "s") use\(found.count == 1 ? "s" : "") exercises that changed since\(safetyOnly ? " for safety" : "").")
        return result
    }
}
