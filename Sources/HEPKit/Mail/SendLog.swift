import Foundation

/// `send-log.jsonl` beside a handout: one record per attempt. The log is locked for the whole
/// attempt, so two senders cannot both send one handout, and a handout is never sent when its
/// record cannot be written.
final class SendLog {
    /// One record of the log.
    struct Record: Codable, Sendable {
        var messageID: String
        var recipient: String
        var utc: String
        var handout: String
        var result: String
        var error: String?
    }

    enum Failure: Error, CustomStringConvertible {
        case busy
        case cannotOpen(String)

        var description: String {
            switch self {
            case .busy: "another send is running"
            case .cannotOpen(let reason): reason
            }
        }
    }

    private let descriptor: Int32
    /// The records already in the log.
    let records: [Record]

    private init(descriptor: Int32, records: [Record]) {
        self.descriptor = descriptor
        self.records = records
    }

    /// Opens (creating, owner-only) and locks the log of the handout in `folder`.
    static func open(in folder: URL) throws -> SendLog {
        let url = folder.appendingPathComponent("send-log.jsonl")
        let descriptor = Foundation.open(url.path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotOpen(String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Foundation.close(descriptor)
            throw Failure.busy
        }
        let records = (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n")
            .compactMap { try? JSONDecoder().decode(Record.self, from: Data($0.utf8)) } ?? []
        return SendLog(descriptor: descriptor, records: records)
    }

    /// Appends one record as a line; false when it could not be written completely.
    func append(_ record: Record) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(record) else { return false }
        let line = data + Data("\n".utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        return written == line.count && fsync(descriptor) == 0
    }

    /// Unlocks and closes the log.
    func close() { Foundation.close(descriptor) }

    static func iso8601(_ date: Date) -> String { UTCTimestamp.string(date) }
}
