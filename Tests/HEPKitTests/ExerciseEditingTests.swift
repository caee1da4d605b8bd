import Foundation
import Testing
@testable import HEPKit

/// The web editor's form over an exercise file: saving keeps the file's layout.
@Suite("Exercise editing")
struct ExerciseEditingTests {
    static func files() throws -> [String] {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, into: &diagnostics)
        return catalogue.ids.compactMap { catalogue.files[$0] }
    }

    static func text(_ file: String) throws -> String { try String(contentsOf: Repository.url(file), encoding: .utf8) }

    /// The lines that differ between two texts (removed and added).
    static func changes(_ a: String, _ b: String) -> [String] {
        LineDiff.diff(a, b).map { ($0.added ? "+" : "-") + $0.text }
    }

    @Test("every exercise of the catalogue, loaded into the form and saved unchanged, is byte-identical")
    func unchangedIsIdentical() throws {
        let files = try Self.files()
        #expect(files.count >= 60)
        for file in files {
            let text = try Self.text(file)
            let form = try #require(ExerciseForm.read(text), "\(file)")
            let written = try #require(form.written(over: text))
            #expect(written.text == text, "\(file): \(Self.changes(text, written.text))")
        }
    }

    @Test("every field of every exercise, changed alone, changes only its own lines")
    func oneFieldChangesOnlyItsLines() throws {
        for file in try Self.files() {
            let text = try Self.text(file)
            let form = try #require(ExerciseForm.read(text))
            for field in ["purpose", "title", "targets", "feel", "dosage.sets", "starting-position"] {
                var changed = form
                let old = form.values[field] ?? ""
                changed.values[field] = field == "dosage.sets" ? (old == "3" ? "4" : "3") : (field == "targets" ? old + ", piriformis" : old + " Extra.")
                let written = try #require(changed.written(over: text)).text
                let diff = Self.changes(text, written)
                #expect(!diff.isEmpty, "\(file) \(field)")
                // Whatever changed lies inside the field's own lines.
                let reread = try #require(ExerciseForm.read(written))
                for other in ExerciseForm.fields where other != field {
                    #expect(reread.values[other] == form.values[other], "\(file): \(field) changed \(other)")
                }
                #expect(reread.steps == form.steps)
                #expect(reread.values[field] == ExerciseForm.normalised(field, changed.values[field]!), "\(file) \(field)")
            }
        }
    }

    @Test("changing one field of clamshell rewrites exactly its lines, in the file's style")
    func clamshellExamples() throws {
        let text = try Self.text("Exercises/activate/clamshell.md")
        let form = try #require(ExerciseForm.read(text))
        #expect(form.values["regions"] == "hip, buttock")
        #expect(form.values["dosage.side"] == "each")
        #expect(form.values["feel"] == "A working feeling at the side and back of your hip.\nLittle or no work in the front of your hip or your lower back.")
        #expect(form.values["status"] == "reviewed")
        #expect(form.steps.count == 5 && form.steps[0] == "Keep your feet together.")

        var purpose = form
        purpose.values["purpose"] = "Wakes up your hip: side and back."
        #expect(Self.changes(text, purpose.written(over: text)!.text) == [
            "-purpose: Wakes up the muscles at the side and back of your hip.", "+purpose: \"Wakes up your hip: side and back.\""])

        var dose = form
        dose.values["dosage.reps"] = "12"
        dose.values["dosage.tempo"] = "2-0-2"
        dose.values["dosage.rest"] = ""
        #expect(Self.changes(text, dose.written(over: text)!.text) == ["-  reps: 10", "+  reps: 12", "-  rest: 30", "+  tempo: 2-0-2"])

        var comment = form
        comment.values["dosage.sets"] = "3 # more"
        #expect(Self.changes(text, comment.written(over: text)!.text) == ["-  sets: 2", "+  sets: \"3 # more\""])

        var draft = form
        draft.values["status"] = "draft"
        #expect(Self.changes(text, draft.written(over: text)!.text) == ["+status: draft"])
        let drafted = draft.written(over: text)!
        #expect(drafted.text.contains("status: draft\nchangelog:"))
        var reviewed = ExerciseForm.read(drafted.text)!
        reviewed.values["status"] = "reviewed"
        #expect(Self.changes(drafted.text, reviewed.written(over: drafted.text)!.text) == ["-status: draft", "+status: reviewed"])

        var steps = form
        steps.steps = ["Keep your feet together.", "Breathe out and lift your top knee a little way.", "", "Lower your knee slowly.\nRest."]
        let written = steps.written(over: text)!
        #expect(Self.changes(text, written.text) == [
            "-3. Keep your top hip still. Do not let it roll back.", "-4. Hold. Keep breathing.", "-5. Lower your knee slowly.",
            "+3. Lower your knee slowly.", "+   Rest."])
        #expect(written.text.hasSuffix("3. Lower your knee slowly.\n   Rest.\n"))
        let lines = written.text.split(separator: "\n", omittingEmptySubsequences: false)
        let third = try #require(lines.firstIndex(of: "3. Lower your knee slowly.")) + 1
        #expect(written.field(atLine: third) == "step.3")
        #expect(written.field(atLine: third + 1) == "step.3")
        #expect(written.field(atLine: 5) == "purpose")
        #expect(written.field(atLine: 13) == "dosage.reps")
        #expect(written.field(atLine: 2) == nil, "id: is not a form field")
    }

    @Test("a comment and a value YAML cannot read survive until their field changes")
    func commentsAndBrokenValues() throws {
        let text = "---\nid: x\n# the title the patient sees\ntitle: A title   # short\nregions:\n  - hip\n  - knee\nfeel: [unclosed\n---\n## Starting position\n\nStand.\n\n## Steps\n\n1. Go.\n"
        let form = try #require(ExerciseForm.read(text))
        #expect(form.values["title"] == "A title")
        #expect(form.values["regions"] == "hip, knee")
        #expect(form.values["feel"] == "unclosed")
        #expect(form.written(over: text)!.text == text)
        var changed = form
        changed.values["regions"] = "hip"
        #expect(Self.changes(text, changed.written(over: text)!.text) == ["-  - knee"])
        changed.values["title"] = "Other"
        #expect(changed.written(over: text)!.text.contains("# the title the patient sees\ntitle: Other\n"))
    }

    @Test("the live check of a text reports what hep check --only would, and leaves the project alone")
    func checkOfText() async throws {
        let file = "Exercises/activate/clamshell.md"
        let text = try Self.text(file)
        let clean = await ExerciseFormCheck.check(text: text, file: file, project: Repository.project)
        #expect(clean.all.isEmpty, "\(clean.sorted.map(\.message))")
        var form = try #require(ExerciseForm.read(text))
        form.values["dosage.sets"] = "20"
        let broken = form.written(over: text)!
        let found = await ExerciseFormCheck.check(text: broken.text, file: file, project: Repository.project)
        #expect(found.sorted.map { "\($0.line): \($0.message)" } == ["12: 'dosage.sets' is 20; it must be from 1 to 10"])
        #expect(broken.field(atLine: 12) == "dosage.sets")
        form.values["dosage.sets"] = "2"
        form.values["targets"] = "gluteus-medius, glute-med"
        let unknown = form.written(over: text)!
        let vocabulary = await ExerciseFormCheck.check(text: unknown.text, file: file, project: Repository.project)
        #expect(vocabulary.sorted.contains { unknown.field(atLine: $0.line) == "targets" && $0.message.contains("glute-med") },
                "\(vocabulary.sorted.map(\.message))")
        #expect(try Self.text(file) == text)
        #expect(!ExerciseFormCheck.isCatalogueFile("Exercises/../Templates/x.md"))
        #expect(!ExerciseFormCheck.isCatalogueFile("Exercises/archive/abc.md"))
        #expect(ExerciseFormCheck.isCatalogueFile(file))
    }

    @Test("the live check gives exactly what hep check --only FILE prints once the text is saved")
    func sameAsCheckOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-edit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["Exercises", "Templates"] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Repository.url(name), to: folder.appendingPathComponent(name))
        }
        let project = Project(root: folder)
        let file = "Exercises/activate/clamshell.md"
        var form = try #require(ExerciseForm.read(try Self.text(file)))
        form.steps[3] = "Hold for 5 seconds. Keep breathing."
        form.values["mistakes"] = (form.values["mistakes"] ?? "") + "\nLetting your knee drop.Then lift again."
        let text = try #require(form.written(over: try Self.text(file))).text
        let live = await ExerciseFormCheck.check(text: text, file: file, project: project)
        try text.write(to: project.url(file), atomically: true, encoding: .utf8)
        let saved = await ProjectCheck.run(project: project, plans: []).diagnostics.only([file])
        #expect(live.sorted == saved.sorted)
        #expect(live.sorted.count >= 2, "\(live.sorted.map(\.message))")
    }
}
