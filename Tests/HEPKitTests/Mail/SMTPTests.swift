import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// A real SMTP server on 127.0.0.1 (Debian's python3-aiosmtpd), with a throwaway CA made at test time.
final class TestSMTPServer: @unchecked Sendable {
    let folder: URL
    let port: Int
    let received: URL
    private let process: Process

    /// `mode`: tls (STARTTLS and AUTH required), plain (no STARTTLS), reject (refuses every recipient).
    init(mode: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        received = folder.appendingPathComponent("received.eml")
        try Self.shell("""
        cd '\(folder.path)' && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=hep test CA' && \
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost' && \
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf && \
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf
        """)
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Repository.url("Tests/SMTP/server.py").path, mode, folder.appendingPathComponent("server.pem").path,
                             folder.appendingPathComponent("server.key").path, received.path, String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait (at most 20 s) until the port accepts connections.
        let deadline = Date().addingTimeInterval(20)
        while !Self.accepts(port) {
            guard Date() < deadline, process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                throw FixtureProject.FixtureError(message: "the test SMTP server did not start (is python3-aiosmtpd installed?)")
            }
            usleep(50_000)
        }
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    var caFile: String { folder.appendingPathComponent("ca.pem").path }

    /// The messages received so far, as bytes.
    var messages: [Data] {
        guard let data = FileManager.default.contents(atPath: received.path) else { return [] }
        return String(decoding: data, as: UTF8.self).components(separatedBy: "\n--END-OF-MESSAGE--\n").dropLast().map { Data($0.utf8) }
    }

    func stop() {
        // SIGKILL: a child started by Foundation's Process may have SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    static func shell(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureProject.FixtureError(message: "failed: \(command)") }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw FixtureProject.FixtureError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

@Suite("Sending", .serialized)
struct SMTPTests {
    /// A fixture with a rendered handout for a confirmed address, the clinic set to send to `server`.
    static func handout(server: TestSMTPServer?, email: String = "zoe@example.com", confirmed: Bool = true,
                        transport: String = "smtp", extra: String = "") async throws -> (FixtureProject, String) {
        let fixture = try await FixtureProject()
        let sending = """
        sending:
          transport: \(transport)
          host: localhost
          port: \(server?.port ?? 2525)
          username: hep
          ca-file: \(server?.caFile ?? "/nonexistent")
          timeout: 30
        \(extra)
        """
        let clinic = try fixture.read("Templates/clinic.yaml")
        try fixture.write("Templates/clinic.yaml", String(clinic[..<clinic.range(of: "sending:")!.lowerBound]) + sending)
        try fixture.edit("Templates/clinic.yaml", replacing: "disclaimer: >-\n  This plan", with: "disclaimer: >-\n  .This plan")
        let plan = try fixture.write("plans/zoe.yaml", FixtureProject.plan.replacingOccurrences(
            of: "  name: Test Patient", with: "  name: Zoë Ångström-Łukasz 田中\n  email: \(email)\n  email-confirmed: \(confirmed)"))
        let rendered = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        guard rendered.exitCode == 0 else { throw FixtureProject.FixtureError(message: rendered.errorText) }
        return (fixture, fixture.url(rendered.output[0]).path)
    }

    static let environment = ["HEP_SMTP_PASSWORD": "s3cret"]

    @Test("a real handout over STARTTLS with AUTH: the bytes received parse cleanly, once, with an audit record")
    func sendsOverTLS() async throws {
        let server = try TestSMTPServer(mode: "tls")
        defer { server.stop() }
        let (fixture, folder) = try await Self.handout(server: server)
        defer { fixture.remove() }
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(result.output.first?.hasPrefix("Output/t-001/2026-11-20: sent to z…@example.com (Message-ID <") == true)
        let messages = server.messages
        #expect(messages.count == 1)
        let parsed = try EMLTests.oracle(Array(try #require(messages.first)))
        #expect((parsed["defects"] as? [String]) == [])
        #expect(parsed["toName"] as? String == "Zoë Ångström-Łukasz 田中")
        #expect(parsed["subject"] as? String == "Your home exercise plan from Harbour Osteopathy, Friday 20 November 2026")
        let text = try fixture.read(String(folder.dropFirst(fixture.root.path.count + 1)) + "/handout.txt")
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == text, "the line starting with '.' survived dot-stuffing")
        let log = try String(contentsOfFile: folder + "/send-log.jsonl", encoding: .utf8)
        #expect(log.contains("\"result\":\"sent\"") && log.contains("\"recipient\":\"zoe@example.com\""))
        #expect(!result.outputText.contains("s3cret") && !result.errorText.contains("s3cret"))

        let twice = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(twice.exitCode == 1)
        #expect(twice.errorText.contains("error: this handout was already sent on "))
        #expect(twice.errorText.contains("hint: use --resend to send it again on purpose"))
        #expect(server.messages.count == 1)
        let again = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: true, environment: Self.environment)
        #expect(again.exitCode == 0)
        #expect(server.messages.count == 2)
    }

    @Test("AUTH LOGIN when the server offers no PLAIN")
    func authLogin() async throws {
        let server = try TestSMTPServer(mode: "login")
        defer { server.stop() }
        let (fixture, folder) = try await Self.handout(server: server)
        defer { fixture.remove() }
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(server.messages.count == 1)
    }

    @Test("a server that never answers: the step times out, naming the stage")
    func timeout() async throws {
        // A socket that listens but never speaks: the kernel accepts the connection, nobody greets.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let (fixture, folder) = try await Self.handout(server: nil)
        defer { fixture.remove() }
        try fixture.edit("Templates/clinic.yaml", replacing: "  port: 2525", with: "  port: \(port)")
        try fixture.edit("Templates/clinic.yaml", replacing: "  timeout: 30", with: "  timeout: 1")
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("error: not sent: greeting: no answer within 1 seconds"), "\(result.errorText)")
    }

    @Test("a server that offers no STARTTLS: hep stops before AUTH and sends nothing")
    func noStartTLS() async throws {
        let server = try TestSMTPServer(mode: "plain")
        defer { server.stop() }
        let (fixture, folder) = try await Self.handout(server: server)
        defer { fixture.remove() }
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("error: not sent: STARTTLS: the server does not offer STARTTLS; nothing was sent (hep never sends a patient's handout or a password unencrypted)"))
        #expect(server.messages.isEmpty)
        #expect(try String(contentsOfFile: folder + "/send-log.jsonl", encoding: .utf8).contains("\"result\":\"failed\""))
    }

    @Test("a server certificate that does not verify fails, unless its CA file is given")
    func unverifiedCertificate() async throws {
        let server = try TestSMTPServer(mode: "tls")
        defer { server.stop() }
        let (fixture, folder) = try await Self.handout(server: server)
        defer { fixture.remove() }
        try fixture.edit("Templates/clinic.yaml", replacing: "  ca-file: \(server.caFile)\n", with: "")
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("error: not sent: TLS: the server's certificate could not be verified ("), "\(result.errorText)")
        #expect(result.errorText.contains("If the clinic's server uses its own certificate authority, set `sending.ca-file`"))
        #expect(server.messages.isEmpty)
    }

    @Test("a server that rejects the recipient: a clear error naming the stage and the reply")
    func rejectedRecipient() async throws {
        let server = try TestSMTPServer(mode: "reject")
        defer { server.stop() }
        let (fixture, folder) = try await Self.handout(server: server)
        defer { fixture.remove() }
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: Self.environment)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("error: not sent: RCPT: the server replied 550 5.1.1 <zoe@example.com>: Recipient address rejected: User unknown"))
    }

    @Test("a wrong password: a clear error, and no secret printed")
    func wrongPassword() async throws {
        let server = try TestSMTPServer(mode: "tls")
        defer { server.stop() }
        let (fixture, folder) = try await Self.handout(server: server)
        defer { fixture.remove() }
        let secret = "wrong-Passw0rd"
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false,
                                           environment: ["HEP_SMTP_PASSWORD": secret])
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("error: not sent: AUTH: the server replied 535"))
        let encoded = Base64.encode(Array("\u{0}hep\u{0}\(secret)".utf8))
        for leak in [secret, encoded, Base64.encode(Array(secret.utf8))] {
            #expect(!result.errorText.contains(leak) && !result.outputText.contains(leak))
            #expect(!(try String(contentsOfFile: folder + "/send-log.jsonl", encoding: .utf8)).contains(leak))
        }
        #expect(server.messages.isEmpty)
    }

    @Test("no address, an unconfirmed address, a likely typo, a dry run")
    func recipientRules() async throws {
        let (unconfirmed, folder) = try await Self.handout(server: nil, confirmed: false)
        defer { unconfirmed.remove() }
        let refused = await SendCommand.run(handouts: [folder], project: unconfirmed.project, dryRun: false, resend: false, environment: [:])
        #expect(refused.errorText.contains("error: the patient's email address is not confirmed; nothing was sent"))

        let (typo, typoFolder) = try await Self.handout(server: nil, email: "zoe@gmial.com")
        defer { typo.remove() }
        let dry = await SendCommand.run(handouts: [typoFolder], project: typo.project, dryRun: true, resend: false, environment: [:])
        #expect(dry.errorText.contains("warning: the address ends in 'gmial.com': did the patient mean 'gmail.com'?"))
        #expect(dry.output == ["Output/t-001/2026-11-20/dry-run.eml: written, not sent (dry run)."] || dry.output.first?.hasSuffix("dry-run.eml: written, not sent (dry run).") == true)
        let eml = try #require(FileManager.default.contents(atPath: typoFolder + "/dry-run.eml"))
        #expect((try EMLTests.oracle(Array(eml))["defects"] as? [String]) == [])
        let mode = try FileManager.default.attributesOfItem(atPath: typoFolder + "/dry-run.eml")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the sendmail transport pipes the message to sendmail -t -i")
    func sendmail() async throws {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("hep-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        let program = capture.appendingPathComponent("sendmail")
        try "#!/bin/sh\necho \"$@\" > '\(capture.path)/args'\ncat > '\(capture.path)/message'\n".write(to: program, atomically: true, encoding: .utf8)
        chmod(program.path, 0o755)
        let (fixture, folder) = try await Self.handout(server: nil, transport: "sendmail", extra: "  sendmail: \(program.path)")
        defer { fixture.remove() }
        let result = await SendCommand.run(handouts: [folder], project: fixture.project, dryRun: false, resend: false, environment: [:])
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(try String(contentsOf: capture.appendingPathComponent("args"), encoding: .utf8) == "-t -i\n")
        let message = try Data(contentsOf: capture.appendingPathComponent("message"))
        #expect((try EMLTests.oracle(Array(message))["toAddress"] as? String) == "zoe@example.com")
    }

    @Test("a password file readable by others is refused")
    func passwordFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hep-pw-\(UUID().uuidString)")
        try "s3cret\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var settings = SendingSettings()
        settings.passwordFile = file.path
        chmod(file.path, 0o644)
        #expect(throws: SMTPClient.Failure.self) { try settings.password(environment: [:]) }
        chmod(file.path, 0o600)
        #expect(try settings.password(environment: [:]) == "s3cret")
    }

    @Test("dot-stuffing")
    func dotStuffing() async {
        let stuffed = SMTPClient.dotStuffed(Array("a\r\n.b\r\n..c\r\n".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "a\r\n..b\r\n...c\r\n.\r\n")
    }
}
