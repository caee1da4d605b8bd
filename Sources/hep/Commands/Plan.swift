import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Start plan files, from a pack of exercises (Exercises/packs/NAME.yaml).",
            subcommands: [New.self, Packs.self])

        struct New: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "new",
                abstract: "Write a new plan file for one patient, dated today, with a pack's exercises and doses.",
                discussion: """
                The plan is written owner-only (it holds patient data) and never over an existing file.
                Add the findings, then `hep suggest FILE`, `hep check FILE` and `hep render FILE` as usual.
                Packs are Exercises/packs/NAME.yaml (the desk's “Save as pack” writes them); `hep plan packs` lists them.
                """)

            @OptionGroup var options: ProjectOptions

            @Argument(help: "The plan file to write (e.g. plans/hp-0142.yaml).")
            var file: String

            @Option(name: .long, help: "The clinic's id for the patient (names the output folder).")
            var patientID: String

            @Option(name: .long, help: "The patient's full name.")
            var name: String

            @Option(name: .long, help: "A pack to start from (its file name in Exercises/packs/, without .yaml).")
            var pack: String?

            @Option(name: .long, help: "The session date, YYYY-MM-DD (default: today).")
            var date: String?

            @Option(name: .long, help: "Who treated the patient.")
            var practitioner: String?

            func result() async -> CommandResult {
                let session: CalendarDate
                if let date {
                    guard case .success(let parsed) = CalendarDate.parse(date) else {
                        var result = CommandResult()
                        result.diagnostics.error(SourceLocation(file: "--date"), "'\(date)' is not a date", hint: "write it as YYYY-MM-DD")
                        result.exitCode = 1
                        return result
                    }
                    session = parsed
                } else {
                    session = PlanNewCommand.today()
                }
                return PlanNewCommand.run(file: file, project: options.value, patientID: patientID, name: name, pack: pack,
                                          date: session, practitioner: practitioner)
            }

            func run() async throws { try emit(await result(), quiet: options.quiet) }
        }

        struct Packs: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "packs", abstract: "List the packs in Exercises/packs/.")
            @OptionGroup var options: ProjectOptions
            func run() async throws {
                let names = PlanPacks.names(in: options.value)
                var result = CommandResult()
                result.output = names.isEmpty ? ["No packs in \(PlanPacks.folder)/."] : names
                try emit(result, quiet: options.quiet)
            }
        }
    }
}

/// `hep plan new`: the words around `PlanPacks.newPlan`.
enum PlanNewCommand {
    /// Today's date on this computer (the command line writes it into the plan; the renderer never reads the clock).
    static func today() -> CalendarDate {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    static func run(file: String, project: Project, patientID: String, name: String, pack packName: String?, date: CalendarDate,
                    practitioner: String?) -> CommandResult {
        var result = CommandResult()
        var pack: Pack?
        if let packName {
            var catalogueDiagnostics = DiagnosticList()
            let catalogue = ExerciseCatalogue.open(project, into: &catalogueDiagnostics)
            pack = PlanPacks.load(packName, project: project, catalogue: catalogue, into: &result.diagnostics)
            if pack == nil {
                result.exitCode = 1
                return result
            }
        }
        let text = PlanPacks.newPlan(patientID: patientID, name: name, date: date, practitioner: practitioner, pack: pack).text()
        var check = DiagnosticList()
        _ = Plan.parse(text, file: file, into: &check)
        let errors = check.errors.filter { !(pack == nil && $0.message.contains("'exercises'")) }
        guard errors.isEmpty else {
            for error in errors { result.diagnostics.append(error) }
            result.exitCode = 1
            return result
        }
        let url = URL(fileURLWithPath: file)
        do {
            try PlanPacks.writeNewPlan(text, to: url)
        } catch {
            result.diagnostics.error(SourceLocation(file: file), "\(error)", hint: "choose another file name; hep never replaces a plan")
            result.exitCode = 1
            return result
        }
        let count = pack?.exercises.count ?? 0
        result.output.append("Wrote \(file)" + (pack.map { " with the \(count) exercise\(count == 1 ? "" : "s") of the pack “\($0.title)”" } ?? "") + ".")
        result.output.append("Next: add the findings, then hep suggest \(file) and hep check \(file).")
        return result
    }
}
