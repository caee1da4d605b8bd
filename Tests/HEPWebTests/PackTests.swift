import Foundation
import HEPKit
@testable import HEPWeb
import Testing

/// The desk's packs: "Save as pack" from the editor, "Start from a pack", and the Packs pages.
@Suite("Desk packs")
struct DeskPackTests {
    @Test("a plan's exercises saved as a pack, listed, shown and started from in another plan")
    func saveAndStart() async throws {
        let (client, _) = try EditorTests.desk()
        let path = EditorTests.path
        var fields = EditorTests.form(try await client.get(path).body)
        fields = EditorTests.setting(fields, "pack.title", to: "Low back, week 1")
        let saved = try await client.post(path + "/pack", fields)
        #expect(saved.status == .seeOther)
        let page = try await client.get(saved.location!).body
        #expect(page.contains("Saved the pack “low-back-week-1” (Exercises/packs/low-back-week-1.yaml)."))
        let project = client.desk.configuration.projectRoot
        let text = try String(contentsOf: project.appendingPathComponent("Exercises/packs/low-back-week-1.yaml"), encoding: .utf8)
        #expect(text.contains("name: Low back, week 1\nexercises:\n  - id: ball-release-quadratus-lumborum\n    note: Go gently. A 3 out of 10 ache is plenty.\n"))
        // Saving it again under the same name is refused unless asked to replace.
        let again = try await client.post(path + "/pack", fields)
        let refused = try await client.get(again.location!).body
        #expect(refused.contains("The pack was not saved: a pack named &#39;low-back-week-1&#39; exists already")
                || refused.contains("The pack was not saved: a pack named 'low-back-week-1' exists already"))
        let list = try await client.get("/packs").body
        #expect(list.contains("<a href=\"/packs/low-back-week-1\">Low back, week 1</a>"))
        let one = try await client.get("/packs/low-back-week-1").body
        #expect(one.contains("Ball release for the side of your low back"))

        // Another patient's new plan starts from it.
        let store = client.desk.store
        try PlanDrafts.save(text: "patient:\n  id: hp-0300\n  name: Ann Lee\nsession:\n  date: 2026-12-02\nexercises:\n  # - id: an exercise from the catalogue\n",
                            store: store, patientID: "hp-0300", name: "2026-12-02")
        let other = "/patients/hp-0300/plans/2026-12-02"
        let form = EditorTests.form(try await client.get(other).body)
        let started = try await client.post(other, EditorTests.setting(form, "pack.name", to: "low-back-week-1") + [("op", "pack")])
        let startedPage = try await client.get(started.location!).body
        #expect(startedPage.contains("Added 4 exercises from the pack “Low back, week 1”."))
        let draft = try PlanDraft(text: try PlanDrafts.load(store: store, patientID: "hp-0300", name: "2026-12-02"), file: "p")
        #expect(draft.exercises.map(\.id) == ["ball-release-quadratus-lumborum", "side-lying-hip-abduction", "glute-bridge", "sit-to-stand-no-armrests"])
        #expect(draft.exercises[1].dosage == ["sets": "2", "reps": "8", "hold": "3"])
        #expect(draft.exercises[1].side == "", "the first patient's side is not carried over")
    }

    @Test("a pack naming an unknown exercise shows the located error")
    func unknownExercise() async throws {
        let (client, _) = try EditorTests.desk()
        let project = client.desk.configuration.projectRoot
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Exercises/packs"), withIntermediateDirectories: true)
        try "name: Bad\nexercises:\n  - id: glute-brige\n".write(to: project.appendingPathComponent("Exercises/packs/bad.yaml"), atomically: true, encoding: .utf8)
        let page = try await client.get("/packs/bad").body
        #expect(page.contains("<code>Exercises/packs/bad.yaml:3:9</code>: error: no exercise with id &#39;glute-brige&#39; in Exercises/")
                || page.contains("<code>Exercises/packs/bad.yaml:3:9</code>: error: no exercise with id 'glute-brige' in Exercises/"))
        let list = try await client.get("/packs").body
        #expect(list.contains("<span class=\"tag bad\">has errors</span>"))
        // Starting a plan from it says so, and changes nothing.
        let form = EditorTests.form(try await client.get(EditorTests.path).body)
        let response = try await client.post(EditorTests.path, EditorTests.setting(form, "pack.name", to: "bad") + [("op", "pack")])
        let after = try await client.get(response.location!).body
        #expect(after.contains("Exercises/packs/bad.yaml:3:9: no exercise with id"))
        let traversal = try await client.get("/packs/..%2Fcatalogue")
        #expect(traversal.status == .notFound)
    }
}
