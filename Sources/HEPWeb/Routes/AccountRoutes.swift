import Foundation
import Hummingbird

/// The sign-in page's view model.
struct LoginPage: Sendable {
    var name: String
    var error: String?
}

extension DeskRoutes {
    /// `/login` and `/logout`. Sign-in is limited to `LoginThrottle.limit` failures per name and per
    /// client address in `LoginThrottle.window`; a success starts a new session (new id and token).
    static func addAccounts(to router: Router<DeskContext>, desk: Desk) {
        router.get("/login") { _, context -> Response in
            if !desk.requiresLogin || context.user != nil { return PageRenderer.redirect("/") }
            return desk.pages.page("login", title: "Sign in", context: context, LoginPage(name: "", error: nil))
        }
        router.post("/login") { _, context -> Response in
            let name = context.form.text("name") ?? ""
            let password = context.form["password"] ?? ""
            let keys = ["name:" + name, "address:" + context.clientAddress]
            guard desk.logins.allows(keys) else {
                let minutes = Int(LoginThrottle.window / 60)
                return desk.pages.page("login", title: "Sign in", context: context, status: .tooManyRequests,
                                       LoginPage(name: name, error: "Too many failed attempts. Wait \(minutes) minutes, then try again."))
            }
            guard let account = desk.users.verify(name, password: password) else {
                desk.logins.fail(keys)
                return desk.pages.page("login", title: "Sign in", context: context, status: .unauthorized,
                                       LoginPage(name: name, error: "That name and password do not match an account."))
            }
            desk.logins.succeed(keys)
            let session = desk.sessions.signIn(replacing: context.session?.id, user: account.name, role: account.role)
            var response = PageRenderer.redirect("/")
            response.setCookie(SessionMiddleware(desk: desk).sessionCookie(session.id))
            return response
        }
        router.post("/logout") { _, context -> Response in
            if let id = context.session?.id { desk.sessions.end(id) }
            var response = PageRenderer.redirect(desk.requiresLogin ? "/login" : "/")
            response.setCookie(Cookie(name: SessionStore.cookieName, value: "", maxAge: 0, path: "/",
                                      secure: desk.configuration.usesTLS, httpOnly: true, sameSite: .strict))
            return response
        }
    }
}
