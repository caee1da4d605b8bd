import Foundation

/// `hep send HANDOUT...`: emails each handout to its patient, exactly one recipient, once.
public enum SendCommand {
    /// Likely typos of common mail domains, with what was probably meant.
    static let typos: [String: String] = [
        "gmial.com": "gmail.com", "gmal.com": "gmail.com", "gmai.com": "gmail.com", "gmail.co": "gmail.com", "gnail.com": "gmail.com",
        "gmail.con": "gmail.com", "hotmial.com": "hotmail.com", "hotmal.com": "hotmail.com", "hotmail.co": "hotmail.com",
        "outlok.com": "outlook.com", "outloo.com": "outlook.com", "yaho.com": "yahoo.com", "yahooo.com": "yahoo.com",
        "icloud.co": "icloud.com", "iclod.com": "icloud.com",
    ]

    /// One record of `send-log.jsonl`, next to the handout.
    struct AuditRecord: Codable {
        var messageID: String
        var recipient: String
        var utc: String
        var handout: String
        var result: String
        var error: String?
    }

    public static func run(handouts: [String], project: Project, dryRun: Bool, resend: Bool,
                           environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) async -> CommandResult {
        var result = CommandResult()
        guard let workspace = Workspace.load(project, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        let clinic = workspace.clinic
        for path in handouts {
            let folder = URL(fileURLWithPath: path)
            let shown = project.displayPath(of: folder)
            var found = DiagnosticList()
            guard let planText = TextFile.read(folder.appendingPathComponent("plan.yaml"), shownAs: shown + "/plan.yaml", into: &found),
                  let plan = Plan.parse(planText, file: shown + "/plan.yaml", into: &found),
                  let html = TextFile.read(folder.appendingPathComponent("handout.html"), shownAs: shown + "/handout.html", into: &found),
                  let text = TextFile.read(folder.appendingPathComponent("handout.txt"), shownAs: shown + "/handout.txt", into: &found),
                  let manifestData = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
                  (try? JSONDecoder().decode(Manifest.self, from: manifestData)) != nil else {
                result.diagnostics.append(contentsOf: found)
                result.diagnostics.error(SourceLocation(file: shown), "not a complete handout folder",
                                         hint: "give a folder written by `hep render` (handout.html, handout.txt, plan.yaml, manifest.json)")
                continue
            }
            let location = SourceLocation(file: shown + "/plan.yaml")
            guard let recipient = plan.patient.email else {
                result.diagnostics.error(location, "the patient has no email address; nothing was sent", hint: "add `patient.email` to the plan and render again")
                continue
            }
            guard plan.patient.emailConfirmed else {
                result.diagnostics.error(location, "the patient's email address is not confirmed; nothing was sent",
                                         hint: "check the address with the patient, then set `email-confirmed: true` and render again")
                continue
            }
            if let domain = recipient.split(separator: "@").last.map({ $0.lowercased() }), let meant = typos[domain] {
                result.diagnostics.warning(location, "the address ends in '\(domain)': did the patient mean '\(meant)'?",
                                           hint: "check the address with the patient before sending")
            }
            guard let from = clinic.email else {
                result.diagnostics.error(SourceLocation(file: "Templates/clinic.yaml"), "the clinic has no `email` to send from")
                continue
            }
            let logURL = folder.appendingPathComponent("send-log.jsonl")
            // The log is locked for the whole attempt: two `hep send` runs cannot both send one handout,
            // and a handout is never sent when its record cannot be written.
            let log = open(logURL.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard log >= 0 else {
                result.diagnostics.error(SourceLocation(file: shown + "/send-log.jsonl"), "cannot open the send log, so nothing was sent: \(String(cString: strerror(errno)))")
                continue
            }
            defer { close(log) }
            guard flock(log, LOCK_EX | LOCK_NB) == 0 else {
                result.diagnostics.error(SourceLocation(file: shown), "another `hep send` is sending this handout right now; nothing was sent")
                continue
            }
            let previous = (try? String(contentsOf: logURL, encoding: .utf8))?.split(separator: "\n")
                .compactMap { try? JSONDecoder().decode(AuditRecord.self, from: Data($0.utf8)) } ?? []
            if !dryRun, !resend, let sent = previous.last(where: { $0.result == "sent" }) {
                result.diagnostics.error(SourceLocation(file: shown), "this handout was already sent on \(sent.utc) (Message-ID \(sent.messageID))",
                                         hint: "use --resend to send it again on purpose")
                continue
            }
            let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
            let messageID = "\(UUID().uuidString.lowercased()).hep@\(domain)"
            let message = MIMEMessage(fromName: clinic.name, fromAddress: from, replyTo: clinic.replyTo, toName: plan.patient.name,
                                      toAddress: recipient, subject: Self.title(html: html) ?? "Your exercise plan",
                                      date: Self.rfc5322(now), messageID: messageID, text: text, html: MIMEMessage.emailHTML(html),
                                      images: Self.images(in: folder, html: html))
            let bytes: [UInt8]
            do {
                bytes = try message.bytes()
            } catch {
                result.diagnostics.error(location, "\(error)")
                continue
            }
            var record = AuditRecord(messageID: "<\(messageID)>", recipient: recipient, utc: Self.iso8601(now),
                                     handout: shown, result: "sent")
            if dryRun {
                let name = Self.freeName(in: folder, base: "dry-run", ext: "eml")
                do {
                    try HandoutStore(root: folder).writePrivateFile(Data(bytes), to: folder.appendingPathComponent(name))
                } catch {
                    result.diagnostics.error(SourceLocation(file: shown), "cannot write \(name): \(error)")
                    continue
                }
                record.result = "dry-run"
                result.output.append("\(shown)/\(name): written, not sent (dry run).")
            } else {
                do {
                    switch clinic.sending.transport {
                    case .smtp:
                        guard let host = clinic.sending.host else {
                            throw SMTPClient.Failure(stage: .connect, message: "no `sending.host` in Templates/clinic.yaml")
                        }
                        var configuration = SMTPClient.Configuration(host: host, port: clinic.sending.port,
                                                                     username: clinic.sending.username,
                                                                     password: try clinic.sending.password(environment: environment))
                        configuration.requireTLS = clinic.sending.requireTLS
                        configuration.caFile = clinic.sending.caFile
                        configuration.timeout = Int64(clinic.sending.timeout)
                        configuration.heloName = domain
                        _ = try await SMTPClient(configuration).send(bytes, from: from, to: recipient)
                    case .sendmail:
                        try Self.sendmail(bytes, program: clinic.sending.sendmail)
                    }
                    result.output.append("\(shown): sent to \(Self.masked(recipient)) (Message-ID <\(messageID)>).")
                } catch {
                    record.result = "failed"
                    record.error = "\(error)"
                    result.diagnostics.error(SourceLocation(file: shown), "not sent: \(error)",
                                             hint: "nothing was delivered; fix the problem and run `hep send` again")
                }
            }
            if !Self.append(record, to: log) {
                result.diagnostics.error(SourceLocation(file: shown + "/send-log.jsonl"), "the send record could not be written",
                                         hint: record.result == "sent" ? "the email WAS sent; do not send it again without checking with the patient" : "nothing was sent")
            }
        }
        result.exitCode = result.diagnostics.hasErrors ? 1 : 0
        return result
    }

    /// The illustrations copied beside the handout, as email parts.
    static func images(in folder: URL, html: String) -> [MIMEMessage.Image] {
        var seen = Set<String>()
        return html.matches(of: /<img src="images\/([^"]+)"/).compactMap { match in
            let name = String(match.1)
            guard seen.insert(name).inserted else { return nil }  // one part per picture, however often it is shown
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("images/\(name)").path) else { return nil }
            return MIMEMessage.Image(contentID: "\(name)@hep", filename: name, mediaType: name.hasSuffix(".png") ? "image/png" : "image/jpeg",
                                     data: [UInt8](data))
        }
    }

    /// Pipes the message to `sendmail -t -i` (msmtp and postfix provide one).
    static func sendmail(_ bytes: [UInt8], program: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-t", "-i"]
        let input = Pipe()
        // Its error output goes to a file, so a chatty sendmail can never fill a pipe and hang us.
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("hep-sendmail-\(getpid())-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        process.standardInput = input
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        process.standardOutput = FileHandle.nullDevice
        signal(SIGPIPE, SIG_IGN)  // a sendmail that exits early must give an error, not kill hep
        do { try process.run() } catch {
            throw SMTPClient.Failure(stage: .connect, message: "cannot run \(program): \(error.localizedDescription)")
        }
        // sendmail wants LF line ends on its standard input.
        var writeError: Error?
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8))
        } catch {
            writeError = error
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0, writeError == nil else {
            let message = (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? writeError.map { "\($0)" } ?? ""
            throw SMTPClient.Failure(stage: .data, message: "\(program) exited with \(process.terminationStatus): \(message.prefix(200))")
        }
    }

    /// Appends one record as a line; false when it could not be written completely.
    static func append(_ record: AuditRecord, to fd: Int32) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(record) else { return false }
        let line = data + Data("\n".utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        return written == line.count && fsync(fd) == 0
    }

    static func title(html: String) -> String? {
        guard let start = html.range(of: "<title>"), let end = html.range(of: "</title>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
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

    /// `Mon, 23 Nov 2026 09:41:07 +0000`, in English whatever the locale.
    static func rfc5322(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return MIMEMessage.date(CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!),
                                hour: parts.hour!, minute: parts.minute!, second: parts.second!)
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
