import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Packs: named exercises and doses in Exercises/packs/, checked by `hep check`, and a plan
/// started from one with `hep plan new --pack`.
@Suite("Packs")
struct PackTests {
    static let pack = """
    name: Low back, week 1
    exercises:
      - id: glute-bridge
        dosage: {sets: 2, reps: 10}
      - id: side-lying-hip-abduction
        note: Slowly, and stop at a 3 out of 10 ache.

    """

    @Test("hep plan new --pack writes an owner-only plan with the pack's exercises and doses, dated as given")
    func planNew() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        _ = try fixture.write("Exercises/packs/low-back-week-1.yaml", Self.pack)
        let file = fixture.url("plans-new.yaml").path
        let result = PlanNewCommand.run(file: file, project: fixture.project, patientID: "hp-0200", name: "Sam O'Hara", pack: "low-back-week-1",
                                        date: CalendarDate(year: 2026, month: 12, day: 2), practitioner: "Alex Morgan")
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(result.outputText == "Wrote \(file) with the 2 exercises of the pack “Low back, week 1”.\nNext: add the findings, then hep suggest \(file) and hep check \(file).\n")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == """
        patient:
          id: hp-0200
          name: Sam O'Hara
          language: en
        session:
          date: 2026-12-02
          practitioner: Alex Morgan
        exercises:
          - id: glute-bridge
            dosage: {sets: 2, reps: 10}
          - id: side-lying-hip-abduction
            note: Slowly, and stop at a 3 out of 10 ache.

        """)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // Never over an existing plan.
        let again = PlanNewCommand.run(file: file, project: fixture.project, patientID: "hp-0200", name: "Sam", pack: "low-back-week-1",
                                       date: CalendarDate(year: 2026, month: 12, day: 2), practitioner: nil)
        #expect(again.exitCode == 1)
        #expect(again.errorText.contains("\(file):1:1: error: the file exists already"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
        // The plan checks (warnings only: no findings yet).
        let check = await CheckCommand.run(plans: [file], project: fixture.project)
        #expect(check.exitCode == 0, "\(check.errorText)")
    }

    @Test("an unknown exercise in a pack is a located error, in hep check and in hep plan new")
    func unknownExercise() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        _ = try fixture.write("Exercises/packs/bad.yaml", "name: Bad\nexercises:\n  - id: glute-bridge\n  - id: no-such-exercise\n")
        let check = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(check.exitCode == 1)
        #expect(check.errorText.contains("Exercises/packs/bad.yaml:4:9: error: no exercise with id 'no-such-exercise' in Exercises/"))
        let file = fixture.url("new.yaml").path
        let result = PlanNewCommand.run(file: file, project: fixture.project, patientID: "p1", name: "Sam Lee", pack: "bad",
                                        date: CalendarDate(year: 2026, month: 12, day: 2), practitioner: nil)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("Exercises/packs/bad.yaml:4:9: error: no exercise with id 'no-such-exercise' in Exercises/"))
        #expect(!FileManager.default.fileExists(atPath: file))
        let missing = PlanNewCommand.run(file: file, project: fixture.project, patientID: "p1", name: "Sam Lee", pack: "bda",
                                         date: CalendarDate(year: 2026, month: 12, day: 2), practitioner: nil)
        #expect(missing.errorText.contains("Exercises/packs/: error: no pack named 'bda' in Exercises/packs/"))
        #expect(missing.errorText.contains("did you mean 'bad'?"))
    }

    @Test("a pack is never read as an exercise, and a saved pack reads back")
    func saveAndLoad() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        var draft = try PlanDraft(text: try String(contentsOf: Repository.url("Examples/plans/low-back-pain.yaml"), encoding: .utf8), file: "p.yaml")
        draft.exercises = draft.exercises.filter { $0.id != "ball-release-quadratus-lumborum" && $0.id != "sit-to-stand-no-armrests" }
        let name = try PlanPacks.save(title: "Low back: week 1 #2", exercises: draft.exercises, project: fixture.project)
        #expect(name == "low-back-week-1-2")
        let text = try fixture.read("Exercises/packs/low-back-week-1-2.yaml")
        #expect(text.contains("name: \"Low back: week 1 #2\"\n"))
        #expect(!text.contains("side: left") && !text.contains("addresses:"), "a pack holds nothing about one patient")
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(fixture.project, into: &diagnostics)
        #expect(catalogue.files["low-back-week-1-2"] == nil)
        let pack = try #require(PlanPacks.load(name, project: fixture.project, catalogue: catalogue, into: &diagnostics))
        #expect(pack.title == "Low back: week 1 #2")
        #expect(pack.exercises.map(\.id) == ["side-lying-hip-abduction", "glute-bridge"])
        #expect(pack.exercises.map(\.dosage) == [["sets": "2", "reps": "8", "hold": "3"], ["sets": "2", "reps": "10"]])
        #expect(throws: PlanPacks.SaveError.self) { try PlanPacks.save(title: "Low back: week 1 #2", exercises: draft.exercises, project: fixture.project) }
        let check = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(!check.errorText.contains("packs"))
    }
}
