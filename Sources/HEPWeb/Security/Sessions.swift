import Foundation
import Synchronization

/// Signed-in (or, on a loopback desk without accounts, anonymous) browser sessions, in memory only:
/// a restart signs everyone out. Each has its own CSRF token.
public final class SessionStore: Sendable {
    public struct Session: Sendable {
        /// The cookie value (random, 256 bits).
        public var id: String
        /// The form token every POST must carry.
        public var csrf: String
        /// The account, or nil before sign-in.
        public var user: String?
        public var role: UserStore.Role?
        var created: Date
        var lastSeen: Date
    }

    /// Sessions end after this long without a request, and after `absoluteLimit` in all.
    public static let idleLimit: TimeInterval = 2 * 3600
    public static let absoluteLimit: TimeInterval = 12 * 3600
    /// The cookie's name.
    public static let cookieName = "hep_session"

    private let sessions = Mutex<[String: Session]>([:])

    public init() {}

    /// The live session for `id`, touched; nil when unknown or expired.
    public func session(_ id: String?, now: Date = Date()) -> Session? {
        guard let id else { return nil }
        return sessions.withLock { all in
            guard var session = all[id] else { return nil }
            if now.timeIntervalSince(session.lastSeen) > Self.idleLimit || now.timeIntervalSince(session.created) > Self.absoluteLimit {
                all[id] = nil
                return nil
            }
            session.lastSeen = now
            all[id] = session
            return session
        }
    }

    /// A new session (anonymous until `signIn`).
    public func start(now: Date = Date()) -> Session {
        let session = Session(id: Self.randomToken(), csrf: Self.randomToken(), user: nil, role: nil, created: now, lastSeen: now)
        sessions.withLock { all in
            all = all.filter { now.timeIntervalSince($0.value.lastSeen) <= Self.idleLimit }
            all[session.id] = session
        }
        return session
    }

    /// Signs `user` in: a fresh session (new id and token, so a fixated id is useless); the old one ends.
    public func signIn(replacing old: String?, user: String, role: UserStore.Role, now: Date = Date()) -> Session {
        var session = start(now: now)
        session.user = user
        session.role = role
        sessions.withLock { all in
            if let old { all[old] = nil }
            all[session.id] = session
        }
        return session
    }

    /// Ends the session.
    public func end(_ id: String) { _ = sessions.withLock { $0.removeValue(forKey: id) } }

    /// 32 random bytes as hex, from the system's generator.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}

/// Sign-in attempts, limited per account name and per client address: after
/// `limit` failures within `window`, further attempts are refused until the window has passed.
public final class LoginThrottle: Sendable {
    public static let limit = 5
    public static let window: TimeInterval = 15 * 60
    private let failures = Mutex<[String: [Date]]>([:])

    public init() {}

    /// True when `keys` (name, address) may try again now.
    public func allows(_ keys: [String], now: Date = Date()) -> Bool {
        failures.withLock { all in
            keys.allSatisfy { key in (all[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }.count < Self.limit }
        }
    }

    /// Records a failed attempt for each key.
    public func fail(_ keys: [String], now: Date = Date()) {
        failures.withLock { all in
            for key in keys { all[key, default: []] = (all[key] ?? []).filter { now.timeIntervalSince($0) < Self.window } + [now] }
        }
    }

    /// Clears the record after a successful sign-in.
    public func succeed(_ keys: [String]) {
        failures.withLock { all in for key in keys { all[key] = nil } }
    }
}
