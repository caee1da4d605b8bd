import Foundation

/// Hands a finished message to the clinic's transport: SMTP (STARTTLS required by default) or a
/// local `sendmail -t -i` (msmtp, postfix).
struct Mailer: Sendable {
    let settings: SendingSettings
    let environment: [String: String]

    /// Delivers `bytes` to exactly one recipient.
    func deliver(_ bytes: [UInt8], from: String, to recipient: String, heloName: String) async throws {
        switch settings.transport {
        case .smtp:
            guard let host = settings.host else {
                throw SMTPClient.Failure(stage: .connect, message: "no `sending.host` in Templates/clinic.yaml")
            }
            var configuration = SMTPClient.Configuration(host: host, port: settings.port, username: settings.username,
                                                         password: try settings.password(environment: environment))
            configuration.requireTLS = settings.requireTLS
            configuration.caFile = settings.caFile
            configuration.timeout = Int64(settings.timeout)
            configuration.heloName = heloName
            _ = try await SMTPClient(configuration).send(bytes, from: from, to: recipient)
        case .sendmail:
            let program = settings.sendmail
            // Running a process and waiting for it blocks a thread: do it on one of its own, never
            // on the cooperative pool (or a server's event loop).
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                Thread.detachNewThread {
                    do {
                        try Sendmail.run(bytes, program: program)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}

/// Pipes a message to `sendmail -t -i`.
enum Sendmail {
    static func run(_ bytes: [UInt8], program: String) throws {
        // The message goes in through a socket pair rather than a pipe, so that a sendmail that
        // exits early gives EPIPE on `send(MSG_NOSIGNAL)` instead of a SIGPIPE that would kill the
        // process: library code never changes process-wide signal handling.
        var sockets: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &sockets) == 0 else {
            throw SMTPClient.Failure(stage: .connect, message: "cannot run \(program): \(String(cString: strerror(errno)))")
        }
        let ours = FileHandle(fileDescriptor: sockets[0], closeOnDealloc: true)
        let theirs = FileHandle(fileDescriptor: sockets[1], closeOnDealloc: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-t", "-i"]
        // Its error output goes to a file, so a chatty sendmail can never fill a pipe and hang us.
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("hep-sendmail-\(getpid())-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        process.standardInput = theirs
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SMTPClient.Failure(stage: .connect, message: "cannot run \(program): \(error.localizedDescription)")
        }
        try? theirs.close()
        // sendmail wants LF line ends on its standard input.
        let message = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
        var offset = 0
        var writeError: Int32 = 0
        while offset < message.count {
            let sent = message[offset...].withUnsafeBytes { send(sockets[0], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                writeError = errno
                break
            }
            offset += sent
        }
        shutdown(sockets[0], Int32(SHUT_WR))
        process.waitUntilExit()
        try? ours.close()
        guard process.terminationStatus == 0, writeError == 0 else {
            let detail = (try? String(contentsOf: errorsURL, encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
                ?? (writeError != 0 ? String(cString: strerror(writeError)) : "")
            throw SMTPClient.Failure(stage: .data, message: "\(program) exited with \(process.terminationStatus): \(detail.prefix(200))")
        }
    }
}
