import Foundation
import HEPKit
@testable import HEPWeb
import Testing

/// The round trip of the issue: entering each example plan's content through the editor's form, as
/// a practitioner would (a new patient, then the fields filled and saved, findings one row at a
/// time, each exercise added with its Add button and then given its dose, side, note and finding),
/// gives a plan that renders to the same handout as the example itself.
@Suite("Plan editor round trip")
struct EditorRoundTripTests {
    static let examples = ["ankle-instability", "carpal-tunnel", "fibromyalgia", "low-back-pain", "plantar-fasciitis", "tension-headache"]

    /// `fields` with every `name` field replaced by one field per value (at the first one's place, or at the end).
    static func replacing(_ fields: [(String, String)], _ name: String, with values: [String]) -> [(String, String)] {
        let at = fields.firstIndex { $0.0 == name } ?? fields.count
        var out = fields.filter { $0.0 != name }
        out.insert(contentsOf: values.map { (name, $0) }, at: min(at, out.count))
        return out
    }

    /// The values of the `name` checkboxes in the order the page shows them.
    static func pageOrder(_ html: String, _ name: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "name=\"\(name)\" value=\"([^\"]*)\"")
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    /// `fields` with the last `name` field (a blank row's) set to `value`.
    static func settingLast(_ fields: [(String, String)], _ name: String, to value: String) -> [(String, String)] {
        let count = fields.filter { $0.0 == name }.count
        return EditorTests.setting(fields, name, to: value, occurrence: count - 1)
    }

    /// Posts the form (`op`) and returns the form of the page it leads to.
    static func post(_ client: DeskClient, _ path: String, _ fields: [(String, String)], op: String = "save") async throws -> [(String, String)] {
        let response = try await client.post(path, fields + [("op", op)])
        #expect(response.status == .seeOther, "\(op): \(response.status) \(response.body.prefix(300))")
        let page = try await client.get(response.location ?? path)
        #expect(!page.body.contains("<p class=\"alert\" role=\"alert\">"), "\(op) gave an error")
        return EditorTests.form(page.body)
    }

    /// The handout files `hep render` writes for `plan`.
    static func render(_ plan: URL, snapshot: ProjectSnapshot) async throws -> [String: String] {
        let store = HandoutStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("hep-roundtrip-\(UUID().uuidString)"))
        let report = await HandoutIssuing.issue([plan], snapshot: snapshot, store: store)
        let folder = try #require(report.folders.first, "\(plan.lastPathComponent) did not render")
        var files: [String: String] = [:]
        for name in ["handout.html", "handout.md", "handout.txt"] {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// The handout's footer "Reference XXXX-XXXX" is a fingerprint of the plan (`HandoutComposer.reference`:
    /// the plan's hash and the catalogue version), so it legitimately differs between the example's text
    /// and the text the editor wrote (comments, layout, defaults not written). Only that is normalised.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: #"Reference [0-9A-F]{4}-[0-9A-F]{4}"#, with: "Reference XXXX-XXXX", options: .regularExpression)
    }

    @Test("each example plan entered through the form renders to the example's own handout", arguments: examples)
    func roundTrip(_ name: String) async throws {
        let projectRoot = try DeskFixture.projectCopy()
        let desk = try DeskFixture.desk(project: projectRoot)
        let client = DeskClient(desk: desk)
        let exampleURL = projectRoot.appendingPathComponent("Examples/plans/\(name).yaml")
        let example = try PlanDraft(text: try String(contentsOf: exampleURL, encoding: .utf8), file: "example")

        // A new patient, as the patients page makes one.
        let created = try await client.post("/patients/new", [("id", example.patient.id), ("name", example.patient.name), ("language", "en")])
        #expect(created.status == .seeOther)
        let path = try #require(created.location)
        var fields = EditorTests.form(try await client.get(path).body)

        // Patient, session and the findings typed in the text boxes.
        fields = EditorTests.setting(fields, "patient.preferred-name", to: example.patient.preferredName)
        fields = EditorTests.setting(fields, "patient.email", to: example.patient.email)
        fields = fields.filter { $0.0 != "patient.email-confirmed" }
        if example.patient.emailConfirmed { fields.append(("patient.email-confirmed", "true")) }
        if !example.patient.language.isEmpty { fields = EditorTests.setting(fields, "patient.language", to: example.patient.language) }
        fields = EditorTests.setting(fields, "session.date", to: example.sessionDate)
        fields = EditorTests.setting(fields, "session.practitioner", to: example.practitioner)
        fields = EditorTests.setting(fields, "movement", to: example.movement.joined(separator: "\n"))
        fields = EditorTests.setting(fields, "notes", to: example.notes.joined(separator: "\n"))
        fields = EditorTests.setting(fields, "goals", to: example.goals.joined(separator: "\n"))
        fields = EditorTests.setting(fields, "advice", to: example.advice.joined(separator: "\n"))
        fields = EditorTests.setting(fields, "pain-limit", to: example.painLimit)
        fields = EditorTests.setting(fields, "follow-up", to: example.followUp)
        fields = fields.filter { $0.0 != "keep-order" }
        if example.keepOrder { fields.append(("keep-order", "true")) }
        // Boxes ticked all at once: a browser posts them in the page's order (by name), not the plan's.
        // The conditions' order matters (the handout's warning signs follow it), so it is typed in its own field.
        let html = try await client.get(path).body
        fields = Self.replacing(fields, "conditions", with: Self.pageOrder(html, "conditions").filter(example.conditions.contains))
        fields = Self.replacing(fields, "equipment", with: Self.pageOrder(html, "equipment").filter(example.equipment.contains))
        fields = EditorTests.setting(fields, "conditions.order", to: example.conditions.joined(separator: ", "))
        fields = try await Self.post(client, path, fields)

        // Findings, one row at a time (the form always shows one blank row).
        for muscle in example.muscles {
            fields = Self.settingLast(fields, "m.muscle", to: muscle.muscle)
            fields = Self.settingLast(fields, "m.side", to: muscle.side)
            fields = Self.settingLast(fields, "m.status", to: muscle.status)
            fields = Self.settingLast(fields, "m.test", to: muscle.test)
            fields = Self.settingLast(fields, "m.note", to: muscle.note)
            fields = try await Self.post(client, path, fields)
        }
        for pain in example.pain {
            fields = Self.settingLast(fields, "p.region", to: pain.region)
            fields = Self.settingLast(fields, "p.side", to: pain.side)
            fields = Self.settingLast(fields, "p.score", to: pain.score)
            fields = Self.settingLast(fields, "p.note", to: pain.note)
            fields = try await Self.post(client, path, fields)
        }

        // Exercises: each added with its Add button (as a search result offers it), then its row filled in.
        for (index, exercise) in example.exercises.enumerated() {
            fields = try await Self.post(client, path, fields, op: "add:\(exercise.id)||")
            #expect(fields.filter { $0.0 == "x.id" }.map(\.1).last == exercise.id)
            if !exercise.side.isEmpty { fields = EditorTests.setting(fields, "x.side", to: exercise.side, occurrence: index) }
            for (key, value) in exercise.dosage {
                #expect(fields.contains { $0.0 == "x.\(key)" }, "the form has no field for \(key)")
                fields = EditorTests.setting(fields, "x.\(key)", to: value, occurrence: index)
            }
            if !exercise.version.isEmpty { fields = EditorTests.setting(fields, "x.version", to: exercise.version, occurrence: index) }
            fields = EditorTests.setting(fields, "x.note", to: exercise.note, occurrence: index)
            fields = EditorTests.setting(fields, "x.addresses", to: exercise.addresses, occurrence: index)
            fields = try await Self.post(client, path, fields)
        }

        // The saved draft renders to the example's handout.
        let draftName = try #require(path.split(separator: "/").last.map(String.init))
        let draftURL = PlanDrafts.folder(store: desk.store, patientID: example.patient.id).appendingPathComponent(draftName + ".yaml")
        var diagnostics = DiagnosticList()
        let snapshot = try #require(ProjectSnapshot.load(Project(root: projectRoot), into: &diagnostics))
        let expected = try await Self.render(exampleURL, snapshot: snapshot)
        let got = try await Self.render(draftURL, snapshot: snapshot)
        for file in ["handout.html", "handout.md", "handout.txt"] {
            let (want, have) = (Self.normalised(try #require(expected[file])), Self.normalised(try #require(got[file])))
            let saved = try String(contentsOf: draftURL, encoding: .utf8)
            #expect(want == have, "\(name) \(file) differs; the saved draft:\n\(saved)")
            if want != have {
                let (a, b) = (want.split(separator: "\n", omittingEmptySubsequences: false), have.split(separator: "\n", omittingEmptySubsequences: false))
                if let line = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                    Issue.record("\(name) \(file) line \(line.offset + 1):\n  example: \(line.element.0)\n  form:    \(line.element.1)")
                }
            }
        }
    }
}
