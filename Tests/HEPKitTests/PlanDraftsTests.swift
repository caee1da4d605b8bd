import Foundation
@testable import HEPKit
import Testing

@Suite("Plan drafts")
struct PlanDraftsTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)

    static func store() -> HandoutStore {
        HandoutStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("hep-drafts-\(UUID().uuidString)/Output"))
    }

    static func mode(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test("draft names: a date, then -2, -3; anything else is refused")
    func names() {
        for good in ["2026-12-02", "2026-12-02-2", "2026-12-02-17"] { #expect(PlanDrafts.isValidName(good), "\(good)") }
        for bad in ["", "..", "../2026-12-02", "2026-12-02/..", "2026-13-02", "2026-12-02-1", "2026-12-02-02", "2026-12-02-x",
                    "2026-12-2", "2026-12-02.yaml", "2026-12-02-2-2", "%2e%2e"] {
            #expect(!PlanDrafts.isValidName(bad), "\(bad)")
        }
    }

    @Test("a new patient's draft reads back as a plan, owner-only, in Output/<patient>/plans/<date>.yaml")
    func newPatient() throws {
        let store = Self.store()
        var diagnostics = DiagnosticList()
        let patient = PlanDrafts.NewPatient(id: "hp-0301", name: "Ana Lima: \"Nana\"", preferredName: "Ana", email: "ana@example.com",
                                            exercises: ["glute-bridge"])
        let draft = try #require(PlanDrafts.newPatient(patient, store: store, today: Self.today, into: &diagnostics))
        #expect(diagnostics.all.isEmpty)
        #expect(draft.name == "2026-12-02")
        #expect(draft.url.path == store.root.path + "/hp-0301/plans/2026-12-02.yaml")
        #expect(Self.mode(draft.url) == 0o600)
        #expect(Self.mode(draft.url.deletingLastPathComponent()) == 0o700)
        #expect(Self.mode(store.root.appendingPathComponent("hp-0301")) == 0o700)
        var found = DiagnosticList()
        let plan = try #require(Plan.parse(try String(contentsOf: draft.url, encoding: .utf8), file: "p", into: &found))
        #expect(found.errors.isEmpty)
        #expect(plan.patient.id == "hp-0301")
        #expect(plan.patient.name == "Ana Lima: \"Nana\"")
        #expect(plan.patient.preferredName == "Ana")
        #expect(plan.patient.email == "ana@example.com")
        #expect(plan.patient.emailConfirmed == false)
        #expect(plan.sessionDate == Self.today)
        #expect(plan.exercises.map(\.id.value) == ["glute-bridge"])
        #expect(draft.patientName == "Ana Lima: \"Nana\"")
        #expect(PlanDrafts.list(store: store, patientID: "hp-0301").map(\.name) == ["2026-12-02"])
    }

    @Test("a new patient with no exercises yet: the draft's only error is the empty list; a second patient with the id is refused")
    func newPatientWithoutExercises() throws {
        let store = Self.store()
        var diagnostics = DiagnosticList()
        let draft = try #require(PlanDrafts.newPatient(.init(id: "hp 7", name: "Yes"), store: store, today: Self.today, into: &diagnostics))
        var found = DiagnosticList()
        _ = Plan.parse(try String(contentsOf: draft.url, encoding: .utf8), file: "p", into: &found)
        #expect(found.errors.map(\.message).allSatisfy { $0.contains("'exercises'") }, "\(found.errors)")
        #expect(draft.patientID == "hp 7" && draft.patientName == "Yes")
        var again = DiagnosticList()
        #expect(PlanDrafts.newPatient(.init(id: "hp 7", name: "Other"), store: store, today: Self.today, into: &again) == nil)
        #expect(again.errors.map(\.message) == ["a patient with the id 'hp 7' already exists"])
        var bad = DiagnosticList()
        #expect(PlanDrafts.newPatient(.init(id: "hp-8", name: "X", email: "not an address"), store: store, today: Self.today, into: &bad) == nil)
        #expect(bad.errors.map(\.message) == ["'patient.email' is not an email address: 'not an address'"])
        #expect(!FileManager.default.fileExists(atPath: store.root.appendingPathComponent("hp-8").path))
    }

    @Test("newName and create take the next free name; save replaces only that draft, atomically")
    func saving() throws {
        let store = Self.store()
        #expect(PlanDrafts.newName(for: Self.today, store: store, patientID: "hp-1") == "2026-12-02")
        let first = try PlanDrafts.create(text: "a\n", store: store, patientID: "hp-1", date: Self.today)
        let second = try PlanDrafts.create(text: "b\n", store: store, patientID: "hp-1", date: Self.today)
        #expect([first.name, second.name] == ["2026-12-02", "2026-12-02-2"])
        #expect(PlanDrafts.newName(for: Self.today, store: store, patientID: "hp-1") == "2026-12-02-3")
        try PlanDrafts.save(text: "changed\n", store: store, patientID: "hp-1", name: "2026-12-02")
        #expect(try PlanDrafts.load(store: store, patientID: "hp-1", name: "2026-12-02") == "changed\n")
        #expect(try PlanDrafts.load(store: store, patientID: "hp-1", name: "2026-12-02-2") == "b\n")
        #expect(Self.mode(first.url) == 0o600)
        #expect(throws: PlanDrafts.DraftError.self) { try PlanDrafts.save(text: "x", store: store, patientID: "hp-1", name: "../../etc") }
        #expect(throws: PlanDrafts.DraftError.self) { try PlanDrafts.load(store: store, patientID: "hp-1", name: "../plan") }
        let left = try FileManager.default.contentsOfDirectory(atPath: first.url.deletingLastPathComponent().path).sorted()
        #expect(left == ["2026-12-02-2.yaml", "2026-12-02.yaml"])
    }

    @Test("start from an issued handout: its plan with only the date changed (comments kept), a past follow-up dropped")
    func startFrom() throws {
        let store = Self.store()
        let plan = """
        # Runner, right ankle.
        patient:
          id: hp-0202
          name: Tomás Herrera
        session:
          # the visit
          date: 2026-11-10   # first visit
          practitioner: Alex Morgan
        exercises:
          - id: glute-bridge
            dosage: {sets: 3, reps: 12}   # progress next time
        follow-up: 2026-11-24

        """
        let handout = try store.write(files: [("plan.yaml", Data(plan.utf8)), ("manifest.json", Data("{}".utf8))],
                                      patientID: "hp-0202", date: CalendarDate(year: 2026, month: 11, day: 10))
        // A manifest that reads: copy the fields a real one has.
        let manifest = Manifest(toolVersion: "t", cmarkVersion: "c", catalogueVersion: "1", patientID: "hp-0202", sessionDate: "2026-11-10",
                                language: "en", plan: .init(file: "plan.yaml", sha256: ""), exercises: [], templates: [], outputs: [])
        try FileManager.default.removeItem(at: handout.appendingPathComponent("manifest.json"))
        try manifest.encoded().write(to: handout.appendingPathComponent("manifest.json"))
        let draft = try PlanDrafts.startFrom(handoutFolder: handout, store: store, today: Self.today)
        #expect(draft.name == "2026-12-02")
        #expect(draft.url.path == store.root.path + "/hp-0202/plans/2026-12-02.yaml")
        let text = try String(contentsOf: draft.url, encoding: .utf8)
        #expect(text == plan.replacingOccurrences(of: "  date: 2026-11-10   # first visit", with: "  date: 2026-12-02   # first visit")
            .replacingOccurrences(of: "follow-up: 2026-11-24\n", with: ""))
        #expect(try String(contentsOf: handout.appendingPathComponent("plan.yaml"), encoding: .utf8) == plan)
        let again = try PlanDrafts.startFrom(handoutFolder: handout, store: store, today: Self.today)
        #expect(again.name == "2026-12-02-2")
        #expect(throws: PlanDrafts.DraftError.self) {
            try PlanDrafts.startFrom(handoutFolder: store.root.appendingPathComponent("hp-0202/plans"), store: store, today: Self.today)
        }
    }

    @Test("a date in `session: {…}` on one line is set too; a future follow-up is kept")
    func inlineSession() throws {
        let text = "session: {date: 2026-11-10, practitioner: A}\nfollow-up: 2027-01-05\n"
        let edited = try PlanDrafts.settingSessionDate(Self.today, in: text)
        #expect(edited == "session: {date: 2026-12-02, practitioner: A}\nfollow-up: 2027-01-05\n")
        #expect(PlanDrafts.withoutPastFollowUp(edited, before: Self.today) == edited)
    }

    @Test("confirming the address: email-confirmed set or added after email:, comments kept")
    func confirming() throws {
        let added = try PlanDrafts.confirmingEmail(in: "patient:\n  id: a\n  email: a@b.co  # work\n  language: en\nsession:\n  date: 2026-12-02\n")
        #expect(added == "patient:\n  id: a\n  email: a@b.co  # work\n  email-confirmed: true\n  language: en\nsession:\n  date: 2026-12-02\n")
        let set = try PlanDrafts.confirmingEmail(in: "patient:\n  id: a\n  email-confirmed: false # ask\nsession: {}\n")
        #expect(set == "patient:\n  id: a\n  email-confirmed: true # ask\nsession: {}\n")
    }
}
