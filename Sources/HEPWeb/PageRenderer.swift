import Foundation
import HEPKit
import Hummingbird
import Mustache

/// The app's own pages: Mustache templates in `Resources/pages/` (apart from the clinic's handout
/// templates), filled from typed view models. Every page is a `layout` child, so each shows the same
/// header, navigation and footer.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The app's static files (`Resources/static/`): name -> bytes, read once at start.
    let assets: [String: Data]

    public struct MissingResources: Error, CustomStringConvertible {
        public var description: String
    }

    public init() throws {
        guard let resources = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw MissingResources(description: "the web app's pages are missing (hep_HEPWeb.resources next to the binary)")
        }
        var library = MustacheLibrary()
        let pages = resources.appendingPathComponent("pages")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: pages.path)) ?? [] where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: pages.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        guard library.getTemplate(named: "layout") != nil else {
            throw MissingResources(description: "the web app's pages are missing from \(pages.path)")
        }
        var assets: [String: Data] = [:]
        let statics = resources.appendingPathComponent("static")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: statics.path)) ?? [] {
            assets[name] = FileManager.default.contents(atPath: statics.appendingPathComponent(name).path)
        }
        self.library = library
        self.assets = assets
    }

    /// What every page's layout shows around its own content.
    public struct Frame: Sendable {
        /// The page's title (after "hep · ").
        public var title: String
        /// The form token each POST form carries as `<input type="hidden" name="csrf">`.
        public var csrf: String
        /// The signed-in account, if any.
        public var user: String?
        /// Which navigation tab is current: "patients", "catalogue".
        public var section: String
        /// Whether the account may edit the catalogue.
        public var canEdit: Bool
        /// The page's own view model.
        public var page: any Sendable
        /// One flag per tab, for the navigation (templates see stored properties only).
        var isPatients: Bool
        var isCatalogue: Bool
        var isPacks: Bool

        public init(title: String, csrf: String, user: String?, section: String, canEdit: Bool, page: any Sendable) {
            self.title = title
            self.csrf = csrf
            self.user = user
            self.section = section
            self.canEdit = canEdit
            self.page = page
            self.isPatients = section == "patients"
            self.isCatalogue = section == "catalogue"
            self.isPacks = section == "packs"
        }
    }

    /// The filled page `name`, as HTML text.
    public func html(_ name: String, _ frame: Frame) -> String? {
        library.render(frame, withTemplate: name)
    }

    /// The page as a response (200 unless told).
    public func page(_ name: String, title: String, context: DeskContext, section: String = "patients",
                     status: HTTPResponse.Status = .ok, _ page: any Sendable) -> Response {
        let frame = Frame(title: title, csrf: context.csrf, user: context.user, section: section,
                          canEdit: context.session?.role.map { $0 >= .editor } ?? (context.user == nil), page: page)
        guard let html = html(name, frame) else {
            return Self.errorResponse(status: .internalServerError, message: "The page \(name) is missing.")
        }
        return Self.htmlResponse(html, status: status)
    }

    /// An HTML response.
    public static func htmlResponse(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A plain error page, built without templates (so it works when they do not), text escaped.
    public static func errorResponse(status: HTTPResponse.Status, message: String) -> Response {
        let html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(status.reasonPhrase))</title><link rel="stylesheet" href="/static/app.css"></head>
        <body><main class="narrow"><h1>\(HTMLText.escape(status.reasonPhrase))</h1><p>\(HTMLText.escape(message))</p>
        <p><a href="/">Back to the patients</a></p></main></body></html>
        """
        return htmlResponse(html, status: status)
    }

    /// A redirect after a successful POST (303, so the browser GETs the target).
    public static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The static file `name`, or nil.
    func asset(_ name: String) -> Response? {
        guard let data = assets[name] else { return nil }
        let type = switch (name as NSString).pathExtension {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// HTML escaping for the few strings built outside templates.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
