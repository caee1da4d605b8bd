import Foundation
@testable import HEPKit
@testable import HEPWeb
import Testing

/// Every route the desk registers, once each: signed out they all send the browser to sign in
/// (except the sign-in page and the desk's own files) and write nothing; signed in, every page
/// answers without a server error and under the app's policy. A route added to the sources
/// without a line here fails `theTableNamesEveryRoute`.
@Suite("Every route", .serialized)
struct RouteTableTests {
    struct Route: CustomTestStringConvertible {
        var method: String
        var pattern: String
        /// A request to it, against the fixture below (a patient hp-0202 with a draft and a handout).
        var path: String
        var testDescription: String { "\(method) \(pattern)" }
    }

    /// The routes open to anyone: signing in and the desk's own CSS, script and icon.
    static let open: Set<String> = ["GET /login", "POST /login", "GET /static/:name", "GET /favicon.ico"]

    static func routes(picture: String, draftPicture: String) -> [Route] {
        let handout = "/patients/hp-0202/handouts/2026-11-10"
        let draft = "/patients/hp-0202/plans/2026-11-10"
        return [
            Route(method: "GET", pattern: "/", path: "/"),
            Route(method: "GET", pattern: "/login", path: "/login"),
            Route(method: "POST", pattern: "/login", path: "/login"),
            Route(method: "POST", pattern: "/logout", path: "/logout"),
            Route(method: "GET", pattern: "/favicon.ico", path: "/favicon.ico"),
            Route(method: "GET", pattern: "/static/:name", path: "/static/app.css"),
            Route(method: "GET", pattern: "/api/vocabulary", path: "/api/vocabulary?kind=muscles&q=buttock"),
            Route(method: "POST", pattern: "/api/patients/:pid/plans/:draft/warnings", path: "/api/patients/hp-0202/plans/2026-11-10/warnings"),
            Route(method: "GET", pattern: "/patients/new", path: "/patients/new"),
            Route(method: "POST", pattern: "/patients/new", path: "/patients/new"),
            Route(method: "GET", pattern: "/patients/:pid", path: "/patients/hp-0202"),
            Route(method: "GET", pattern: "/patients/:pid/handouts/:folder", path: handout),
            Route(method: "GET", pattern: "/patients/:pid/handouts/:folder/handout.eml", path: handout + "/handout.eml"),
            Route(method: "GET", pattern: "/patients/:pid/handouts/:folder/images/:file", path: handout + "/images/" + picture),
            Route(method: "GET", pattern: "/patients/:pid/handouts/:folder/print", path: handout + "/print"),
            Route(method: "GET", pattern: "/patients/:pid/handouts/:folder/send", path: handout + "/send"),
            Route(method: "POST", pattern: "/patients/:pid/handouts/:folder/send", path: handout + "/send"),
            Route(method: "POST", pattern: "/patients/:pid/handouts/:folder/new-program", path: handout + "/new-program"),
            Route(method: "GET", pattern: "/patients/:pid/plans/:draft", path: draft),
            Route(method: "POST", pattern: "/patients/:pid/plans/:draft", path: draft),
            Route(method: "GET", pattern: "/patients/:pid/plans/:draft/preview", path: draft + "/preview"),
            Route(method: "POST", pattern: "/patients/:pid/plans/:draft/preview", path: draft + "/preview"),
            Route(method: "GET", pattern: "/patients/:pid/plans/:draft/images/:image", path: draft + "/images/" + draftPicture),
            Route(method: "POST", pattern: "/patients/:pid/plans/:draft/issue", path: draft + "/issue"),
            Route(method: "POST", pattern: "/patients/:pid/plans/:draft/pack", path: draft + "/pack"),
            Route(method: "GET", pattern: "/packs", path: "/packs"),
            Route(method: "GET", pattern: "/packs/:name", path: "/packs/low-back-starter"),
            Route(method: "GET", pattern: "/catalogue", path: "/catalogue?q=hip"),
            Route(method: "GET", pattern: "/catalogue/new", path: "/catalogue/new"),
            Route(method: "POST", pattern: "/catalogue/new", path: "/catalogue/new"),
            Route(method: "GET", pattern: "/catalogue/release", path: "/catalogue/release"),
            Route(method: "POST", pattern: "/catalogue/release", path: "/catalogue/release"),
            Route(method: "GET", pattern: "/catalogue/:id", path: "/catalogue/clamshell"),
            Route(method: "GET", pattern: "/catalogue/:id/changelog", path: "/catalogue/clamshell/changelog"),
            Route(method: "GET", pattern: "/catalogue/:id/diff", path: "/catalogue/clamshell/diff?from=1&to=now"),
            Route(method: "GET", pattern: "/catalogue/:id/versions/:from/diff/:to", path: "/catalogue/clamshell/versions/1/diff/2"),
            Route(method: "GET", pattern: "/catalogue/:id/edit", path: "/catalogue/clamshell/edit"),
            Route(method: "POST", pattern: "/catalogue/:id/edit", path: "/catalogue/clamshell/edit"),
            Route(method: "POST", pattern: "/catalogue/:id/check", path: "/catalogue/clamshell/check"),
            Route(method: "GET", pattern: "/catalogue/:id/images/:number", path: "/catalogue/clamshell/images/1"),
            Route(method: "GET", pattern: "/catalogue/:id/picture", path: "/catalogue/clamshell/picture"),
        ]
    }

    /// A desk over a copy of the project, with an account, the runner's plan as a draft and issued once.
    static func fixture() async throws -> (desk: Desk, routes: [Route], password: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-routes-\(UUID().uuidString)")
        let usersFile = folder.appendingPathComponent("users")
        var users = try UserStore.load(usersFile)
        let password = "correct horse battery"
        try users.set("anna", role: .editor, password: password)
        let desk = try DeskFixture.desk(users: usersFile, project: try DeskFixture.projectCopy())
        let plan = try String(contentsOf: DeskFixture.repositoryRoot.appendingPathComponent("Examples/plans/ankle-instability.yaml"), encoding: .utf8)
        let draft = try PlanDrafts.save(text: plan, store: desk.store, patientID: "hp-0202", name: "2026-11-10")
        var diagnostics = DiagnosticList()
        let loaded = desk.host.snapshot(into: &diagnostics)
        let snapshot = try #require(loaded, "the project loads")
        let report = await HandoutIssuing.issue([draft], snapshot: snapshot, store: desk.store)
        let handout = try #require(report.folders.first, "\(report.diagnostics.sorted)")
        let picture = try #require(try FileManager.default.contentsOfDirectory(atPath: handout.appendingPathComponent("images").path).sorted().first)
        return (desk, routes(picture: picture, draftPicture: picture), password)
    }

    /// Every file under the output folder with its bytes.
    static func written(_ desk: Desk) -> [String: Data] {
        var found: [String: Data] = [:]
        let root = desk.store.root
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(name).path) { found[name] = data }
        }
        return found
    }

    @Test("the table names every route registered in Sources/HEPWeb, and nothing else")
    func theTableNamesEveryRoute() throws {
        let folder = DeskFixture.repositoryRoot.appendingPathComponent("Sources/HEPWeb")
        var registered = Set<String>()
        let pattern = try Regex(#"router\.(get|post|put|delete|patch)\("([^"]+)""#)
        for case let name as String in FileManager.default.enumerator(atPath: folder.path)! where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: pattern) {
                registered.insert("\(match.output[1].substring!.uppercased()) \(match.output[2].substring!)")
            }
        }
        let listed = Set(Self.routes(picture: "x.png", draftPicture: "x.png").map { "\($0.method) \($0.pattern)" })
        #expect(registered.count > 30)
        #expect(registered.subtracting(listed).sorted() == [], "routes with no line in the table")
        #expect(listed.subtracting(registered).sorted() == [], "lines for routes that do not exist")
    }

    @Test("signed out, every page but sign-in and the desk's own files sends the browser to sign in, every form is refused, nothing is shown or written")
    func signedOut() async throws {
        let (desk, routes, _) = try await Self.fixture()
        let before = Self.written(desk)
        for route in routes {
            let client = DeskClient(desk: desk)
            let token = try await client.token()  // a session and its token, as the sign-in page gives
            let page = route.method == "GET"
                ? try await client.get(route.path)
                : try await client.send(.post, route.path, body: "csrf=\(token)&name=hp-0299&id=hp-0299&note=x")
            let key = "\(route.method) \(route.pattern)"
            if Self.open.contains(key) {
                #expect(page.status != .internalServerError, "\(key)")
                continue
            }
            if route.method == "GET" {
                #expect(page.status == .seeOther && page.location == "/login", "\(key) answered \(page.status) \(page.location ?? "")")
            } else {
                #expect(page.status == .unauthorized && page.body.contains("Sign in first."), "\(key) answered \(page.status)")
            }
            #expect(!page.body.contains("Tomás") && !page.body.contains("Herrera"), "\(key) shows no patient")
        }
        #expect(Self.written(desk) == before, "nothing written by a signed-out request")
    }

    @Test("signed in, every page answers without a server error, under the app's policy and not cached")
    func signedIn() async throws {
        let (desk, routes, password) = try await Self.fixture()
        let client = DeskClient(desk: desk)
        let signedIn = try await client.post("/login", [("name", "anna"), ("password", password)])
        #expect(signedIn.status == .seeOther && signedIn.location == "/")
        for route in routes where route.method == "GET" && route.pattern != "/login" {
            var page = try await client.get(route.path)
            if page.status == .seeOther, let next = page.location, next.hasPrefix("/"), next != "/login" {
                page = try await client.get(next)  // a handout's folder gains its slash; a diff names its versions
            }
            #expect(page.status == .ok, "GET \(route.pattern) answered \(page.status) \(page.location ?? ""): \(page.body.prefix(300))")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "GET \(route.pattern) has a policy")
            #expect(page.headers[.cacheControl] == "no-store" || route.pattern == "/static/:name" || route.pattern == "/favicon.ico",
                    "GET \(route.pattern) is not cached")
        }
    }

    @Test("the type-ahead's vocabulary: terms by plain-language words as JSON; a wrong kind is a clear 400")
    func vocabulary() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let page = try await client.get("/api/vocabulary?kind=muscles&q=middle%20of%20your%20buttock")
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "application/json; charset=utf-8")
        let terms = try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [[String: String]])
        #expect(terms.map { $0["id"] } == ["piriformis"])
        #expect(terms.first?["plain"] == "the deep muscle in the middle of your buttock")
        let all = try await client.get("/api/vocabulary?kind=equipment")
        #expect(((try JSONSerialization.jsonObject(with: Data(all.body.utf8)) as? [Any])?.count ?? 0) > 3)
        let wrong = try await client.get("/api/vocabulary?kind=spells")
        #expect(wrong.status == .badRequest)
        #expect(wrong.body.contains("Ask for kind=muscles, regions, conditions or equipment."))
        let icon = try await client.get("/favicon.ico")
        #expect(icon.status == .ok && icon.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
    }
}
