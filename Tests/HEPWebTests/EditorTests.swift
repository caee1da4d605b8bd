import Foundation
import HEPKit
@testable import HEPWeb
import Testing

/// The plan editor, driven as a browser would: open a draft, post its form back changed, and read
/// the file written, the page shown, the preview and the check beside the plan.
@Suite("Plan editor")
struct EditorTests {
    static let pid = "hp-0142"
    static let draftName = "2026-12-02"
    static var path: String { "/patients/\(pid)/plans/\(draftName)" }

    /// A desk over a copy of the project with `text` saved as the patient's draft.
    static func desk(_ text: String? = nil) throws -> (DeskClient, URL) {
        let project = try DeskFixture.projectCopy()
        let desk = try DeskFixture.desk(project: project)
        let plan = try text ?? String(contentsOf: project.appendingPathComponent("Examples/plans/low-back-pain.yaml"), encoding: .utf8)
        let url = try PlanDrafts.save(text: plan, store: desk.store, patientID: pid, name: draftName)
        return (DeskClient(desk: desk), url)
    }

    static func example(_ name: String = "low-back-pain") throws -> String {
        try String(contentsOf: DeskFixture.repositoryRoot.appendingPathComponent("Examples/plans/\(name).yaml"), encoding: .utf8)
    }

    /// The fields of the page's `<form id="plan">` as a browser submits them (no button).
    static func form(_ html: String) -> [(String, String)] {
        guard let start = html.range(of: "<form id=\"plan\""), let end = html.range(of: "</form>", range: start.upperBound..<html.endIndex) else { return [] }
        let body = String(html[start.lowerBound..<end.lowerBound])
        var fields: [(String, String)] = []
        let pattern = #"<input\b[^>]*>|<select\b[^>]*>.*?</select>|<textarea\b[^>]*>.*?</textarea>"#
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        func attribute(_ name: String, in tag: String) -> String? {
            let regex = try! NSRegularExpression(pattern: "\\s\(name)=\"([^\"]*)\"")
            guard let match = regex.firstMatch(in: tag, range: NSRange(tag.startIndex..., in: tag)), let range = Range(match.range(at: 1), in: tag) else { return nil }
            return unescape(String(tag[range]))
        }
        for match in regex.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
            let element = String(body[Range(match.range, in: body)!])
            let tag = String(element.prefix { $0 != ">" }) + ">"
            guard let name = attribute("name", in: tag) else { continue }
            if element.hasPrefix("<input") {
                let type = attribute("type", in: tag) ?? "text"
                if type == "checkbox" && !tag.contains(" checked") { continue }
                fields.append((name, attribute("value", in: tag) ?? (type == "checkbox" ? "on" : "")))
            } else if element.hasPrefix("<select") {
                let options = try! NSRegularExpression(pattern: #"<option value="([^"]*)"( selected)?"#)
                let all = options.matches(in: element, range: NSRange(element.startIndex..., in: element))
                let chosen = all.first { $0.range(at: 2).location != NSNotFound } ?? all.first
                fields.append((name, chosen.map { unescape(String(element[Range($0.range(at: 1), in: element)!])) } ?? ""))
            } else {
                let inner = element.drop { $0 != ">" }.dropFirst().dropLast("</textarea>".count)
                fields.append((name, unescape(String(inner))))
            }
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#x60;", with: "`").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The form with `name` (the `occurrence`th one) set to `value`.
    static func setting(_ fields: [(String, String)], _ name: String, to value: String, occurrence: Int = 0) -> [(String, String)] {
        var seen = 0
        return fields.map { field in
            guard field.0 == name else { return field }
            defer { seen += 1 }
            return seen == occurrence ? (name, value) : field
        }
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test("the editor shows the draft's fields")
    func shows() async throws {
        let (client, _) = try Self.desk()
        let page = try await client.get(Self.path)
        #expect(page.status == .ok)
        let fields = Self.form(page.body)
        let value = { (name: String) in fields.first { $0.0 == name }?.1 }
        #expect(value("patient.name") == "Margaret O'Neill")
        #expect(value("patient.preferred-name") == "Maggie")
        #expect(value("patient.email") == "maggie.oneill@example.com")
        #expect(value("patient.email-confirmed") == "true")
        #expect(value("session.date") == "2026-11-23")
        #expect(value("session.practitioner") == "Alex Morgan")
        #expect(fields.filter { $0.0 == "m.muscle" }.map(\.1) == ["gluteus-medius", "quadratus-lumborum", "gluteus-maximus", ""])
        #expect(fields.filter { $0.0 == "m.status" }.map(\.1).prefix(3) == ["inhibited", "overactive", "inhibited"])
        #expect(fields.filter { $0.0 == "p.score" }.map(\.1) == ["5", ""])
        #expect(value("goals") == "Walk the dog for 45 minutes without back pain\nPick up my grandson")
        #expect(fields.filter { $0.0 == "equipment" }.map(\.1).sorted() == ["chair", "massage-ball", "mat"])
        #expect(fields.filter { $0.0 == "conditions" }.map(\.1) == ["chronic-low-back-pain"])
        #expect(value("pain-limit") == "3")
        #expect(fields.filter { $0.0 == "x.id" }.map(\.1) == ["ball-release-quadratus-lumborum", "side-lying-hip-abduction", "glute-bridge", "sit-to-stand-no-armrests"])
        #expect(fields.filter { $0.0 == "x.side" }.map(\.1) == ["right", "left", "both", "both"])
        #expect(fields.filter { $0.0 == "x.sets" }.map(\.1)[1] == "2")
        #expect(fields.filter { $0.0 == "x.reps" }.map(\.1)[1] == "8")
        #expect(value("follow-up") == "2026-12-07")
        #expect(page.body.contains("<iframe name=\"preview\" id=\"preview\" title=\"The handout as the patient will get it\" src=\"/patients/hp-0142/plans/2026-12-02/preview\">"))
    }

    @Test("saving the form unchanged keeps the file byte for byte; a changed field rewrites only its line")
    func save() async throws {
        let (client, url) = try Self.desk()
        let original = try read(url)
        var fields = Self.form(try await client.get(Self.path).body)
        var response = try await client.post(Self.path, fields + [("op", "save")])
        #expect(response.status == .seeOther)
        #expect(response.location == Self.path + "?saved=1#top")
        #expect(try read(url) == original)

        fields = Self.setting(fields, "patient.preferred-name", to: "Meg")
        response = try await client.post(Self.path, fields + [("op", "save")])
        #expect(response.status == .seeOther)
        let written = try read(url)
        #expect(written == original.replacingOccurrences(of: "  preferred-name: Maggie\n", with: "  preferred-name: Meg\n"))
        #expect(written.hasPrefix("# Chronic low back pain"))
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let page = try await client.get(response.location!)
        #expect(page.body.contains("<p class=\"notice\" role=\"status\">Saved.</p>"))
        #expect(Self.form(page.body).first { $0.0 == "patient.preferred-name" }?.1 == "Meg")
    }

    @Test("a save from a form opened before the file changed is refused, and the newer version is shown")
    func staleSave() async throws {
        let (client, url) = try Self.desk()
        let fields = Self.form(try await client.get(Self.path).body)
        #expect(fields.contains { $0.0 == "revision" && $0.1.count == 16 })
        let elsewhere = try read(url).replacingOccurrences(of: "  preferred-name: Maggie\n", with: "  preferred-name: Mags\n")
        try PlanDrafts.save(text: elsewhere, store: client.desk.store, patientID: Self.pid, name: Self.draftName)
        let response = try await client.post(Self.path, Self.setting(fields, "patient.preferred-name", to: "Meg") + [("op", "save")])
        #expect(response.status == .conflict)
        #expect(response.body.contains("Nothing was saved: this plan was changed since you opened it (in another tab, by someone else or in a text editor). This is the newer version; make your change again."))
        #expect(try read(url) == elsewhere, "the other change is kept")
        #expect(Self.form(response.body).first { $0.0 == "patient.preferred-name" }?.1 == "Mags")
        let retried = try await client.post(Self.path, Self.setting(Self.form(response.body), "patient.preferred-name", to: "Meg") + [("op", "save")])
        #expect(retried.status == .seeOther)
        #expect(try read(url).contains("  preferred-name: Meg\n"))
    }

    @Test("hostile text is saved as data and shown escaped")
    func hostile() async throws {
        let (client, url) = try Self.desk()
        let hostile = "<script>alert(1)</script>: # - \"quoted\"\nexercises: []"
        var fields = Self.form(try await client.get(Self.path).body)
        fields = Self.setting(fields, "m.note", to: hostile)
        fields = Self.setting(fields, "patient.name", to: "- \"Bob\": #1 *&!|> 'x'")
        fields = Self.setting(fields, "x.note", to: hostile, occurrence: 2)
        _ = try await client.post(Self.path, fields + [("op", "save")])
        let text = try read(url)
        let draft = try PlanDraft(text: text, file: "plan.yaml")
        #expect(draft.muscles[0].note == hostile)
        #expect(draft.patient.name == "- \"Bob\": #1 *&!|> 'x'")
        #expect(draft.exercises.map(\.id) == ["ball-release-quadratus-lumborum", "side-lying-hip-abduction", "glute-bridge", "sit-to-stand-no-armrests"])
        #expect(draft.exercises[2].note == hostile)
        var diagnostics = DiagnosticList()
        #expect(Plan.parse(text, file: "plan.yaml", into: &diagnostics) != nil)
        let page = try await client.get(Self.path).body
        #expect(!page.contains("<script>alert(1)"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The preview escapes it too (the handout's own rules).
        let preview = try await client.get(Self.path + "/preview").body
        #expect(!preview.contains("<script>alert(1)"))
    }

    @Test("suggestions are listed with their reasons; one click adds one with the catalogue's dose")
    func suggestions() async throws {
        var plan = try Self.example()
        plan = String(plan[..<plan.range(of: "exercises:")!.lowerBound]) + "exercises:\n  # none yet\nfollow-up: 2026-12-07\n"
        let (client, url) = try Self.desk(plan)
        let page = try await client.get(Self.path).body
        #expect(page.contains("<h4>Right quadratus lumborum, recorded overactive</h4>"))
        #expect(page.contains("<span class=\"reason\">releases right quadratus lumborum, recorded overactive</span>"))
        #expect(page.contains("<h4>Left gluteus medius, recorded inhibited</h4>"))
        let add = "add:side-lying-hip-abduction|left|gluteus-medius"
        #expect(page.contains("value=\"\(add)\""))
        let response = try await client.post(Self.path, Self.form(page) + [("op", add)])
        #expect(response.status == .seeOther)
        let text = try read(url)
        #expect(text.hasSuffix("exercises:\n  - id: side-lying-hip-abduction\n    side: left\n    addresses: gluteus-medius\n  # none yet\nfollow-up: 2026-12-07\n"))
        let after = try await client.get(response.location!).body
        #expect(after.contains("Added side-lying-hip-abduction."))
        let fields = Self.form(after)
        var ignored = DiagnosticList()
        let exercise = try #require(Project(root: client.desk.configuration.projectRoot).exerciseForTest("side-lying-hip-abduction", into: &ignored))
        #expect(fields.first { $0.0 == "x.sets" }?.1 == String(exercise.dosage.sets))
        #expect(fields.first { $0.0 == "x.reps" }?.1 == exercise.dosage.reps.map(String.init))
        #expect(fields.first { $0.0 == "x.per-day" }?.1 == String(exercise.dosage.perDay))
        #expect(after.contains("<span class=\"tag ok\">in the plan</span>"))
        // Saving again does not write the default dose into the plan.
        _ = try await client.post(Self.path, fields + [("op", "save")])
        #expect(try read(url) == text)
    }


    @Test("one click adds the top pick for each finding not yet covered")
    func addPicks() async throws {
        var plan = try Self.example()
        plan = String(plan[..<plan.range(of: "exercises:")!.lowerBound]) + "exercises:\n  - id: glute-bridge\nfollow-up: 2026-12-07\n"
        let (client, url) = try Self.desk(plan)
        let page = try await client.get(Self.path + "?suggest=1").body
        #expect(page.contains("<button type=\"submit\" name=\"op\" value=\"add-picks\">Add the top pick for each finding</button>"))
        let project = Project(root: client.desk.configuration.projectRoot)
        var diagnostics = DiagnosticList()
        let loaded = ProjectSnapshot.load(project, into: &diagnostics)
        let snapshot = try #require(loaded)
        let report = await ExerciseSuggestions.run(plan: url, snapshot: snapshot)
        #expect(report.picks.count >= 3)
        let response = try await client.post(Self.path, Self.form(page) + [("op", "add-picks")])
        let draft = try PlanDraft(text: try read(url), file: "p")
        #expect(draft.exercises.map(\.id) == ["glute-bridge"] + report.picks.map(\.exercise.id))
        #expect(draft.exercises.dropFirst().map(\.addresses) == report.picks.map(\.addresses))
        let after = try await client.get(response.location!).body
        #expect(after.contains("Added \(draft.exercises.dropFirst().map(\.id).joined(separator: ", "))."))
    }

    @Test("the catalogue search filters by phase, target muscle and the patient's equipment")
    func search() async throws {
        let (client, _) = try Self.desk()
        let fields = Self.form(try await client.get(Self.path).body)
        let response = try await client.post(Self.path, Self.setting(Self.setting(fields, "s.phase", to: "release"), "s.target", to: "quadratus-lumborum") + [("op", "search")])
        #expect(response.location == Self.path + "?saved=1&phase=release&target=quadratus-lumborum#search")
        let page = try await client.get(response.location!).body
        let results = String(page[page.range(of: "<ul class=\"suggestions results\">")!.lowerBound...].prefix { _ in true })
        let list = String(results[..<results.range(of: "</ul>")!.lowerBound])
        #expect(list.contains("Ball release for the side of your low back"))
        #expect(!list.contains("<span class=\"tag\">activate</span>"))
        #expect(list.components(separatedBy: "<span class=\"tag\">release</span>").count > 1)
        // Only equipment the patient has: without a massage ball, the ball release goes.
        let none = try await client.get(Self.path + "?phase=release&target=quadratus-lumborum&own=1").body
        let withBall = try await client.get(Self.path + "?phase=release&target=quadratus-lumborum").body
        #expect(withBall.contains("add:ball-release-quadratus-lumborum||") || withBall.contains("<span class=\"tag ok\">in the plan</span>"))
        var plan = try Self.example()
        plan = plan.replacingOccurrences(of: "equipment: [massage-ball, mat, chair]", with: "equipment: [mat]")
            .replacingOccurrences(of: "  - id: ball-release-quadratus-lumborum\n    side: right\n    note: Go gently. A 3 out of 10 ache is plenty.\n", with: "")
        let (other, _) = try Self.desk(plan)
        let own = try await other.get(Self.path + "?phase=release&target=quadratus-lumborum&own=1").body
        let all = try await other.get(Self.path + "?phase=release&target=quadratus-lumborum").body
        #expect(all.contains("add:ball-release-quadratus-lumborum||"))
        #expect(!own.contains("add:ball-release-quadratus-lumborum||"))
        _ = none
    }

    @Test("the check beside the plan says what hep check says of the saved plan, and follows the form")
    func warnings() async throws {
        var plan = try Self.example()
        plan = plan.replacingOccurrences(of: "  - id: side-lying-hip-abduction\n    side: left\n    dosage: {sets: 2, reps: 8, hold: 3}\n    addresses: gluteus-medius\n", with: "")
        let (client, url) = try Self.desk(plan)
        let report = await ProjectCheck.run(project: Project(root: client.desk.configuration.projectRoot), plans: [url.path])
        let shown = Project(root: client.desk.configuration.projectRoot).displayPath(of: url)
        let expected = report.diagnostics.sorted.filter { $0.file == shown }.map(\.message)
        #expect(expected.contains("no exercise addresses the left gluteus medius, recorded inhibited"))
        let page = try await client.get(Self.path).body
        for message in expected { #expect(page.contains(HTMLText.escape(message)), "\(message)") }
        // The form as it is now: add the exercise back (not saved) and the warning goes.
        var fields = Self.form(page)
        let api = "/api" + Self.path + "/warnings"
        let before = try await client.post(api, fields, headers: [.init("X-CSRF-Token")!: try await client.token()])
        #expect(before.status == .ok)
        #expect(before.body.contains(HTMLText.escape("no exercise addresses the left gluteus medius, recorded inhibited")))
        fields += [("x.id", "side-lying-hip-abduction"), ("x.version", ""), ("x.side", "left"), ("x.addresses", "gluteus-medius")]
        let after = try await client.post(api, fields, headers: [.init("X-CSRF-Token")!: try await client.token()])
        #expect(!after.body.contains("no exercise addresses the left gluteus medius"))
        #expect(try read(url) == plan, "the check saves nothing")
        // Without the token, refused.
        let refused = try await client.post(api, fields.filter { $0.0 != "csrf" }, withToken: false)
        #expect(refused.status == .forbidden)
    }

    @Test("the preview is the handout.html hep render writes for the same plan, under its own policy")
    func preview() async throws {
        let (client, url) = try Self.desk()
        let page = try await client.get(Self.path + "/preview")
        #expect(page.status == .ok)
        #expect(page.headers[.contentSecurityPolicy] == "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox allow-same-origin")
        #expect(page.headers[.init("X-Frame-Options")!] == "SAMEORIGIN")
        let project = Project(root: client.desk.configuration.projectRoot)
        var diagnostics = DiagnosticList()
        let loaded = ProjectSnapshot.load(project, into: &diagnostics)
        let snapshot = try #require(loaded)
        let store = HandoutStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("hep-render-\(UUID().uuidString)"))
        let report = await HandoutIssuing.issue([url], snapshot: snapshot, store: store)
        let folder = try #require(report.folders.first)
        let rendered = try String(contentsOf: folder.appendingPathComponent("handout.html"), encoding: .utf8)
        #expect(page.body == rendered)
        // The live preview (the form posted to the frame) shows edits before they are saved.
        let fields = Self.setting(Self.form(try await client.get(Self.path).body), "patient.preferred-name", to: "Meg")
        let live = try await client.post(Self.path + "/preview", fields)
        #expect(live.body.contains("Meg"))
        #expect(!live.body.contains("Maggie"))
        // Pictures the handout links are served beside it.
        if let range = rendered.range(of: #"src="images/[0-9a-f]{16}\.(png|jpg)""#, options: .regularExpression) {
            let name = rendered[range].dropFirst("src=\"images/".count).dropLast()
            let image = try await client.get(Self.path + "/images/" + name)
            #expect(image.status == .ok)
        }
    }

    @Test("addresses that leave the patient's folder are refused")
    func traversal() async throws {
        let (client, _) = try Self.desk()
        for path in ["/patients/..%2F..%2Fetc/plans/2026-12-02", "/patients/hp-0142/plans/..%2F..%2Fpasswd", "/patients/hp-0142/plans/2026-12-02.yaml",
                     "/patients/.hidden/plans/2026-12-02", "/patients/hp-0142/plans/2026-12-03", "/patients/hp-0142/plans/2026-12-02/images/..%2Fx.png"] {
            let page = try await client.get(path)
            #expect(page.status == .notFound, "\(path)")
        }
    }

    @Test("a patient id that is not a folder name works as the patients pages link it (percent-encoded)")
    func unusualID() async throws {
        let (client, _) = try Self.desk()
        let text = try Self.example().replacingOccurrences(of: "id: hp-0142", with: "id: hp 0142/b")
        let url = try PlanDrafts.save(text: text, store: client.desk.store, patientID: "hp 0142/b", name: Self.draftName)
        let path = "/patients/hp%200142%2Fb/plans/\(Self.draftName)"
        let page = try await client.get(path)
        #expect(page.status == .ok)
        #expect(page.body.contains("action=\"\(path)\""))
        let saved = try await client.post(path, Self.setting(Self.form(page.body), "patient.preferred-name", to: "Meg") + [("op", "save")])
        #expect(saved.location == path + "?saved=1#top")
        #expect(try read(url).contains("  preferred-name: Meg\n"))
        #expect(url.path.contains("/hp-0142-b-"), "the folder is the id's safe name")
    }

    @Test("a draft that is not YAML shows its located error and is never overwritten")
    func broken() async throws {
        let (client, url) = try Self.desk("patient: [unclosed\n# my notes\n")
        let page = try await client.get(Self.path)
        #expect(page.status == .ok)
        #expect(page.body.contains("This plan file cannot be opened in the editor. Fix it in a text editor first:"))
        #expect(page.body.contains("<code>Output/hp-0142/plans/2026-12-02.yaml:") || page.body.contains("/hp-0142/plans/2026-12-02.yaml:"))
        let response = try await client.post(Self.path, [("patient.name", "X"), ("op", "save")])
        #expect(response.status == .seeOther)
        #expect(try read(url) == "patient: [unclosed\n# my notes\n")
    }

    @Test("rows are reordered and removed with their buttons")
    func reorder() async throws {
        let (client, url) = try Self.desk()
        let fields = Self.form(try await client.get(Self.path).body)
        _ = try await client.post(Self.path, fields + [("op", "down:0")])
        var draft = try PlanDraft(text: try read(url), file: "plan")
        #expect(draft.exercises.map(\.id) == ["side-lying-hip-abduction", "ball-release-quadratus-lumborum", "glute-bridge", "sit-to-stand-no-armrests"])
        _ = try await client.post(Self.path, Self.form(try await client.get(Self.path).body) + [("op", "remove-x:3")])
        draft = try PlanDraft(text: try read(url), file: "plan")
        #expect(draft.exercises.map(\.id) == ["side-lying-hip-abduction", "ball-release-quadratus-lumborum", "glute-bridge"])
        #expect(try read(url).contains("    note: Go gently. A 3 out of 10 ache is plenty.\n"), "a moved item keeps its lines")
    }

    @Test("the editor's form is accepted from its own page and refused from another site")
    func origin() async throws {
        let (client, url) = try Self.desk()
        let original = try read(url)
        let fields = Self.form(try await client.get(Self.path).body) + [("op", "save")]
        let own = try await client.post(Self.path, fields, withToken: false, headers: [.origin: "http://127.0.0.1:8080", .init("Sec-Fetch-Site")!: "same-origin"])
        #expect(own.status == .seeOther)
        let other = try await client.post(Self.path, Self.setting(fields, "patient.name", to: "X"), withToken: false,
                                          headers: [.init("Sec-Fetch-Site")!: "cross-site"])
        #expect(other.status == .forbidden)
        let evil = try await client.post(Self.path, Self.setting(fields, "patient.name", to: "X"), withToken: false, headers: [.origin: "http://evil.example"])
        #expect(evil.status == .forbidden)
        #expect(try read(url) == original)
    }

    @Test("a plan with no session date shows today's, and saving writes it")
    func today() async throws {
        let (client, url) = try Self.desk("patient:\n  id: hp-0142\n  name: Ann Lee\nexercises:\n  - id: glute-bridge\n")
        let fields = Self.form(try await client.get(Self.path).body)
        #expect(fields.first { $0.0 == "session.date" }?.1 == "2026-12-02")
        _ = try await client.post(Self.path, fields + [("op", "save")])
        let saved = try read(url)
        #expect(saved == "patient:\n  id: hp-0142\n  name: Ann Lee\nsession:\n  date: 2026-12-02\nexercises:\n  - id: glute-bridge\n")
    }
}

extension Project {
    func exerciseForTest(_ id: String, into diagnostics: inout DiagnosticList) -> Exercise? {
        ExerciseCatalogue.open(self, into: &diagnostics).load(id, into: &diagnostics)
    }
}
