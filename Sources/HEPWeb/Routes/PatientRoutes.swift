import Foundation
import HEPKit
import Hummingbird

/// The patients list's view model.
struct PatientsPage: Sendable {
    struct Row: Sendable {
        var id: String
        var name: String
        var lastVisit: String
        var handouts: Int
        var link: String
    }
    var query: String
    var rows: [Row]
    var isEmpty: Bool
}

extension DeskRoutes {
    /// `/`: every patient known from the handout store.
    static func addPatients(to router: Router<DeskContext>, desk: Desk) {
        router.get("/") { request, context -> Response in
            let query = request.uri.queryParameters.get("q") ?? ""
            let rows: [PatientsPage.Row] = []
            return desk.pages.page("patients", title: "Patients", context: context,
                                   PatientsPage(query: query, rows: rows, isEmpty: rows.isEmpty))
        }
    }
}
