import Foundation

/// Sending issued handouts to their patients: exactly one recipient, the plan's confirmed
/// address, once (unless resent on purpose), with an audit record beside the handout. The email is
/// packaged from the stored handout's plan and manifest through the same pipeline that rendered
/// it, and only when the rebuild is byte for byte the stored handout. What `hep send` and the web
/// app's "Send" call.
public enum HandoutSending {
    /// What happened to one handout.
    public enum Outcome: Sendable, Hashable {
        /// A dry run wrote the message into the folder and sent nothing.
        case dryRun(folder: String, file: String)
        /// The message went out.
        case sent(folder: String, recipient: String, messageID: String)
    }

    /// What sending a batch gave.
    public struct Report: Sendable {
        /// One outcome per handout that got one, in the order given.
        public var outcomes: [Outcome] = []
        /// Every problem.
        public var diagnostics = DiagnosticList()
    }

    /// Likely typos of common mail domains, with what was probably meant.
    static let typos: [String: String] = [
        "gmial.com": "gmail.com", "gmal.com": "gmail.com", "gmai.com": "gmail.com", "gmail.co": "gmail.com", "gnail.com": "gmail.com",
        "gmail.con": "gmail.com", "hotmial.com": "hotmail.com", "hotmal.com": "hotmail.com", "hotmail.co": "hotmail.com",
        "outlok.com": "outlook.com", "outloo.com": "outlook.com", "yaho.com": "yahoo.com", "yahooo.com": "yahoo.com",
        "icloud.co": "icloud.com", "iclod.com": "icloud.com",
    ]

    /// Sends each handout folder in `folders`.
    public static func send(_ folders: [URL], snapshot: ProjectSnapshot, dryRun: Bool, resend: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) async -> Report {
        var report = Report()
        for folder in folders {
            if let outcome = await send(folder, snapshot: snapshot, dryRun: dryRun, resend: resend, environment: environment,
                                        now: now, into: &report.diagnostics) {
                report.outcomes.append(outcome)
            }
        }
        return report
    }

    static func send(_ folder: URL, snapshot: ProjectSnapshot, dryRun: Bool, resend: Bool, environment: [String: String],
                     now: Date, into diagnostics: inout DiagnosticList) async -> Outcome? {
        let clinic = snapshot.clinic
        let shown = snapshot.project.displayPath(of: folder)
        var found = DiagnosticList()
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("handout.html").path),
              let rebuilt = HandoutReproduction.rebuild(folder, snapshot: snapshot, into: &found) else {
            diagnostics.append(contentsOf: found)
            diagnostics.error(SourceLocation(file: shown), "not a complete handout folder",
                              hint: "give a folder written by \(.render) (handout.html, handout.txt, plan.yaml, manifest.json)")
            return nil
        }
        guard rebuilt.differences.isEmpty else {
            diagnostics.error(SourceLocation(file: shown), "the stored handout can no longer be rebuilt exactly, so it was not sent",
                              hint: "a template or exercise changed since it was issued; \(.render) the plan again and send the new handout")
            return nil
        }
        let plan = rebuilt.plan
        let location = SourceLocation(file: shown + "/plan.yaml")
        guard let recipient = plan.patient.email else {
            diagnostics.error(location, "the patient has no email address; nothing was sent", hint: "add `patient.email` to the plan and render again")
            return nil
        }
        guard plan.patient.emailConfirmed else {
            diagnostics.error(location, "the patient's email address is not confirmed; nothing was sent",
                              hint: "check the address with the patient, then set `email-confirmed: true` and render again")
            return nil
        }
        if let domain = recipient.split(separator: "@").last.map({ $0.lowercased() }), let meant = typos[domain] {
            diagnostics.warning(location, "the address ends in '\(domain)': did the patient mean '\(meant)'?",
                                hint: "check the address with the patient before sending")
        }
        guard let from = clinic.email else {
            diagnostics.error(SourceLocation(file: "Templates/clinic.yaml"), "the clinic has no `email` to send from")
            return nil
        }
        let log: SendLog
        do {
            log = try SendLog.open(in: folder)
        } catch SendLog.Failure.busy {
            diagnostics.error(SourceLocation(file: shown), "another send of this handout is running right now; nothing was sent")
            return nil
        } catch {
            diagnostics.error(SourceLocation(file: shown + "/send-log.jsonl"), "cannot open the send log, so nothing was sent: \(error)")
            return nil
        }
        defer { log.close() }
        if !dryRun, !resend, let sent = log.records.last(where: { $0.result == "sent" }) {
            diagnostics.error(SourceLocation(file: shown), "this handout was already sent on \(sent.utc) (Message-ID \(sent.messageID))",
                              hint: "use \(.resend) to send it again on purpose")
            return nil
        }
        let domain = MessageID.domain(of: from)
        let messageID = MessageID.fresh(domain: domain)
        let bytes: [UInt8]
        do {
            bytes = try snapshot.email(rebuilt.handout, for: plan, messageID: messageID, date: MIMEMessage.date(now))
        } catch {
            diagnostics.error(location, "\(error)")
            return nil
        }
        var record = SendLog.Record(messageID: "<\(messageID)>", recipient: recipient, utc: SendLog.iso8601(now), handout: shown, result: "sent")
        let outcome: Outcome?
        if dryRun {
            let name = freeName(in: folder, base: "dry-run", ext: "eml")
            do {
                try HandoutStore(root: folder).writePrivateFile(Data(bytes), to: folder.appendingPathComponent(name))
            } catch {
                diagnostics.error(SourceLocation(file: shown), "cannot write \(name): \(error)")
                return nil
            }
            record.result = "dry-run"
            outcome = .dryRun(folder: shown, file: name)
        } else {
            do {
                try await Mailer(settings: clinic.sending, environment: environment).deliver(bytes, from: from, to: recipient, heloName: domain)
                outcome = .sent(folder: shown, recipient: masked(recipient), messageID: "<\(messageID)>")
            } catch {
                record.result = "failed"
                record.error = "\(error)"
                diagnostics.error(SourceLocation(file: shown), "not sent: \(error)",
                                  hint: "nothing was delivered; fix the problem and \(.send) again")
                outcome = nil
            }
        }
        if !log.append(record) {
            diagnostics.error(SourceLocation(file: shown + "/send-log.jsonl"), "the send record could not be written",
                              hint: record.result == "sent" ? "the email WAS sent; do not send it again without checking with the patient" : "nothing was sent")
        }
        return outcome
    }

    /// `z…@example.com`: enough to recognise, not a full address on screen.
    static func masked(_ address: String) -> String {
        let parts = address.split(separator: "@")
        guard parts.count == 2, let first = parts[0].first else { return "…" }
        return "\(first)…@\(parts[1])"
    }

    static func freeName(in folder: URL, base: String, ext: String) -> String {
        var name = "\(base).\(ext)"
        var counter = 2
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            name = "\(base)-\(counter).\(ext)"
            counter += 1
        }
        return name
    }
}
