import Foundation
import HEPKit
@testable import HEPWeb
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import HummingbirdCore

/// Drives the desk's router in process, as a browser would: keeps the session cookie, sends the
/// CSRF token with forms, and reads pages back as text. (No server, no sockets.)
final class DeskClient: @unchecked Sendable {
    let desk: Desk
    let responder: Router<DeskContext>.Responder
    var cookie: String?

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }
    }

    init(desk: Desk) {
        self.desk = desk
        self.responder = DeskServer.router(desk: desk).buildResponder()
    }

    /// Sends a request; follows nothing (a redirect comes back as it is).
    func send(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil, address: String = "127.0.0.1") async throws -> Page {
        var fields = headers
        if let cookie { fields[.cookie] = "\(SessionStore.cookieName)=\(cookie)" }
        if body != nil && fields[.contentType] == nil { fields[.contentType] = "application/x-www-form-urlencoded" }
        let head = HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1:8080", path: path, headerFields: fields)
        let request = Request(head: head, body: .init(buffer: ByteBuffer(string: body ?? "")))
        let channel = EmbeddedChannel()
        try await channel.connect(to: try SocketAddress(ipAddress: address, port: 50000)).get()
        let context = DeskContext(source: ApplicationRequestContextSource(channel: channel, logger: Logger(label: "test")))
        let response = try await responder.respond(to: request, context: context)
        let text = try await Self.bodyText(response)
        if let setCookie = response.headers[.setCookie], let value = setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last {
            cookie = value.isEmpty ? nil : String(value)
        }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    func get(_ path: String) async throws -> Page { try await send(.get, path) }

    /// Posts a form with this session's CSRF token (fetched from any page first if needed).
    func post(_ path: String, _ fields: [(String, String)], withToken: Bool = true, headers: HTTPFields = [:]) async throws -> Page {
        var all = fields
        if withToken { all.append(("csrf", try await token())) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, path, headers: headers, body: body)
    }

    /// This session's CSRF token (starting a session with a GET if there is none).
    func token() async throws -> String {
        if cookie == nil { _ = try await get("/static/app.css") }
        return desk.sessions.session(cookie)?.csrf ?? ""
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func bodyText(_ response: Response) async throws -> String {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return String(buffer: writer.box.collected)
    }
}

/// Collects a response body.
struct CollectingWriter: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var collected = ByteBuffer() }
    let box = Box()
    func write(_ buffer: ByteBuffer) async throws { box.collected.writeImmutableBuffer(buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
