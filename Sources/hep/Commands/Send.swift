import ArgumentParser
import HEPKit

extension HEP {
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Email handouts to their patients (SMTP with STARTTLS, or sendmail), once each, with an audit record.",
            discussion: "The SMTP password comes from HEP_SMTP_PASSWORD or the clinic's password-file (readable only by you), never from the command line.")

        @OptionGroup var options: ProjectOptions

        @Flag(help: "Write the .eml into the handout folder and send nothing.") var dryRun = false
        @Flag(help: "Send a handout that was already sent.") var resend = false
        @Argument(help: "Handout folders written by `hep render`.") var handouts: [String]

        func run() async throws {
            try emit(await SendCommand.run(handouts: handouts, project: options.value, dryRun: dryRun, resend: resend), quiet: options.quiet)
        }
    }
}
