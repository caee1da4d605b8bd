import Foundation
@testable import HEPKit
@testable import HEPWeb
import Synchronization
import Testing

/// What the desk keeps about what happened: a log line per request with no patient details, and
/// an audit record for every handout issued or sent.
@Suite("Desk log and audit", .serialized)
struct DeskAuditTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test("the log has method, route pattern, status and time, never a name, an address, an id or a note; issuing leaves an audit record")
    func logAndAudit() async throws {
        let lines = Lines()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hep-desk-\(UUID().uuidString)")
        let desk = try Desk(configuration: DeskConfiguration(port: 0, projectRoot: DeskFixture.repositoryRoot, outputRoot: output,
                                                             usersFile: output.appendingPathComponent(".users"),
                                                             today: { CalendarDate(year: 2026, month: 12, day: 2) },
                                                             log: { lines.append($0) }))
        let plan = try String(contentsOf: DeskFixture.repositoryRoot.appendingPathComponent("Examples/plans/ankle-instability.yaml"), encoding: .utf8)
        _ = try PlanDrafts.save(text: plan, store: desk.store, patientID: "hp-0202", name: "2026-11-10")
        let client = DeskClient(desk: desk)
        let issued = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        #expect(issued.status == .seeOther)
        _ = try await client.get("/patients/hp-0202?q=Secret+Note")
        _ = try await client.get("/no/such/page")
        let log = lines.all
        #expect(log.count >= 4)
        #expect(log.contains { $0.hasPrefix("POST /patients/{pid}/plans/{draft}/issue 303 ") && $0.hasSuffix(" ms") })
        #expect(log.contains { $0.hasPrefix("GET /patients/{pid} 200 ") })
        #expect(log.contains { $0.hasPrefix("GET NotFound 404 ") }, "\(log)")
        let text = log.joined(separator: "\n")
        let patient = try #require(desk.snapshot().0?.loadPlanText(plan))
        for secret in ["hp-0202", "Secret", patient.name, patient.email ?? "@"] {
            #expect(!text.contains(secret), "the log holds \(secret)")
        }

        let records = AuditLog.records(of: desk.store)
        #expect(records.count == 1)
        #expect(records.first?.who == "local")
        #expect(records.first?.action == "issued")
        #expect(records.first?.handout == "hp-0202/2026-11-10")
        #expect(records.first?.at.hasSuffix("Z") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: AuditLog.file(of: desk.store).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The audit file is not a patient: the list still shows only hp-0202.
        let list = try await client.get("/")
        #expect(!list.body.contains("audit"))
    }
}

extension ProjectSnapshot {
    /// The patient of a plan's text (for the test's list of what must not be logged).
    fileprivate func loadPlanText(_ text: String) -> Plan.Patient? {
        var diagnostics = DiagnosticList()
        return loadPlan(text: text, shownAs: "plan.yaml", into: &diagnostics)?.patient
    }
}
