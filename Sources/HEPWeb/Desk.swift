import Foundation
import HEPKit

/// What every route shares: the project (reloaded when its files change), the handout store, the
/// page templates, the accounts and the sessions. One per server.
public final class Desk: Sendable {
    public let configuration: DeskConfiguration
    /// The project, loaded again on the next request after any of its files changed.
    public let host: ProjectHost
    /// Where handouts are issued (the same store as `hep render`).
    public let store: HandoutStore
    /// The app's own page templates (not the clinic's handout templates).
    public let pages: PageRenderer
    /// Accounts (`hep users add`); empty on a loopback desk without accounts.
    public let users: UserStore
    public let sessions: SessionStore
    public let logins: LoginThrottle

    public init(configuration: DeskConfiguration) throws {
        self.configuration = configuration
        self.host = ProjectHost(project: Project(root: configuration.projectRoot))
        self.store = HandoutStore(root: configuration.outputRoot)
        self.pages = try PageRenderer()
        self.users = try UserStore.load(configuration.usersFile)
        self.sessions = SessionStore()
        self.logins = LoginThrottle()
    }

    /// The project as it is on disk now, or the errors that keep it from loading.
    public func snapshot() -> (ProjectSnapshot?, DiagnosticList) {
        var diagnostics = DiagnosticList()
        let snapshot = host.snapshot(into: &diagnostics)
        return (snapshot, diagnostics)
    }

    /// True when every request must come from a signed-in account: whenever accounts exist (and
    /// always off loopback, where the server refuses to start without one).
    public var requiresLogin: Bool { !users.isEmpty || !configuration.isLoopback }

    /// Appends an audit record (who, when, which handout) for an issue or a send. A failure to
    /// write it is logged (without patient details) and does not undo the action.
    public func audit(_ action: String, handout folder: URL, context: DeskContext) {
        let record = AuditLog.Record(at: UTCTimestamp.string(Date()), who: context.user ?? "local", action: action,
                                     handout: AuditLog.handoutPath(folder, in: store))
        do {
            try AuditLog.append(record, to: store)
        } catch {
            configuration.log("error: the audit log could not be written (\(action))")
        }
    }

    /// Today's date as the app writes it into a new plan.
    public var today: CalendarDate { configuration.today() }
}
