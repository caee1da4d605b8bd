import Hummingbird
import NIOCore

/// The request context of every desk route: the browser session (set by `SessionMiddleware`) and
/// the client's address (for the sign-in limit; never logged).
public struct DeskContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The session this request belongs to (always set once past `SessionMiddleware`).
    public var session: SessionStore.Session?
    /// The client's IP address, or "" when unknown.
    public let clientAddress: String
    /// Set by `SessionMiddleware` when it started a new session the response must set a cookie for.
    public var newSessionCookie: String?
    /// The submitted form of a POST (read once by `SessionMiddleware`); empty otherwise.
    public var form = FormData()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? ""
    }

    /// Request bodies are capped at 1 MB (a plan form is a few kilobytes).
    public var maxUploadSize: Int { 1_000_000 }

    /// The CSRF token forms must carry.
    public var csrf: String { session?.csrf ?? "" }
    /// The signed-in account, if any.
    public var user: String? { session?.user }
}
