import Foundation
import HEPKit
import Hummingbird

extension DeskRoutes {
    /// Fragments and data for the editor's script (every action also works without it):
    /// - `GET /api/vocabulary?kind=muscles&q=glut`: matching terms as JSON (id, clinical name, plain name).
    /// - `POST /api/patients/{pid}/plans/{draft}/warnings` (the editor's form, with `X-CSRF-Token`):
    ///   the check beside the plan, as an HTML fragment, for the form as it is now (nothing saved).
    static func addAPI(to router: Router<DeskContext>, desk: Desk) {
        router.get("/api/vocabulary") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let kind = query.get("kind").flatMap(Vocabulary.Kind.init(rawValue:)), let snapshot = desk.snapshot().0 else {
                throw HTTPError(.badRequest, message: "Ask for kind=muscles, regions, conditions or equipment.")
            }
            let words = (query.get("q") ?? "").lowercased().split(separator: " ").map(String.init)
            let vocabulary = snapshot.catalogue.vocabulary
            let terms = vocabulary.ids(kind).compactMap { vocabulary.term(kind, $0) }.filter { term in
                let haystack = "\(term.id) \(term.name) \(term.plain)".lowercased()
                return words.allSatisfy(haystack.contains)
            }.prefix(20)
            let items = terms.map { "{\"id\":\(json($0.id)),\"name\":\(json($0.name)),\"plain\":\(json($0.plain))}" }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "[" + items.joined(separator: ",") + "]")))
        }
        router.post("/api/patients/:pid/plans/:draft/warnings") { _, context -> Response in
            let (pid, name) = try draftAddress(context)
            let text = try loadDraft(desk, pid, name)
            guard let snapshot = desk.snapshot().0, let base = try? PlanDraft(text: text, file: name) else {
                throw HTTPError(.internalServerError, message: "The project has errors.")
            }
            let edited = EditorForm.draft(context.form, base: base, catalogue: snapshot.catalogue).text(keeping: text, openedAs: base)
            let review = PlanReview.review(text: edited, file: shownFile(desk, snapshot, pid, name), snapshot: snapshot, store: desk.store, render: false)
            var page = emptyPage(pid: pid, name: name, openErrors: [])
            fill(&page, review)
            return PageRenderer.htmlResponse(warningsFragment(page))
        }
    }

    /// The check beside the plan, as the editor page shows it (the same markup as editor.mustache).
    static func warningsFragment(_ page: EditorPage) -> String {
        var html = "<p class=\"summary\">\(HTMLText.escape(page.summary))</p>"
        if !page.hasWarnings { html += "<p class=\"notice\">No warnings.</p>" }
        html += "<ul class=\"diagnostics\">"
        for row in page.warnings {
            html += "<li class=\"\(HTMLText.escape(row.severity))\"><span class=\"where\">line \(row.line)</span> \(HTMLText.escape(row.message))"
            if let hint = row.hint { html += "<span class=\"hint\">hint: \(HTMLText.escape(hint))</span>" }
            html += "</li>"
        }
        return html + "</ul>"
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
