import Foundation
@testable import HEPKit
@testable import HEPWeb
import Testing

/// Sending from the desk: the same `HandoutSending` as `hep send`, through the clinic's sendmail (a
/// stub here that keeps each message it is given), with the address confirmed once and no second
/// send without "Send again".
@Suite("Patient send", .serialized)
struct PatientSendTests {
    /// A project copy whose clinic sends through a stub sendmail; the messages it got.
    static func project() throws -> (URL, URL) {
        let project = try DeskFixture.projectCopy()
        let stub = project.appendingPathComponent("sendmail-stub.sh")
        let received = project.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        try "#!/bin/sh\ncat > \"\(received.path)/$(date +%s%N).eml\"\n".write(to: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: stub.path)
        let clinicURL = project.appendingPathComponent("Templates/clinic.yaml")
        let clinic = try String(contentsOf: clinicURL, encoding: .utf8)
        let start = try #require(clinic.range(of: "sending:\n"))
        var rest = clinic[start.upperBound...]
        while let line = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first, line.hasPrefix(" ") {
            rest = rest.dropFirst(line.count + 1)
        }
        try (String(clinic[..<start.lowerBound]) + "sending:\n  transport: sendmail\n  sendmail: \(stub.path)\n" + rest)
            .write(to: clinicURL, atomically: true, encoding: .utf8)
        return (project, received)
    }

    static func messages(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map {
            String(decoding: FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) ?? Data(), as: UTF8.self)
        }
    }

    @Test("a confirmed address: send once, the result and the log shown; a second send is refused until “Send again”")
    func sendOnce() async throws {
        let (project, received) = try Self.project()
        let (desk, client, _) = try PatientRoutesTests.deskWithDraft(project: project)
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        let form = try await client.get("/patients/hp-0202/handouts/2026-11-10/send")
        #expect(form.status == .ok)
        #expect(form.body.contains("<p class=\"address\">tomas.herrera@example.com</p>"))
        #expect(form.body.contains("The patient confirmed this address."))
        #expect(!form.body.contains("name=\"confirm\""))
        #expect(form.body.contains("Not sent yet."))

        let sent = try await client.post("/patients/hp-0202/handouts/2026-11-10/send", [])
        #expect(sent.status == .ok)
        #expect(sent.body.contains("Sent to t…@example.com (Message-ID &lt;"), "\(sent.body)")
        #expect(sent.body.contains("<span class=\"tag ok\">sent</span>"))
        #expect(Self.messages(received).count == 1)
        #expect(Self.messages(received)[0].contains("tomas.herrera@example.com"))
        #expect(sent.body.contains("<button type=\"submit\" name=\"resend\" value=\"yes\" class=\"danger\">Send again</button>"))

        let twice = try await client.post("/patients/hp-0202/handouts/2026-11-10/send", [])
        #expect(twice.status == .unprocessableContent)
        #expect(twice.body.contains("error: this handout was already sent on "))
        #expect(twice.body.contains("hint: use “Send again” to send it again on purpose"))
        #expect(Self.messages(received).count == 1)

        let again = try await client.post("/patients/hp-0202/handouts/2026-11-10/send", [("resend", "yes")])
        #expect(again.status == .ok)
        #expect(again.body.contains("Sent to t…@example.com"))
        #expect(Self.messages(received).count == 2)
        // Every issue and send attempt is in the audit log: issued, sent, refused (nothing went out), sent again.
        #expect(AuditLog.records(of: client.desk.store).filter { $0.handout == "hp-0202/2026-11-10" }.map(\.action)
                == ["issued", "sent", "not-sent", "sent"])
        let page = try await client.get("/patients/hp-0202")
        #expect(page.body.contains("<span class=\"tag ok\">Sent</span>"))
        #expect(page.body.contains("to t…@example.com</p>"))
        let log = try String(contentsOf: desk.store.root.appendingPathComponent("hp-0202/2026-11-10/send-log.jsonl"), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 2)
    }

    @Test("an address not yet confirmed: asked once; confirming sets email-confirmed: true in the plan, issues it again and sends that")
    func confirmOnce() async throws {
        let (project, received) = try Self.project()
        let text = try PatientRoutesTests.plan("ankle-instability").replacingOccurrences(of: "  email-confirmed: true\n", with: "")
        let (desk, client, draft) = try PatientRoutesTests.deskWithDraft(project: project, text: text)
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        let form = try await client.get("/patients/hp-0202/handouts/2026-11-10/send")
        #expect(form.body.contains("<input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> I have checked this address with the patient"))

        let unticked = try await client.post("/patients/hp-0202/handouts/2026-11-10/send", [])
        #expect(unticked.status == .unprocessableContent)
        #expect(unticked.body.contains("error: the address is not confirmed yet; nothing was sent"))
        #expect(Self.messages(received).isEmpty)

        let original = desk.store.root.appendingPathComponent("hp-0202/2026-11-10")
        let before = try Data(contentsOf: original.appendingPathComponent("plan.yaml"))
        let confirmed = try await client.post("/patients/hp-0202/handouts/2026-11-10/send", [("confirm", "yes")])
        #expect(confirmed.status == .ok, "\(confirmed.body)")
        let reissued = desk.store.root.appendingPathComponent("hp-0202/2026-11-10-2")
        #expect(confirmed.body.contains("The address is now confirmed in the plan, which was issued again as \(desk.host.project.displayPath(of: reissued))/"))
        #expect(confirmed.body.contains("Sent to t…@example.com"))
        #expect(Self.messages(received).count == 1)
        // The issued handout is never changed; the new one has the confirmed plan; the draft too.
        #expect(try Data(contentsOf: original.appendingPathComponent("plan.yaml")) == before)
        let newPlan = try String(contentsOf: reissued.appendingPathComponent("plan.yaml"), encoding: .utf8)
        #expect(newPlan == text.replacingOccurrences(of: "  email: tomas.herrera@example.com\n",
                                                      with: "  email: tomas.herrera@example.com\n  email-confirmed: true\n"))
        #expect(try String(contentsOf: draft, encoding: .utf8) == newPlan)
        #expect(PlanDrafts.list(store: desk.store, patientID: "hp-0202").map(\.name) == ["2026-11-10"])
        // Asked once: the new handout's page sends without asking again.
        let next = try await client.get("/patients/hp-0202/handouts/2026-11-10-2/send")
        #expect(!next.body.contains("name=\"confirm\""))
        #expect(next.body.contains("Already sent on "))
    }

    @Test("issuing a draft with the confirm box ticked writes email-confirmed: true into it first")
    func confirmAtIssue() async throws {
        let text = try PatientRoutesTests.plan("ankle-instability").replacingOccurrences(of: "  email-confirmed: true\n", with: "")
        let (desk, client, draft) = try PatientRoutesTests.deskWithDraft(text: text)
        let page = try await client.get("/patients/hp-0202")
        #expect(page.body.contains("<input type=\"checkbox\" name=\"confirm-email\" value=\"yes\"> I have checked the address <strong>tomas.herrera@example.com</strong> with the patient"))
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [("confirm-email", "yes")])
        #expect(try String(contentsOf: draft, encoding: .utf8).contains("  email: tomas.herrera@example.com\n  email-confirmed: true\n"))
        var diagnostics = DiagnosticList()
        let records = PatientRecords.all(store: desk.store, project: desk.host.project, withChanges: false, into: &diagnostics)
        #expect(records.first?.handouts.first?.emailConfirmed == true)
    }
}
