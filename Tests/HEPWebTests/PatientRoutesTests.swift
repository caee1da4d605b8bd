import Foundation
@testable import HEPKit
@testable import HEPWeb
import Testing

/// The patients side of the desk, driven as a browser would.
@Suite("Patient routes", .serialized)
struct PatientRoutesTests {
    static func plan(_ name: String) throws -> String {
        try String(contentsOf: DeskFixture.repositoryRoot.appendingPathComponent("Examples/plans/\(name).yaml"), encoding: .utf8)
    }

    static func read(_ url: URL) -> String { String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self) }

    /// Every file under `folder` (relative path -> bytes).
    static func files(_ folder: URL) -> [String: Data] {
        var found: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let name = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                found[name] = FileManager.default.contents(atPath: url.path)
            }
        }
        return found
    }

    /// A desk with the runner's plan (hp-0202, session 2026-11-10) saved as a draft.
    static func deskWithDraft(project: URL? = nil, text: String? = nil) throws -> (Desk, DeskClient, URL) {
        let desk = try DeskFixture.desk(project: project)
        let url = try PlanDrafts.save(text: try text ?? plan("ankle-instability"), store: desk.store, patientID: "hp-0202", name: "2026-11-10")
        return (desk, DeskClient(desk: desk), url)
    }

    @Test("the list: empty at first; then every patient from handouts and drafts, with last visit and count; search by name or id")
    func listAndSearch() async throws {
        let desk = try DeskFixture.desk()
        let client = DeskClient(desk: desk)
        let empty = try await client.get("/")
        #expect(empty.status == .ok)
        #expect(empty.body.contains("No patients yet."))
        #expect(empty.body.contains("<a class=\"button\" href=\"/patients/new\">New patient</a>"))
        _ = try PlanDrafts.save(text: try Self.plan("ankle-instability"), store: desk.store, patientID: "hp-0202", name: "2026-11-10")
        let issued = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        #expect(issued.status == .seeOther)
        let added = try await client.post("/patients/new", [("id", "hp-0301"), ("name", "Ana Lima"), ("language", "en")])
        #expect(added.status == .seeOther)
        let list = try await client.get("/")
        #expect(list.body.contains("2 patients"))
        #expect(list.body.contains("<td class=\"name\"><a href=\"/patients/hp-0301\">Ana Lima</a></td>"))
        #expect(list.body.contains("<td class=\"name\"><a href=\"/patients/hp-0202\">Tomás Herrera</a></td>"))
        #expect(list.body.contains("<span class=\"label\">Last visit </span>2026-11-10"))
        #expect(list.body.contains("<span class=\"label\">Handouts </span>1"))
        #expect(list.body.range(of: "Ana Lima")!.lowerBound < list.body.range(of: "Tomás Herrera")!.lowerBound)
        let byName = try await client.get("/?q=tomas")
        #expect(byName.body.contains("1 of 2 patients"))
        #expect(byName.body.contains("Tomás Herrera") && !byName.body.contains("Ana Lima"))
        let byID = try await client.get("/?q=HP-0301")
        #expect(byID.body.contains("Ana Lima") && !byID.body.contains("Tomás Herrera"))
        let none = try await client.get("/?q=zzz")
        #expect(none.body.contains("No patient matches “zzz”."))
        #expect(none.headers[.cacheControl] == "no-store")
    }

    @Test("new patient: the form, then a draft that reads back as a plan; redirected to the editor; errors shown, nothing written")
    func newPatient() async throws {
        let desk = try DeskFixture.desk()
        let client = DeskClient(desk: desk)
        let form = try await client.get("/patients/new")
        #expect(form.status == .ok)
        for label in ["<label for=\"id\">Patient id</label>", "<label for=\"name\">Full name</label>", "<label for=\"email\">Email",
                      "<label for=\"language\">Handout language</label>", "<option value=\"glute-bridge\">Glute bridge</option>"] {
            #expect(form.body.contains(label), "\(label)")
        }
        let posted = try await client.post("/patients/new", [("id", "hp-0301"), ("name", "Ana Lima"), ("preferred-name", "Ana"),
                                                             ("email", "ana@example.com"), ("language", "en"), ("exercise", "glute-bridge")])
        #expect(posted.status == .seeOther)
        #expect(posted.location == "/patients/hp-0301/plans/2026-12-02")
        let url = PlanDrafts.folder(store: desk.store, patientID: "hp-0301").appendingPathComponent("2026-12-02.yaml")
        var diagnostics = DiagnosticList()
        let snapshot = try #require(desk.snapshot().0)
        let plan = try #require(snapshot.loadPlan(at: url, into: &diagnostics))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        #expect(plan.patient.name == "Ana Lima" && plan.patient.preferredName == "Ana" && plan.patient.email == "ana@example.com")
        #expect(plan.sessionDate == CalendarDate(year: 2026, month: 12, day: 2))
        #expect(plan.exercises.map(\.id.value) == ["glute-bridge"])
        #expect(((try FileManager.default.attributesOfItem(atPath: url.path))[.posixPermissions] as? Int) == 0o600)

        let again = try await client.post("/patients/new", [("id", "hp-0301"), ("name", "Someone Else")])
        #expect(again.status == .unprocessableContent)
        #expect(again.body.contains("a patient with the id &#39;hp-0301&#39; already exists"))
        #expect(again.body.contains("value=\"Someone Else\""))
        let bad = try await client.post("/patients/new", [("id", "hp-0302"), ("name", "Bo"), ("email", "bo at example")])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.body.contains("&#39;patient.email&#39; is not an email address: &#39;bo at example&#39;"))
        #expect(!FileManager.default.fileExists(atPath: desk.store.root.appendingPathComponent("hp-0302").path))
        let reserved = try await client.post("/patients/new", [("id", "new"), ("name", "Nu")])
        #expect(reserved.body.contains("the id &#39;new&#39; is taken by the desk itself"))
        let blank = try await client.post("/patients/new", [("id", ""), ("name", "")])
        #expect(blank.body.contains("give the patient&#39;s id") && blank.body.contains("give the patient&#39;s name"))
    }

    @Test("a patient's name with <script> is shown as text everywhere")
    func namesAreEscaped() async throws {
        let desk = try DeskFixture.desk()
        let client = DeskClient(desk: desk)
        _ = try await client.post("/patients/new", [("id", "x<1>"), ("name", "<script>alert(1)</script> Bad")])
        for path in ["/", "/patients/x%3C1%3E", "/?q=script"] {
            let page = try await client.get(path)
            #expect(page.status == .ok, "\(path)")
            #expect(!page.body.contains("<script>alert(1)</script>"), "\(path)")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Bad"), "\(path)")
        }
        #expect(try await client.get("/").body.contains("href=\"/patients/x%3C1%3E\""))
    }

    @Test("traversal in a patient id, handout folder, draft name or picture name is refused, and nothing outside is read")
    func traversal() async throws {
        let (desk, client, _) = try Self.deskWithDraft()
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        for path in ["/patients/..%2F..%2Fetc", "/patients/..", "/patients/%2E%2E%2Fhp-0202", "/patients/..%2F..%2Fetc/handouts/2026-11-10/",
                     "/patients/hp-0202/handouts/..%2Fplans/", "/patients/hp-0202/handouts/..%2F..%2F..%2Fetc/",
                     "/patients/hp-0202/handouts/2026-11-10/images/..%2Fplan.yaml", "/patients/hp-0202/handouts/2026-11-10/images/..%2F..%2Fplans%2F2026-11-10.yaml",
                     "/patients/hp-0202/handouts/2026-11-10/images/%2Fetc%2Fpasswd", "/patients/hp-0202/handouts/plans/send"] {
            let page = try await client.get(path)
            #expect(page.status == .notFound, "\(path): \(page.status)")
            #expect(!page.body.contains("root:"), "\(path)")
        }
        for path in ["/patients/hp-0202/plans/..%2F..%2Fetc/issue", "/patients/..%2Fhp-0202/plans/2026-11-10/issue",
                     "/patients/hp-0202/handouts/..%2F2026-11-10/new-program"] {
            let page = try await client.post(path, [])
            #expect(page.status == .notFound, "\(path): \(page.status)")
        }
        #expect(PlanDrafts.list(store: desk.store, patientID: "hp-0202").map(\.name) == ["2026-11-10"])
    }

    @Test("issue through the web: byte for byte what HandoutIssuing (hep render) writes for that plan; issuing again gives -2, never an overwrite")
    func issueMatchesRender() async throws {
        let (desk, client, draft) = try Self.deskWithDraft()
        let issued = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        #expect(issued.status == .seeOther)
        #expect(issued.location == "/patients/hp-0202?issued=2026-11-10")
        let page = try await client.get(issued.location!)
        let folder = desk.store.root.appendingPathComponent("hp-0202/2026-11-10")
        #expect(page.body.contains("Issued: \(desk.host.project.displayPath(of: folder))/"))
        for exercise in try #require(Manifest.read(from: folder)).exercises {
            #expect(page.body.contains("<li>\(HTMLText.escape(exercise.title ?? "")) <span class=\"muted\">v\(exercise.version)</span></li>"))
        }

        let other = HandoutStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("hep-render-\(UUID().uuidString)"))
        let report = await HandoutIssuing.issue([draft], snapshot: try #require(desk.snapshot().0), store: other)
        #expect(report.succeeded)
        let expected = Self.files(try #require(report.folders.first))
        let written = Self.files(folder)
        #expect(Set(written.keys) == Set(expected.keys))
        #expect(written.keys.contains("handout.html") && written.keys.contains("manifest.json") && written.keys.contains("plan.yaml"))
        for (name, data) in expected { #expect(written[name] == data, "\(name) differs") }

        let before = Self.files(folder)
        let second = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        #expect(second.location == "/patients/hp-0202?issued=2026-11-10-2")
        #expect(Self.files(folder) == before)
        #expect(FileManager.default.fileExists(atPath: desk.store.root.appendingPathComponent("hp-0202/2026-11-10-2/handout.html").path))
        let list = try await client.get("/")
        #expect(list.body.contains("<span class=\"label\">Handouts </span>2"))
        #expect(!list.body.contains("Plan not issued"))
        let patient = try await client.get("/patients/hp-0202")
        #expect(patient.body.contains("<span class=\"tag ok\">Issued as <a href=\"/patients/hp-0202/handouts/2026-11-10-2/\" target=\"_blank\" rel=\"noopener\">2026-11-10-2</a></span>"))
        try PlanDrafts.save(text: Self.read(draft) + "# changed\n", store: desk.store, patientID: "hp-0202", name: "2026-11-10")
        #expect(try await client.get("/patients/hp-0202").body.contains("<span class=\"tag warn\">Not issued yet</span>"))
        #expect(try await client.get("/").body.contains("Plan not issued"))
    }

    @Test("a draft with an error: the diagnostics as hep check words them, and nothing is written")
    func issueErrors() async throws {
        let text = try Self.plan("ankle-instability").replacingOccurrences(of: "  - id: band-ankle-eversion", with: "  - id: band-ankle-everson")
        let (desk, client, _) = try Self.deskWithDraft(text: text)
        let page = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        #expect(page.status == .unprocessableContent)
        #expect(page.body.contains("Nothing was written."))
        #expect(page.body.contains("/hp-0202/plans/2026-11-10.yaml:52:9</code>: error: no exercise with id &#39;band-ankle-everson&#39; in Exercises/"
            + "<span class=\"hint\">hint: did you mean &#39;band-ankle-eversion&#39;? the Catalogue page shows every id.</span>"))
        let names = try FileManager.default.contentsOfDirectory(atPath: desk.store.root.appendingPathComponent("hp-0202").path)
        #expect(names == ["plans"])
    }

    @Test("the patient's page: each handout with its date, exercises and versions, sent or not, and outdated (safety first)")
    func patientPage() async throws {
        let (desk, client, _) = try Self.deskWithDraft()
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        // The first handout as if issued before a safety change to one of its exercises.
        let first = desk.store.root.appendingPathComponent("hp-0202/2026-11-10")
        var manifest = try #require(Manifest.read(from: first))
        manifest.exercises[0].id = "ball-release-foot"
        manifest.exercises[0].title = "Ball release under the foot"
        manifest.exercises[0].version = 1
        try FileManager.default.removeItem(at: first.appendingPathComponent("manifest.json"))
        try manifest.encoded().write(to: first.appendingPathComponent("manifest.json"))
        let page = try await client.get("/patients/hp-0202")
        #expect(page.status == .ok)
        #expect(page.body.contains("<h1>Tomás Herrera</h1>"))
        #expect(page.body.contains("<dd>hp-0202</dd>") && page.body.contains("<dd>tomas.herrera@example.com</dd>"))
        #expect(page.body.contains("2 handouts"))
        #expect(page.body.contains("<h3>2026-11-10 <span class=\"tag\">Latest</span></h3>"))
        #expect(page.body.contains("Ball release under the foot <span class=\"muted\">v1</span>"))
        #expect(page.body.contains("<span class=\"tag bad\">Safety change since</span>"))
        #expect(page.body.contains("<code>ball-release-foot</code> v1 → v2 (2026-12-02): Stop if: the question about numb feet or diabetes moved to the practitioner&#39;s precautions (asked before prescribing)."))
        #expect(page.body.contains("<span class=\"tag ok\">Up to date</span>"))
        #expect(page.body.contains("<span class=\"tag\">Not sent</span>"))
        #expect(page.body.contains("Safety first:</strong> an exercise in 1 of these handouts has had a safety change"))
        #expect(page.body.contains("action=\"/patients/hp-0202/handouts/2026-11-10/new-program\""))
        #expect(page.body.contains("href=\"/patients/hp-0202/handouts/2026-11-10-2/\""))
        #expect(try await client.get("/").body.contains("<span class=\"tag bad\">Safety change</span>"))
        let unknown = try await client.get("/patients/hp-9999")
        #expect(unknown.status == .notFound)
    }

    @Test("the handout as the patient sees it: its own bytes, its pictures, a stricter sandboxed policy, print and .eml")
    func handoutView() async throws {
        let (desk, client, _) = try Self.deskWithDraft()
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        let folder = desk.store.root.appendingPathComponent("hp-0202/2026-11-10")
        let bare = try await client.get("/patients/hp-0202/handouts/2026-11-10")
        #expect(bare.status == .seeOther && bare.location == "/patients/hp-0202/handouts/2026-11-10/")
        let page = try await client.get("/patients/hp-0202/handouts/2026-11-10/")
        #expect(page.status == .ok)
        #expect(page.body == Self.read(folder.appendingPathComponent("handout.html")))
        #expect(page.headers[.contentSecurityPolicy] == DeskRoutes.handoutPolicy)
        #expect(page.headers[.cacheControl] == "no-store")
        let manifest = try #require(Manifest.read(from: folder))
        let picture = try #require(manifest.pictures?.first)
        #expect(page.body.contains("src=\"\(picture.file)\""))
        let image = try await client.get("/patients/hp-0202/handouts/2026-11-10/\(picture.file)")
        #expect(image.status == .ok && image.headers[.contentType] == "image/png")
        #expect(image.body == Self.read(folder.appendingPathComponent(picture.file)))
        #expect(try await client.get("/patients/hp-0202/handouts/2026-11-10/images/nope.png").status == .notFound)
        let print = try await client.get("/patients/hp-0202/handouts/2026-11-10/print")
        #expect(print.body.contains("<script src=\"/static/patients-print.js\" defer></script>\n</head>"))
        #expect(print.headers[.contentSecurityPolicy] == DeskRoutes.printPolicy)
        let eml = try await client.get("/patients/hp-0202/handouts/2026-11-10/handout.eml")
        #expect(eml.status == .ok)
        #expect(eml.headers[.contentDisposition] == "attachment; filename=\"handout-2026-11-10.eml\"")
        #expect(eml.headers[.contentType] == "message/rfc822")
        #expect(eml.body.contains("To: Tomás Herrera") || eml.body.contains("To: =?utf-8?"))
        #expect(eml.body.contains("tomas.herrera@example.com"))
        // The same bytes as `hep render --eml` would write for this plan.
        let other = HandoutStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("hep-render-\(UUID().uuidString)"))
        let report = await HandoutIssuing.issue([folder.appendingPathComponent("plan.yaml")], snapshot: try #require(desk.snapshot().0), store: other, eml: true)
        #expect(eml.body == Self.read(try #require(report.folders.first).appendingPathComponent("handout.eml")))
    }

    @Test("new program from this one: a draft dated today with the plan's findings, exercises and doses; then the editor")
    func newProgram() async throws {
        let (desk, client, _) = try Self.deskWithDraft()
        _ = try await client.post("/patients/hp-0202/plans/2026-11-10/issue", [])
        let posted = try await client.post("/patients/hp-0202/handouts/2026-11-10/new-program", [])
        #expect(posted.status == .seeOther)
        #expect(posted.location == "/patients/hp-0202/plans/2026-12-02")
        let text = try PlanDrafts.load(store: desk.store, patientID: "hp-0202", name: "2026-12-02")
        let original = try Self.plan("ankle-instability")
        #expect(text == original.replacingOccurrences(of: "  date: 2026-11-10\n", with: "  date: 2026-12-02\n")
            .replacingOccurrences(of: "follow-up: 2026-11-24\n", with: ""))
        let page = try await client.get("/patients/hp-0202")
        #expect(page.body.contains("<strong>Plan for 2026-12-02</strong>"))
        #expect(page.body.contains("action=\"/patients/hp-0202/plans/2026-12-02/issue\""))
    }
}
