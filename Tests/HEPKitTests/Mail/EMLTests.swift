import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// The `.eml` against Python's `email` package as the oracle (HANDOUT-RULES 11-17).
@Suite("Email message")
struct EMLTests {
    static let hostileName = "Zoë Ångström-Łukasz 田中"

    /// A rendered handout and its email for a patient with a hard name and a subject with ?, = and _.
    static func message(subject: String = "Your plan? = from_Harbour 😀 田中") async throws -> (handout: RenderedHandout, eml: [UInt8]) {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Templates/wording/en.yaml", replacing: "title: \"Your home exercise plan from {clinic}, {date}\"", with: "title: \"\(subject)\"")
        // A line that starts with "." (SMTP dot-stuffing must keep it).
        try fixture.edit("Templates/clinic.yaml", replacing: "disclaimer: >-\n  This plan", with: "disclaimer: >-\n  .This plan")
        var diagnostics = DiagnosticList()
        let workspace = try #require(ProjectSnapshot.load(fixture.project, into: &diagnostics), "\(diagnostics.report)")
        let planText = FixtureProject.plan
            .replacingOccurrences(of: "  name: Test Patient", with: "  name: \(hostileName)\n  email: zoe@example.com")
            .replacingOccurrences(of: "  - Walk without pain", with: "  - .A goal that starts with a dot\n  - <script>alert(1)</script> & \"quotes\"")
        let plan = try #require(Plan.parse(planText, file: "plan.yaml", into: &diagnostics), "\(diagnostics.report)")
        let items = try #require(workspace.prepare(plan, into: &diagnostics), "\(diagnostics.report)")
        let handout = workspace.render(plan, items: items)
        return (handout, try workspace.email(handout, for: plan))
    }

    /// Runs Python's email parser on the message and returns what it reports, as JSON.
    static func oracle(_ eml: [UInt8]) throws -> [String: Any] {
        let script = """
        import email, json, sys
        from email import policy
        raw = sys.stdin.buffer.read()
        msg = email.message_from_bytes(raw, policy=policy.default)
        defects = [type(d).__name__ for part in msg.walk() for d in part.defects] + [type(d).__name__ for d in msg.defects]
        structure = [part.get_content_type() for part in msg.walk()]
        text = msg.get_body(('plain',)).get_content()
        html = msg.get_body(('html',)).get_content()
        to = msg['To'].addresses[0]
        frm = msg['From'].addresses[0]
        print(json.dumps({"defects": defects, "structure": structure, "subject": str(msg['Subject']),
                          "toName": to.display_name, "toAddress": to.addr_spec, "fromName": frm.display_name,
                          "text": text, "html": html, "date": str(msg['Date']), "messageID": str(msg['Message-ID']),
                          "charsets": [p.get_content_charset() for p in msg.walk() if not p.is_multipart()]}))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(eml))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("Python parses it with no defects and gets back the same subject, names and bodies")
    func oracleRoundTrip() async throws {
        let (handout, eml) = try await Self.message()
        let parsed = try Self.oracle(eml)
        #expect((parsed["defects"] as? [String]) == [])
        #expect(!handout.images.isEmpty)
        #expect((parsed["structure"] as? [String]) == ["multipart/alternative", "text/plain", "multipart/related", "text/html"]
                + Array(repeating: "image/png", count: handout.images.count), "one image part per picture")
        #expect(parsed["subject"] as? String == "Your plan? = from_Harbour 😀 田中")
        #expect(parsed["toName"] as? String == Self.hostileName)
        #expect(parsed["toAddress"] as? String == "zoe@example.com")
        #expect(parsed["fromName"] as? String == "Harbour Osteopathy")
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == handout.text + (handout.text.hasSuffix("\n") ? "" : "\n")
                || (parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == handout.text)
        #expect((parsed["html"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == handout.html.replacingOccurrences(of: "src=\"images/", with: "src=\"cid:").replacing(/src="cid:([^"]+)"/) { "src=\"cid:\($0.1)@hep\"" })
        #expect((parsed["charsets"] as? [Any])?.prefix(2).compactMap { $0 as? String } == ["utf-8", "utf-8"])
        #expect(parsed["date"] as? String == "Fri, 20 Nov 2026 09:00:00 +0000")
        #expect((parsed["messageID"] as? String)?.hasSuffix(".hep@harbour-osteopathy.example>") == true)
    }

    @Test("CRLF only, no line over 998 octets, encoded lines at most 76, 7-bit headers, encoded-words at most 75")
    func lineRules() async throws {
        let (_, eml) = try await Self.message()
        let text = String(decoding: eml, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare LF")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "a bare CR")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        let headerEnd = try #require(lines.firstIndex(of: ""))
        let headers = lines[..<headerEnd]
        #expect(headers.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }, "headers are 7-bit")
        for word in text.matches(of: /=\?utf-8\?B\?[A-Za-z0-9+\/=]*\?=/) { #expect(word.output.count <= 75) }
        for line in headers where line.contains("=?utf-8?") { #expect(line.utf8.count <= 76, "\(line)") }
        let bodyLines = lines[headerEnd...].filter { !$0.hasPrefix("--") && !$0.hasPrefix("Content-") }
        #expect(bodyLines.allSatisfy { $0.utf8.count <= 76 }, "\(bodyLines.filter { $0.utf8.count > 76 }.prefix(2))")
        #expect(bodyLines.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }, "bodies are quoted-printable, never 8bit")
        // The goal that starts with "." survives in the text part.
        #expect(lines.contains { $0.hasPrefix(".This plan") })
        #expect(try Self.oracle(eml)["text"].map { "\($0)".contains("\n.This plan is for you only") } == true)
    }

    @Test("11. the plain-text twin carries every exercise title, dose, stop-if line, the red flags and the clinic contact, wrapped at 78")
    func textTwin() async throws {
        let (handout, _) = try await Self.message()
        let text = handout.text
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for exercise in handout.viewModel.exercises {
            #expect(text.contains("\(exercise.number). \(exercise.title.uppercased())"))
            #expect(flat.contains(exercise.dose), "\(exercise.dose)")
            for line in exercise.stopIf { #expect(flat.contains(line)) }
        }
        for line in handout.viewModel.redFlagsEmergency + handout.viewModel.redFlagsToday { #expect(flat.contains(line), "\(line)") }
        #expect(text.contains("+44 117 496 0000") && text.contains("hello@harbour-osteopathy.example"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 || !$0.contains(" ") })
    }

    @Test("15. From, To, Subject, Date, Message-ID and MIME-Version headers")
    func headers() async throws {
        let (_, eml) = try await Self.message()
        let text = String(decoding: eml, as: UTF8.self)
        let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
        let names = head.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(names == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"])
        #expect(head.contains("MIME-Version: 1.0"))
    }

    @Test("hostile strings in every free-text field reach the email as text, and Python parses it cleanly")
    func hostileFields() async throws {
        for attack in PatientTextTests.hostile {
            var diagnostics = DiagnosticList()
            let workspace = try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics))
            let planText = PatientTextTests.plan { _ in attack }.replacingOccurrences(of: "  language: en", with: "  language: en\n  email: p@example.com")
            let plan = try #require(Plan.parse(planText, file: "plan.yaml", into: &diagnostics), "\(diagnostics.report)")
            let items = try #require(workspace.prepare(plan, into: &diagnostics))
            let handout = workspace.render(plan, items: items)
            if attack.contains(where: \.isNewline) {
                // A line break in the patient's name would start a new header: refused, nothing written.
                #expect(throws: MailHeaders.UnsafeValue.self) { try workspace.email(handout, for: plan) }
                continue
            }
            let parsed = try Self.oracle(try workspace.email(handout, for: plan))
            #expect((parsed["defects"] as? [String]) == [], "\(attack)")
            // The display name comes back as written (less the leading and trailing blanks a header
            // folds away; a name of thousands of characters is kept to its first part).
            let name = try #require(parsed["toName"] as? String, "\(attack)")
            let trimmed = attack.trimmingCharacters(in: .whitespaces)
            #expect(name == trimmed || (trimmed.count > 900 && name.count >= 100 && trimmed.hasPrefix(name)), "\(attack)")
            #expect((parsed["text"] as? String)?.contains(attack.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "") == true)
        }
    }

    @Test("boundaries occur in no part; the Message-ID is on the clinic's domain")
    func boundaries() async throws {
        let (handout, eml) = try await Self.message()
        let text = String(decoding: eml, as: UTF8.self)
        let boundaries = text.matches(of: /boundary="([^"]+)"/).map { String($0.1) }
        #expect(boundaries.count == 2)
        // The parameter, one delimiter per part (text and related; html and each picture), the closing one.
        let uses = boundaries.map { text.components(separatedBy: $0).count - 1 }
        #expect(uses == [4, 3 + handout.images.count], "the boundaries appear only as delimiters")
    }

    @Test("a header value with a control character is refused with a clear error", arguments: [
        ("Evil\r\nBcc: victim@example.com", "the To header contains a carriage return (CR); nothing was written"),
        ("Evil\nBcc: x@example.com", "the To header contains a line feed (LF); nothing was written"),
        ("Nul\u{0}Name", "the To header contains a NUL byte; nothing was written"),
        ("Bell\u{07}", "the To header contains a control character (U+7); nothing was written"),
    ])
    func controlCharacters(_ name: String, _ message: String) {
        let mail = MIMEMessage(fromName: "Clinic", fromAddress: "a@clinic.example", replyTo: nil, toName: name,
                               toAddress: "p@example.com", subject: "Hi", date: "Mon, 23 Nov 2026 09:00:00 +0000",
                               messageID: "x@clinic.example", text: "t", html: "<p>h</p>")
        #expect(throws: MailHeaders.UnsafeValue.self) { try mail.bytes() }
        do { _ = try mail.bytes() } catch { #expect("\(error)" == message) }
    }

    @Test("the same handout gives the same email bytes")
    func deterministic() async throws {
        let first = try await Self.message().eml, second = try await Self.message().eml
        #expect(first == second)
    }

    @Test("quoted-printable and base64 encoders", arguments: [
        ("plain", "plain"), ("a=b", "a=3Db"), ("trailing space ", "trailing space=20"), ("é", "=C3=A9"),
        (String(repeating: "x", count: 80), String(repeating: "x", count: 75) + "=\r\n" + String(repeating: "x", count: 5)),
    ])
    func quotedPrintable(_ input: String, _ expected: String) {
        #expect(QuotedPrintable.encode(input) == expected)
    }

    @Test("base64 matches Foundation's")
    func base64() async {
        for text in ["", "a", "ab", "abc", "Zoë 田中 😀", String(repeating: "xyz", count: 40)] {
            #expect(Base64.encode(Array(text.utf8)) == Data(text.utf8).base64EncodedString())
        }
    }
}
