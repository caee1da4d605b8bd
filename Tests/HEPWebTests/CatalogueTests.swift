import Foundation
import HEPKit
@testable import HEPWeb
import Testing

/// The catalogue pages as a practitioner and an editor use them.
@Suite struct CatalogueTests {
    /// The fields the edit form sends for `text` as it is (what a browser submits untouched).
    static func formFields(_ text: String, changing changes: [String: String] = [:]) throws -> [(String, String)] {
        let form = try #require(ExerciseForm.read(text))
        var fields = ExerciseForm.fields.map { ($0, changes[$0] ?? form.values[$0] ?? "") }
        fields += form.steps.map { ("step", $0) } + [("step", "")]
        return fields
    }

    @Test func theListSearchesAndFilters() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let all = try await client.get("/catalogue")
        #expect(all.status == .ok)
        #expect(all.body.contains("<h1>Catalogue</h1>"))
        #expect(all.body.contains(">Clamshell</a>"))
        #expect(all.body.contains("New exercise"), "a loopback desk without accounts may edit")
        let activate = try await client.get("/catalogue?phase=activate&q=clam")
        #expect(activate.body.contains(">Clamshell</a>"))
        #expect(activate.body.contains("1 exercise<"))
        let byMuscle = try await client.get("/catalogue?target=gluteus-medius&equipment=mat")
        #expect(byMuscle.body.contains(">Clamshell</a>"))
        #expect(!byMuscle.body.contains(">Chin nod</a>"))
        let drafts = try await client.get("/catalogue?status=draft")
        #expect(drafts.body.contains("0 exercises<"))
        let unknown = try await client.get("/catalogue?region=hipp")
        #expect(unknown.body.contains("There is no region “hipp” in the vocabulary; did you mean “hip”?"))
        #expect(try await client.get("/catalogue?equipment=rocket").body.contains("There is no equipment “rocket” in the vocabulary."))
        let hostile = try await client.get("/catalogue?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        #expect(hostile.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(!hostile.body.contains("<script>alert"))
    }

    @Test func anExerciseShowsWhatExercisesShowShows() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let page = try await client.get("/catalogue/clamshell")
        #expect(page.status == .ok)
        #expect(page.body.contains("<h1>Clamshell</h1>"))
        #expect(page.body.contains("sets 2, reps 10, hold 3s, rest 30s, side each, 1x a day, 5 days a week"))
        #expect(page.body.contains("gluteus medius <span class=\"muted\">(gluteus-medius)</span>"))
        #expect(page.body.contains("After hip replacement, check the surgical team&#39;s precautions on hip rotation and side-lying before prescribing."))
        #expect(page.body.contains("version 3"))
        #expect(page.body.contains("Reading grade"))
        #expect(page.body.contains("<li>Keep your feet together.</li>"))
        #expect(page.body.contains("src=\"/catalogue/clamshell/images/1\""))
        let picture = try await client.get("/catalogue/clamshell/images/1")
        #expect(picture.status == .ok && picture.headers[.contentType] == "image/png")
        #expect(try await client.get("/catalogue/no-such-exercise").status == .notFound)
        #expect(try await client.get("/catalogue/..%2F..%2Fetc").status == .notFound)
        #expect(try await client.get("/catalogue/clamshell/images/9").status == .notFound)
        let changelog = try await client.get("/catalogue/clamshell/changelog")
        #expect(changelog.body.contains("Pictures redrawn to match the steps more closely"))
    }

    @Test func practitionersCannotEdit() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-users-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("users")
        var store = try UserStore.load(file)
        try store.set("pia", role: .practitioner, password: "a long practitioner password")
        let client = DeskClient(desk: try DeskFixture.desk(users: file))
        #expect(try await client.post("/login", [("name", "pia"), ("password", "a long practitioner password")]).status == .seeOther)
        let view = try await client.get("/catalogue/clamshell")
        #expect(view.status == .ok)
        #expect(!view.body.contains("/catalogue/clamshell/edit"))
        #expect(try await client.get("/catalogue/clamshell/edit").status == .forbidden)
        #expect(try await client.post("/catalogue/clamshell/edit", [("purpose", "x")]).status == .forbidden)
        #expect(try await client.get("/catalogue/release").status == .forbidden)
        #expect(try await client.post("/catalogue/new", [("id", "x-y")]).status == .forbidden)
    }

    @Test func editCheckSaveReleaseAndDiff() async throws {
        let project = try DeskFixture.projectCopy()
        let client = DeskClient(desk: try DeskFixture.desk(project: project))
        let file = project.appendingPathComponent("Exercises/activate/clamshell.md")
        let original = try String(contentsOf: file, encoding: .utf8)

        let edit = try await client.get("/catalogue/clamshell/edit")
        #expect(edit.status == .ok)
        #expect(edit.body.contains("value=\"Wakes up the muscles at the side and back of your hip.\""))
        #expect(edit.body.contains("No problems found."))
        #expect(edit.body.contains("list=\"vocab-muscles\""))
        #expect(edit.body.contains("name=\"base\" value=\"\(ExerciseForm.stamp(of: original))\""))

        // Saved unchanged: nothing is written.
        let same = try await client.post("/catalogue/clamshell/edit", try Self.formFields(original) + [("action", "save")])
        #expect(same.status == .seeOther && same.location == "/catalogue/clamshell/edit?saved=0")
        #expect(try String(contentsOf: file, encoding: .utf8) == original)

        // An error, beside its field, as hep check words it.
        let broken = try Self.formFields(original, changing: ["dosage.sets": "20"])
        let checked = try await client.post("/catalogue/clamshell/check", broken, withToken: false,
                                            headers: [.init("X-CSRF-Token")!: try await client.token()])
        #expect(checked.status == .ok)
        #expect(checked.headers[.contentType] == "application/json; charset=utf-8")
        let answer = try JSONDecoder().decode(CheckAnswer.self, from: Data(checked.body.utf8))
        let row = try #require(answer.fields["dosage.sets"]?.first)
        #expect(row.location == "Exercises/activate/clamshell.md:12:9")
        #expect(row.message == "'dosage.sets' is 20; it must be from 1 to 10")
        #expect(answer.summary == "1 error, 0 warnings")
        #expect(try await client.post("/catalogue/clamshell/check", broken, withToken: false).status == .forbidden)

        let refused = try await client.post("/catalogue/clamshell/edit", broken + [("action", "save")])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.body.contains("Not saved: fix the errors marked below"))
        #expect(refused.body.contains("&#39;dosage.sets&#39; is 20; it must be from 1 to 10"))
        #expect(refused.body.contains("value=\"20\""), "the form keeps what was typed")
        #expect(try String(contentsOf: file, encoding: .utf8) == original)

        // Fixed and saved: only the purpose line changes.
        let fixed = try Self.formFields(original, changing: ["purpose": "Wakes up the muscles at the side of your hip."])
        let saved = try await client.post("/catalogue/clamshell/edit", fixed + [("action", "save")])
        #expect(saved.status == .seeOther && saved.location == "/catalogue/clamshell/edit?saved=1", "\(saved.status) \(saved.location ?? "") \(saved.body.prefix(200))")
        let now = try String(contentsOf: file, encoding: .utf8)
        #expect(LineDiff.diff(original, now).map(\.text) == ["purpose: Wakes up the muscles at the side and back of your hip.",
                                                           "purpose: Wakes up the muscles at the side of your hip."])
        // A form opened before that save does not overwrite it.
        let stale = try await client.post("/catalogue/clamshell/edit", try Self.formFields(original, changing: ["title": "Clam"])
                                          + [("base", ExerciseForm.stamp(of: original)), ("action", "save")])
        #expect(stale.status == .conflict)
        #expect(stale.body.contains("Not saved: Exercises/activate/clamshell.md was changed since you opened this form."))
        #expect(try String(contentsOf: file, encoding: .utf8) == now)
        let after = try await client.get("/catalogue/clamshell/edit?saved=1")
        #expect(after.body.contains("Saved Exercises/activate/clamshell.md."))

        // Released with a note: version 4, and its diff.
        let preview = try await client.get("/catalogue/release")
        #expect(preview.body.contains("version 3 → 4"))
        #expect(preview.body.contains("/catalogue/clamshell/versions/3/diff/now"))
        let noNote = try await client.post("/catalogue/release", [("note", "")])
        #expect(noNote.status == .unprocessableContent)
        #expect(noNote.body.contains("1 changed exercise needs a changelog note: clamshell"))
        let released = try await client.post("/catalogue/release", [("note", "Purpose in fewer words"), ("safety", "1")])
        #expect(released.status == .seeOther && released.location?.hasPrefix("/catalogue/release?released=2026.12.02") == true)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("version: 4\n"))
        #expect(text.contains("  - version: 4\n    date: 2026-12-02\n    note: \"Purpose in fewer words\"\n    safety: true\n"))
        let page = try await client.get("/catalogue/clamshell")
        #expect(page.body.contains("version 4"))
        #expect(page.body.contains("/catalogue/clamshell/versions/3/diff/4"))
        let diff = try await client.get("/catalogue/clamshell/versions/3/diff/4")
        #expect(diff.status == .ok)
        #expect(diff.body.contains("<code>purpose: Wakes up the muscles at the side of your hip.</code>"))
        #expect(diff.body.contains("<code>version: 4</code>"))
        #expect(try await client.get("/catalogue/clamshell/versions/99/diff/4").status == .notFound)
    }

    @Test func eachDiagnosticIsShownBesideTheFieldHoldingItsLine() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let original = try String(contentsOf: DeskFixture.repositoryRoot.appendingPathComponent("Exercises/activate/clamshell.md"), encoding: .utf8)
        let token = try await client.token()
        let unknown = try await client.post("/catalogue/clamshell/check", try Self.formFields(original, changing: ["targets": "gluteus-medius, glute-med"]),
                                            withToken: false, headers: [.init("X-CSRF-Token")!: token])
        let vocabulary = try JSONDecoder().decode(CheckAnswer.self, from: Data(unknown.body.utf8))
        #expect(vocabulary.fields["targets"]?.map(\.message) == ["unknown muscle 'glute-med'"], "\(vocabulary)")
        var fields = try Self.formFields(original, changing: ["purpose": "Wakes up your hip."])
        fields = fields.map { $0.0 == "step" && $0.1 == "Hold. Keep breathing." ? ("step", "Hold for 5 seconds. Keep breathing.") : $0 }
        let page = try await client.post("/catalogue/clamshell/check", fields, withToken: false, headers: [.init("X-CSRF-Token")!: token])
        let answer = try JSONDecoder().decode(CheckAnswer.self, from: Data(page.body.utf8))
        #expect(answer.fields["step.4"]?.map(\.message) == ["step 4 says '5 seconds'; the dose line gives times, counts and sides, and a plan may change them"], "\(answer)")
        #expect(answer.top.map(\.message).contains("'clamshell' changed since version 3 was released, but its version is still 3"), "\(answer.top)")
        // The same, without JavaScript: "Check without saving" shows them in the page, nothing written.
        let html = try await client.post("/catalogue/clamshell/edit", fields + [("action", "check")])
        #expect(html.status == .ok)
        #expect(html.body.contains("step 4 says &#39;5 seconds&#39;"))
        #expect(html.body.contains("Hold for 5 seconds. Keep breathing.</textarea>"))
    }

    @Test func aNewExerciseStartsAsADraftFromTheSkeleton() async throws {
        let project = try DeskFixture.projectCopy()
        let client = DeskClient(desk: try DeskFixture.desk(project: project))
        let form = try await client.get("/catalogue/new")
        #expect(form.status == .ok)
        let bad = try await client.post("/catalogue/new", [("id", "Wall Sit"), ("phase", "integrate")])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.body.contains("&#39;Wall Sit&#39; is not a valid id"))
        let made = try await client.post("/catalogue/new", [("id", "wall-sit-test"), ("phase", "integrate")])
        #expect(made.status == .seeOther && made.location == "/catalogue/wall-sit-test/edit?created=1")
        let text = try String(contentsOf: project.appendingPathComponent("Exercises/integrate/wall-sit-test.md"), encoding: .utf8)
        #expect(text.contains("status: draft\nchangelog:"))
        let edit = try await client.get("/catalogue/wall-sit-test/edit?created=1")
        #expect(edit.body.contains("placeholder not filled in: title: TODO short title the patient understands"))
        let picture = try await client.get("/catalogue/clamshell/picture?n=2")
        #expect(picture.status == .ok && picture.headers[.contentType] == "image/svg+xml" && picture.body.hasPrefix("<svg"))
        let wrong = try await client.get("/catalogue/clamshell/picture?n=1&figures=" + DeskClient.encode("  - view: sideways\n    base: standing\n"))
        #expect(wrong.status == .unprocessableContent)
    }
}
