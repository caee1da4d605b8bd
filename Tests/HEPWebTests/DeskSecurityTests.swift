import Foundation
import HEPKit
@testable import HEPWeb
import Testing

/// The desk's security rules, as a browser meets them.
@Suite struct DeskSecurityTests {
    @Test func everyPageHasAStrictPolicyAndIsNotCached() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let page = try await client.get("/")
        #expect(page.status == .ok)
        #expect(page.headers[.contentSecurityPolicy] == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        #expect(page.headers[.cacheControl] == "no-store")
        #expect(page.headers[.xContentTypeOptions] == "nosniff")
        #expect(page.headers[.setCookie]?.contains("HttpOnly") == true)
        #expect(page.headers[.setCookie]?.contains("SameSite=Strict") == true)
        #expect(page.headers[.setCookie]?.contains("Secure") == false)
        #expect(page.body.contains("<h1>Patients</h1>"))
        #expect(!page.body.contains("http://") && !page.body.contains("https://"), "no remote resource")
    }

    @Test func aPostWithoutTheTokenIsRefused() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        _ = try await client.get("/")
        let refused = try await client.post("/logout", [], withToken: false)
        #expect(refused.status == .forbidden)
        #expect(refused.body.contains("This form has expired. Go back, reload the page and try again."))
        let wrong = try await client.post("/logout", [("csrf", "0123")], withToken: false)
        #expect(wrong.status == .forbidden)
        let accepted = try await client.post("/logout", [])
        #expect(accepted.status == .seeOther)
    }

    @Test func aPostFromAnotherSiteIsRefused() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let crossOrigin = try await client.post("/logout", [], headers: [.origin: "http://evil.example"])
        #expect(crossOrigin.status == .forbidden)
        #expect(crossOrigin.body.contains("This form came from another site, so it was refused."))
        let crossSite = try await client.post("/logout", [], headers: [.init("Sec-Fetch-Site")!: "cross-site"])
        #expect(crossSite.status == .forbidden)
        let sameOrigin = try await client.post("/logout", [], headers: [.origin: "http://127.0.0.1:8080", .init("Sec-Fetch-Site")!: "same-origin"])
        #expect(sameOrigin.status == .seeOther)
    }

    @Test func aBodyOverOneMegabyteIsRefused() async throws {
        let client = DeskClient(desk: try DeskFixture.desk())
        let token = try await client.token()
        let page = try await client.send(.post, "/logout", body: "csrf=\(token)&x=" + String(repeating: "a", count: 1_100_000))
        #expect(page.status == .contentTooLarge)
    }

    @Test func offLoopbackNeedsAnAccountAndWarnsWithoutTLS() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-users-\(UUID().uuidString)")
        let configuration = DeskConfiguration(host: "0.0.0.0", port: 0, projectRoot: URL(fileURLWithPath: "/tmp"), usersFile: folder.appendingPathComponent("users"))
        let refusal = try #require(DeskServer.refusal(configuration, users: try UserStore.load(configuration.usersFile)))
        #expect(refusal.description == "refusing to listen on 0.0.0.0 without accounts: patient data would be open to the whole network")
        #expect(DeskServer.warning(configuration) == "warning: serving 0.0.0.0 without TLS: patient data crosses the network in clear text\n  hint: give --tls-cert and --tls-key (PEM files) to serve HTTPS")
        var loopback = configuration
        loopback.host = "127.0.0.1"
        #expect(DeskServer.refusal(loopback, users: try UserStore.load(configuration.usersFile)) == nil)
        #expect(DeskServer.warning(loopback) == nil)
    }

    @Test func accountsAreOwnerOnlyAndSignInIsLimited() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-users-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("users")
        var store = try UserStore.load(file)
        #expect(throws: UserStore.Problem.self) { try store.set("anna", role: .practitioner, password: "short") }
        try store.set("anna", role: .editor, password: "correct horse battery")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!(try String(contentsOf: file, encoding: .utf8)).contains("correct horse"))

        let desk = try DeskFixture.desk(users: file)
        let client = DeskClient(desk: desk)
        let home = try await client.get("/")
        #expect(home.status == .seeOther && home.location == "/login")
        for _ in 0..<LoginThrottle.limit {
            let failed = try await client.post("/login", [("name", "anna"), ("password", "wrong password here")])
            #expect(failed.status == .unauthorized)
            #expect(failed.body.contains("That name and password do not match an account."))
        }
        let limited = try await client.post("/login", [("name", "anna"), ("password", "correct horse battery")])
        #expect(limited.status == .tooManyRequests)
        #expect(limited.body.contains("Too many failed attempts. Wait 15 minutes, then try again."))

        let other = DeskClient(desk: try DeskFixture.desk(users: file))
        let before = try await other.token()
        let signedIn = try await other.post("/login", [("name", "anna"), ("password", "correct horse battery")])
        #expect(signedIn.status == .seeOther && signedIn.location == "/")
        #expect(try await other.token() != before, "a new session on sign-in")
        #expect(try await other.get("/").status == .ok)
    }
}
