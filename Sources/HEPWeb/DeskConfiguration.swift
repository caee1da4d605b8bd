import Foundation
import HEPKit

/// How `hep serve` was started: where it listens, which project it serves, where handouts go.
public struct DeskConfiguration: Sendable {
    /// The address to listen on; loopback (`127.0.0.1`) unless told otherwise.
    public var host: String
    /// The port (0: any free port, as the tests use).
    public var port: Int
    /// The project folder (holding `Exercises/` and `Templates/`).
    public var projectRoot: URL
    /// The handout store's root (`Output/` in the project unless told otherwise).
    public var outputRoot: URL
    /// The accounts file (`hep users add`); see `UserStore.defaultLocation`.
    public var usersFile: URL
    /// PEM certificate chain and private key for HTTPS; both or neither.
    public var tlsCertificate: URL?
    public var tlsKey: URL?
    /// Today's date, as the app writes it into a new plan (the renderer never reads the clock).
    public var today: @Sendable () -> CalendarDate
    /// Where the server's log lines go: one per request (method, route pattern, status, duration)
    /// and nothing else about it; never a name, an address, a note or a URL's values.
    public var log: @Sendable (String) -> Void

    public init(host: String = "127.0.0.1", port: Int = 8080, projectRoot: URL, outputRoot: URL? = nil,
                usersFile: URL? = nil, tlsCertificate: URL? = nil, tlsKey: URL? = nil,
                today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() },
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.log = log
        self.host = host
        self.port = port
        self.projectRoot = projectRoot.standardizedFileURL
        self.outputRoot = (outputRoot ?? projectRoot.appendingPathComponent("Output")).standardizedFileURL
        self.usersFile = usersFile ?? UserStore.defaultLocation
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.today = today
    }

    /// True when the address is this machine only (127.0.0.0/8, ::1 or `localhost`).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// True when serving HTTPS.
    public var usesTLS: Bool { tlsCertificate != nil && tlsKey != nil }
}
