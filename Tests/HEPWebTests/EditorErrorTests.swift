import Foundation
import HEPKit
@testable import HEPWeb
import Testing

/// Issue point 10: every error is shown next to its field, with the same message as the CLI
/// diagnostic; nothing is saved while the plan has an error.
@Suite("Plan editor errors")
struct EditorErrorTests {
    typealias E = EditorTests

    /// The messages `hep check` gives for `text` as a plan file (errors only).
    static func checkMessages(_ text: String, project: URL) async throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("plan.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let report = await ProjectCheck.run(project: Project(root: project), plans: [file.path])
        return report.diagnostics.sorted.filter { $0.severity == .error && $0.file.hasSuffix("plan.yaml") }.map(\.message)
    }

    /// The HTML of the row with `id` (`m0`, `p1`, `x2`): from its opening tag to the next row's.
    static func row(_ html: String, _ id: String) -> String {
        guard let start = html.range(of: " id=\"\(id)\">") else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "</fieldset>") ?? rest.range(of: "</li>")
        return String(rest[..<(end?.lowerBound ?? rest.endIndex)])
    }

    @Test("an unknown muscle typed and saved: 422, file unchanged byte for byte, hep check's message beside the row; fixed, it saves")
    func unknownMuscle() async throws {
        let (client, url) = try E.desk()
        let original = try String(contentsOf: url, encoding: .utf8)
        let fields = E.form(try await client.get(E.path).body)
        let typed = E.setting(fields, "m.muscle", to: "gluteus-medius-x", occurrence: 1)
        let refused = try await client.post(E.path, typed + [("op", "save")])
        #expect(refused.status == .unprocessableContent)
        #expect(try String(contentsOf: url, encoding: .utf8) == original, "nothing was saved")
        #expect(refused.body.contains("<p class=\"alert\" role=\"alert\">Nothing was saved: fix the errors marked below.</p>"))
        let shown = E.form(refused.body)
        #expect(shown.filter { $0.0 == "m.muscle" }.map(\.1) == ["gluteus-medius", "gluteus-medius-x", "gluteus-maximus", ""], "what was typed is kept")
        let edited = original.replacingOccurrences(of: "muscle: quadratus-lumborum", with: "muscle: gluteus-medius-x")
        let expected = try await Self.checkMessages(edited, project: client.desk.configuration.projectRoot)
        #expect(!expected.isEmpty)
        let row = Self.row(refused.body, "m1")
        for message in expected { #expect(row.contains("<p class=\"field-error\">\(HTMLText.escape(message))</p>"), "\(message) beside muscle 2") }
        #expect(!Self.row(refused.body, "m0").contains("field-error"))
        // The form shown can be fixed and saved (its revision is still the file's).
        let fixed = try await client.post(E.path, E.setting(shown, "m.muscle", to: "quadratus-lumborum", occurrence: 1)
                                            + [("op", "save")])
        #expect(fixed.status == .seeOther)
        #expect(try String(contentsOf: url, encoding: .utf8) == original)
        let changed = try await client.post(E.path, E.setting(E.setting(shown, "m.muscle", to: "quadratus-lumborum", occurrence: 1),
                                                              "patient.preferred-name", to: "Meg") + [("op", "save")])
        #expect(changed.status == .seeOther)
        #expect(try String(contentsOf: url, encoding: .utf8) == original.replacingOccurrences(of: "preferred-name: Maggie", with: "preferred-name: Meg"))
    }

    @Test("a bad date and a score of 11: each beside its field, nothing saved")
    func fields() async throws {
        let (client, url) = try E.desk()
        let original = try String(contentsOf: url, encoding: .utf8)
        var fields = E.form(try await client.get(E.path).body)
        fields = E.setting(fields, "session.date", to: "2026-13-45")
        fields = E.setting(fields, "p.score", to: "11")
        let refused = try await client.post(E.path, fields + [("op", "save")])
        #expect(refused.status == .unprocessableContent)
        #expect(try String(contentsOf: url, encoding: .utf8) == original)
        let edited = original.replacingOccurrences(of: "date: 2026-11-23", with: "date: 2026-13-45").replacingOccurrences(of: "score: 5", with: "score: 11")
        let expected = try await Self.checkMessages(edited, project: client.desk.configuration.projectRoot)
        #expect(expected.count >= 2)
        let session = String(refused.body[refused.body.range(of: "id=\"session-date\"")!.lowerBound...].prefix { $0 != "\n" })
        let pain = Self.row(refused.body, "p0")
        for message in expected {
            let beside = session.contains(HTMLText.escape(message)) || pain.contains(HTMLText.escape(message))
            #expect(beside, "\(message) beside its field")
        }
        #expect(pain.contains("field-error"))
        #expect(session.contains("field-error"))
        #expect(E.form(refused.body).first { $0.0 == "session.date" }?.1 == "2026-13-45")
    }

    @Test("a row button on a plan with an error: applied to the form shown, not saved")
    func rowOp() async throws {
        let (client, url) = try E.desk()
        let original = try String(contentsOf: url, encoding: .utf8)
        let fields = E.setting(E.form(try await client.get(E.path).body), "m.muscle", to: "no-such-muscle", occurrence: 0)
        let refused = try await client.post(E.path, fields + [("op", "remove-x:3")])
        #expect(refused.status == .unprocessableContent)
        #expect(try String(contentsOf: url, encoding: .utf8) == original)
        #expect(refused.body.contains("Nothing was saved: fix the errors marked below. (Removed sit-to-stand-no-armrests. It is in the form below, not saved yet.)"))
        #expect(E.form(refused.body).filter { $0.0 == "x.id" }.map(\.1) == ["ball-release-quadratus-lumborum", "side-lying-hip-abduction", "glute-bridge"])
    }

    @Test("an exercise id not in the catalogue: its message beside the exercise row; a new patient's draft without exercises still saves")
    func exerciseRowAndNewPatient() async throws {
        let plan = try E.example().replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridgee\n")
        let (client, url) = try E.desk(plan)
        let page = try await client.get(E.path)
        let expected = try await Self.checkMessages(plan, project: client.desk.configuration.projectRoot)
        #expect(expected.contains { $0.contains("glute-bridgee") })
        for message in expected { #expect(Self.row(page.body, "x2").contains(HTMLText.escape(message)), "\(message)") }
        let refused = try await client.post(E.path, E.setting(E.form(page.body), "patient.preferred-name", to: "Meg") + [("op", "save")])
        #expect(refused.status == .unprocessableContent)
        #expect(try String(contentsOf: url, encoding: .utf8) == plan)
        // A new patient's first draft has no exercise yet: its findings can be saved before any is added.
        let created = try await client.post("/patients/new", [("id", "hp-0999"), ("name", "Ann Lee"), ("language", "en")])
        let path = try #require(created.location)
        let fields = E.setting(E.form(try await client.get(path).body), "m.muscle", to: "gluteus-medius")
        let saved = try await client.post(path, E.setting(E.setting(fields, "m.side", to: "left"), "m.status", to: "inhibited") + [("op", "save")])
        #expect(saved.status == .seeOther)
    }
}

