import ArgumentParser
import Foundation
import HEPKit

extension HEP {
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Email handouts to their patients (SMTP with STARTTLS, or sendmail), once each, with an audit record.",
            discussion: "The SMTP password comes from HEP_SMTP_PASSWORD or the clinic's password-file (readable only by you), never from the command line.")

        @OptionGroup var options: ProjectOptions

        @Flag(help: "Write the .eml into the handout folder and send nothing.") var dryRun = false
        @Flag(help: "Send a handout that was already sent.") var resend = false
        @Argument(help: "Handout folders written by `hep render`.") var handouts: [String]

        func result() async -> CommandResult {
            await SendCommand.run(handouts: handouts, project: options.value, dryRun: dryRun, resend: resend)
        }

        func run() async throws { try emit(await result(), quiet: options.quiet) }
    }
}

/// `hep send`: the words around `HandoutSending`.
enum SendCommand {
    static func run(handouts: [String], project: Project, dryRun: Bool, resend: Bool,
                    environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) async -> CommandResult {
        var result = CommandResult()
        guard let snapshot = ProjectSnapshot.load(project, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        let report = await HandoutSending.send(handouts.map { URL(fileURLWithPath: $0) }, snapshot: snapshot, dryRun: dryRun,
                                               resend: resend, environment: environment, now: now)
        result.diagnostics.append(contentsOf: report.diagnostics)
        result.output = report.outcomes.map { outcome in
            switch outcome {
            case .dryRun(let folder, let file): "\(folder)/\(file): written, not sent (dry run)."
            case .sent(let folder, let recipient, let messageID): "\(folder): sent to \(recipient) (Message-ID \(messageID))."
            }
        }
        result.exitCode = result.diagnostics.hasErrors ? 1 : 0
        return result
    }
}
