import Hummingbird

extension DeskRoutes {
    /// `/static/NAME`: the app's own CSS, JavaScript and icons (nothing remote, no build step).
    static func addStatic(to router: Router<DeskContext>, desk: Desk) {
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let response = desk.pages.asset(name) else {
                throw HTTPError(.notFound, message: "No such file.")
            }
            return response
        }
    }
}
