import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Headers on every response: a strict Content-Security-Policy (no inline script or style, nothing
/// remote, no framing), no sniffing, no referrer, and `Cache-Control: no-store` on everything but
/// the app's own static files, since any page may show patient data.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let tls: Bool
    /// The request log (see `DeskConfiguration.log`).
    let log: @Sendable (String) -> Void

    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Hummingbird's `/patients/:pid` as `/patients/{pid}`.
    static func pattern(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = PageRenderer.errorResponse(status: error.status, message: error.body ?? error.status.reasonPhrase)
        } catch {
            // Never a stack trace or a file path: a plain page, and the server carries on.
            response = PageRenderer.errorResponse(status: .internalServerError, message: "Something went wrong on the server.")
        }
        // A route may set a stricter-but-fitting policy of its own (a handout has the inline <style>
        // that email needs, so it is served sandboxed with `style-src 'unsafe-inline'`); every other
        // response gets the app's policy.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"  // "no-referrer" makes Chrome send `Origin: null` with forms
        if response.headers[HTTPField.Name("X-Frame-Options")!] == nil {
            response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        }
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        if !request.uri.path.hasPrefix("/static/") || response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        // Method, route pattern (`/patients/{pid}`, never the id itself), status, duration.
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let route = context.endpointPath.map { Self.pattern($0) } ?? "-"
        log("\(request.method.rawValue) \(route) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms")
        return response
    }
}

/// Gives each browser a session (cookie HttpOnly, SameSite=Strict, Secure under TLS), sends anyone
/// not signed in to the sign-in page when accounts are required, and checks every POST: it must carry
/// the session's CSRF token and come from this origin (Origin and Sec-Fetch-Site, when the browser
/// sends them).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let desk: Desk

    /// Paths open without signing in.
    static let open: [String] = ["/login", "/static/"]

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let cookie = request.cookies[SessionStore.cookieName]?.value
        if let session = desk.sessions.session(cookie) {
            context.session = session
        } else {
            let session = desk.sessions.start()
            context.session = session
            context.newSessionCookie = session.id
        }
        let path = request.uri.path
        let isOpen = Self.open.contains { path == $0 || ($0.hasSuffix("/") && path.hasPrefix($0)) }
        if request.method == .post || request.method == .put || request.method == .delete || request.method == .patch {
            // The body is read once, here (at most 1 MB), and handed to the route as `context.form`.
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: context.maxUploadSize)
            } catch {
                throw HTTPError(.contentTooLarge, message: "That form is too large (the limit is 1 MB).")
            }
            context.form = FormData.parse(String(buffer: body))
            guard sameOrigin(request) else {
                throw HTTPError(.forbidden, message: "This form came from another site, so it was refused.")
            }
            guard context.newSessionCookie == nil, let token = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? context.form["csrf"],
                  constantTimeEqual(token, context.csrf) else {
                throw HTTPError(.forbidden, message: "This form has expired. Go back, reload the page and try again.")
            }
        }
        var response: Response
        if desk.requiresLogin && context.user == nil && !isOpen {
            response = request.method == .get
                ? Response(status: .seeOther, headers: [.location: "/login"])
                : PageRenderer.errorResponse(status: .unauthorized, message: "Sign in first.")
        } else {
            response = try await next(request, context)
        }
        if let id = context.newSessionCookie { response.setCookie(sessionCookie(id)) }
        return response
    }

    func sessionCookie(_ id: String) -> Cookie {
        Cookie(name: SessionStore.cookieName, value: id, path: "/", secure: desk.configuration.usesTLS, httpOnly: true, sameSite: .strict)
    }

    /// False when the browser says the request came from another origin.
    func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" && site != "none" { return false }
        if let origin = request.headers[.origin] {
            guard let authority = request.head.authority else { return false }
            let scheme = desk.configuration.usesTLS ? "https" : "http"
            return origin == "\(scheme)://\(authority)"
        }
        return true
    }

    func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
