import Foundation
@testable import HEPKit
import Testing

@Suite("Patient records")
struct PatientRecordsTests {
    static func plan(id: String, name: String, date: String, email: String? = nil) -> String {
        """
        patient:
          id: \(id)
          name: \(name)
        \(email.map { "  email: \($0)\n" } ?? "")session:
          date: \(date)
        exercises:
          - id: glute-bridge

        """
    }

    /// A store with two handouts for hp-1 (renamed between them), a draft-only patient, and a
    /// folder that is not a handout.
    static func store() throws -> HandoutStore {
        let store = HandoutStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("hep-records-\(UUID().uuidString)"))
        for (date, name, version) in [("2026-11-01", "Zoë Old", 1), ("2026-11-20", "Zoë Ångström", 3)] {
            let manifest = Manifest(toolVersion: "t", cmarkVersion: "c", catalogueVersion: "1", patientID: "hp-1", sessionDate: date, language: "en",
                                    plan: .init(file: "plan.yaml", sha256: ""),
                                    exercises: [.init(id: "glute-bridge", version: version, file: "", sha256: "", title: "Glute bridge", dose: nil)],
                                    templates: [], outputs: [], pictures: [.init(file: "images/a.png", sha256: "", exercise: "glute-bridge", credit: nil, licence: "x")])
            let text = plan(id: "hp-1", name: name, date: date, email: "zoe@example.com")
            _ = try store.write(files: [("manifest.json", manifest.encoded()), ("plan.yaml", Data(text.utf8))], patientID: "hp-1",
                                date: try CalendarDate.parse(date).get())
        }
        try "{\"handout\":\"x\",\"messageID\":\"<m@x>\",\"recipient\":\"zoe@example.com\",\"result\":\"sent\",\"utc\":\"2026-11-20T10:00:00Z\"}\n"
            .write(to: store.root.appendingPathComponent("hp-1/2026-11-20/send-log.jsonl"), atomically: true, encoding: .utf8)
        _ = try PlanDrafts.create(text: plan(id: "hp 2", name: "Ana Lima", date: "2026-12-02"), store: store, patientID: "hp 2",
                                  date: CalendarDate(year: 2026, month: 12, day: 2))
        try FileManager.default.createDirectory(at: store.root.appendingPathComponent("hp-1/notes"), withIntermediateDirectories: true)
        return store
    }

    @Test("every patient from manifests and drafts: name from the newest plan, last visit, handouts newest first, sent state")
    func all() throws {
        let store = try Self.store()
        var diagnostics = DiagnosticList()
        let patients = PatientRecords.all(store: store, project: Project(root: store.root), withChanges: false, into: &diagnostics)
        #expect(patients.map(\.id) == ["hp 2", "hp-1"])
        let ana = patients[0], zoe = patients[1]
        #expect(ana.name == "Ana Lima" && ana.lastVisit == nil && ana.handouts.isEmpty && ana.drafts.map(\.name) == ["2026-12-02"])
        #expect(ana.openDrafts == 1)
        #expect(zoe.name == "Zoë Ångström" && zoe.email == "zoe@example.com")
        #expect(zoe.lastVisit == "2026-11-20")
        #expect(zoe.handouts.map(\.folder) == ["2026-11-20", "2026-11-01"])
        #expect(zoe.handouts[0].sent && !zoe.handouts[1].sent)
        #expect(zoe.handouts[0].sends.map(\.recipient) == ["z…@example.com"])
        #expect(zoe.handouts[0].exercises == [.init(id: "glute-bridge", title: "Glute bridge", version: 3)])
        #expect(zoe.handouts[0].pictures == ["images/a.png"])
        #expect(!zoe.handouts[0].emailConfirmed)
        // Reading never creates a send log.
        #expect(!FileManager.default.fileExists(atPath: store.root.appendingPathComponent("hp-1/2026-11-01/send-log.jsonl").path))
    }

    @Test("search: any case, accents ignored, every word must match the name or the id")
    func search() throws {
        let store = try Self.store()
        var diagnostics = DiagnosticList()
        let patients = PatientRecords.all(store: store, project: Project(root: store.root), withChanges: false, into: &diagnostics)
        #expect(PatientRecords.search(patients, "angstrom").map(\.id) == ["hp-1"])
        #expect(PatientRecords.search(patients, "HP").map(\.id) == ["hp 2", "hp-1"])
        #expect(PatientRecords.search(patients, "lima hp").map(\.id) == ["hp 2"])
        #expect(PatientRecords.search(patients, "lima zoë").isEmpty)
        #expect(PatientRecords.search(patients, "  ").count == 2)
        #expect(PatientRecords.patient(id: "hp 2", store: store, project: Project(root: store.root), into: &diagnostics)?.name == "Ana Lima")
        #expect(PatientRecords.patient(id: "../hp-1", store: store, project: Project(root: store.root), into: &diagnostics) == nil)
    }
}
