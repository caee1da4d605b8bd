import Hummingbird

extension DeskRoutes {
    /// `/static/NAME`: the app's own CSS, JavaScript and icons (nothing remote, no build step).
    static func addStatic(to router: Router<DeskContext>, desk: Desk) {
        // Browsers ask for /favicon.ico on pages without an icon link (an issued handout has none).
        router.get("/favicon.ico") { _, _ -> Response in
            guard let response = desk.pages.asset("icon.svg") else { throw HTTPError(.notFound) }
            return response
        }
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let response = desk.pages.asset(name) else {
                throw HTTPError(.notFound, message: "No such file.")
            }
            return response
        }
    }
}
