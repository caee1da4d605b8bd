import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The desk's audit trail: one JSON line per handout issued or sent, appended to
/// `Output/.audit.jsonl` (owner-only; a name no patient folder can take, since safe folder names
/// never start with a dot). It says who did what to which handout, and when; it holds no patient
/// names, addresses or notes (the handout folder it names holds those, under the same protection).
public enum AuditLog {
    /// One action.
    public struct Record: Codable, Sendable, Hashable {
        /// When, in UTC (`2026-12-02T07:15:03Z`), as the front end read its clock.
        public var at: String
        /// The signed-in account, or `local` on a loopback desk without accounts.
        public var who: String
        /// `issued`, `sent`, or `not-sent` (a send that failed or was refused).
        public var action: String
        /// The handout folder, relative to the output root (`hp-0142/2026-11-23`).
        public var handout: String

        public init(at: String, who: String, action: String, handout: String) {
            self.at = at
            self.who = who
            self.action = action
            self.handout = handout
        }
    }

    /// The audit file of `store`.
    public static func file(of store: HandoutStore) -> URL { store.root.appendingPathComponent(".audit.jsonl") }

    /// Appends `record` as one line (a single `write(2)` with `O_APPEND`, so lines from two
    /// processes never interleave); creates the file owner-only.
    public static func append(_ record: Record, to store: HandoutStore) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(record)
        line.append(0x0A)
        try FileManager.default.createDirectory(at: store.root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(file(of: store).path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw HandoutStore.WriteError(description: "cannot open the audit log: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { throw HandoutStore.WriteError(description: "cannot write the audit log") }
    }

    /// Every record, oldest first (lines that do not parse are skipped).
    public static func records(of store: HandoutStore) -> [Record] {
        guard let data = FileManager.default.contents(atPath: file(of: store).path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(Record.self, from: Data($0)) }
    }

    /// The handout folder's path relative to the store's root.
    public static func handoutPath(_ folder: URL, in store: HandoutStore) -> String {
        let root = store.root.standardizedFileURL.path
        let path = folder.standardizedFileURL.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : folder.lastPathComponent
    }
}
