import Foundation
internal import NIOCore
internal import NIOPosix
internal import NIOSSL

/// Sends one message over SMTP with SwiftNIO: STARTTLS (required by default), EHLO again after
/// TLS, AUTH PLAIN or LOGIN only over TLS, dot-stuffing, multi-line replies, a timeout on every
/// step, and every failure named by its stage and the server's reply. Secrets are never printed.
public struct SMTPClient: Sendable {
    /// Where and how to connect.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var username: String?
        /// Never printed, never logged.
        public var password: String?
        /// Refuse to go on without STARTTLS (the default; turn off only for a local relay).
        public var requireTLS: Bool = true
        /// A CA certificate (PEM) to trust instead of the system's (for a clinic's own server, tests).
        public var caFile: String?
        /// The name we give in EHLO.
        public var heloName: String = "hep.localhost"
        /// Seconds each step may take.
        public var timeout: Int64 = 30

        public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
        }
    }

    /// The stages of a conversation, named in errors.
    public enum Stage: String, Sendable {
        case connect, greeting, ehlo = "EHLO", starttls = "STARTTLS", tls = "TLS", auth = "AUTH", mail = "MAIL", rcpt = "RCPT", data = "DATA", quit = "QUIT"
    }

    /// A failure, naming the stage and what the server said.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var stage: Stage
        public var message: String
        public var description: String { "\(stage.rawValue): \(message)" }
    }

    public var configuration: Configuration

    public init(_ configuration: Configuration) { self.configuration = configuration }

    /// Sends `message` from `from` to exactly one recipient; returns the server's final reply.
    public func send(_ message: [UInt8], from: String, to recipient: String) async throws -> String {
        let group = MultiThreadedEventLoopGroup.singleton
        let replies = ReplyHandler()
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(configuration.timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(replies) }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw Failure(stage: .connect, message: "cannot reach \(configuration.host):\(configuration.port): \(error)")
        }
        defer { channel.close(promise: nil) }
        let conversation = Conversation(channel: channel, replies: replies, timeout: configuration.timeout)

        try await conversation.expect(.greeting, 220)
        var extensions = try await conversation.command("EHLO \(configuration.heloName)", stage: .ehlo, expecting: 250).lines
        let offersTLS = extensions.contains { $0.uppercased().hasPrefix("STARTTLS") }
        var secure = false
        if offersTLS {
            try await conversation.command("STARTTLS", stage: .starttls, expecting: 220)
            try await startTLS(on: channel, replies: replies)
            secure = true
            // Anything read before the switch is discarded; the server's capabilities are asked again.
            extensions = try await conversation.command("EHLO \(configuration.heloName)", stage: .ehlo, expecting: 250).lines
        } else if configuration.requireTLS {
            throw Failure(stage: .starttls, message: "the server does not offer STARTTLS; nothing was sent (hep never sends a patient's handout or a password unencrypted)")
        }
        if let username = configuration.username {
            guard secure else {
                throw Failure(stage: .auth, message: "refusing to send the password without TLS")
            }
            let password = configuration.password ?? ""
            // Every "AUTH ..." line counts; a legacy "AUTH=LOGIN" line is not the list.
            let mechanisms = extensions.filter { $0.uppercased().hasPrefix("AUTH ") }
                .flatMap { $0.uppercased().split(separator: " ").dropFirst().map(String.init) }
            if mechanisms.contains("PLAIN") {
                let token = Base64.encode(Array("\u{0}\(username)\u{0}\(password)".utf8))
                try await conversation.command("AUTH PLAIN \(token)", stage: .auth, expecting: 235)
            } else if mechanisms.contains("LOGIN") {
                try await conversation.command("AUTH LOGIN", stage: .auth, expecting: 334)
                try await conversation.command(Base64.encode(Array(username.utf8)), stage: .auth, expecting: 334)
                try await conversation.command(Base64.encode(Array(password.utf8)), stage: .auth, expecting: 235)
            } else {
                throw Failure(stage: .auth, message: "the server offers neither AUTH PLAIN nor AUTH LOGIN")
            }
        }
        try await conversation.command("MAIL FROM:<\(from)>", stage: .mail, expecting: 250)
        try await conversation.command("RCPT TO:<\(recipient)>", stage: .rcpt, expecting: 250, 251)
        try await conversation.command("DATA", stage: .data, expecting: 354)
        let final = try await conversation.sendData(Self.dotStuffed(message))
        _ = try? await conversation.command("QUIT", stage: .quit, expecting: 221)
        return final
    }

    /// Lines that start with "." get another "." (RFC 5321 4.5.2); the message ends with CRLF.CRLF.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == 0x0A
        }
        if !(out.suffix(2) == [0x0D, 0x0A]) { out += [0x0D, 0x0A] }
        return out + Array(".\r\n".utf8)
    }

    func startTLS(on channel: Channel, replies: ReplyHandler) async throws {
        do {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let caFile = configuration.caFile {
                tls.trustRoots = .file(caFile)
            }
            let context = try NIOSSLContext(configuration: tls)
            let hostname = configuration.host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : configuration.host
            try await channel.eventLoop.submit {
                replies.discardPending()
                let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw Failure(stage: .tls, message: "cannot start TLS: \(error)")
        }
    }
}

/// One reply: its code and lines (without the code).
struct SMTPReply: Sendable {
    var code: Int
    var lines: [String]
    var text: String { lines.map { "\(code) \($0)" }.joined(separator: " / ") }
}

/// Turns bytes from the server into replies, joining `250-...` continuation lines.
///
/// `@unchecked Sendable` is safe: NIO calls the handler only on its channel's event loop, and the
/// conversation reads replies through `nextReply`, which hops onto that loop before touching state.
final class ReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffer: [UInt8] = []
    private var lines: [String] = []
    private var replies: [Result<SMTPReply, Error>] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readBytes(length: bytes.readableBytes) ?? []
        while let end = buffer.firstIndex(of: 0x0A) {
            var line = String(decoding: buffer[..<end], as: UTF8.self)
            buffer.removeSubrange(...end)
            if line.hasSuffix("\r") { line.removeLast() }
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                deliver(.failure(SMTPClient.Failure(stage: .greeting, message: "the server sent something that is not SMTP: \(line.prefix(80))")))
                continue
            }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                deliver(.success(SMTPReply(code: code, lines: lines)))
                lines = []
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let message = timedOutAfter.map { "no answer within \($0) seconds" } ?? "the server closed the connection"
        deliver(.failure(SMTPClient.Failure(stage: .greeting, message: message)))
        context.fireChannelInactive()
    }

    /// Set (on the event loop) when a step timed out, just before the connection is closed.
    var timedOutAfter: Int64?

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        lastError = error
        deliver(.failure(error))
        context.close(promise: nil)
    }

    /// The last error the connection saw (a TLS handshake failure, say), for the message.
    private(set) var lastError: Error?

    private func deliver(_ reply: Result<SMTPReply, Error>) {
        if waiting.isEmpty {
            replies.append(reply)
        } else {
            let promise = waiting.removeFirst()
            switch reply {
            case .success(let value): promise.succeed(value)
            case .failure(let error): promise.fail(error)
            }
        }
    }

    /// The next reply (runs on the channel's event loop).
    func next(on loop: EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty {
            switch replies.removeFirst() {
            case .success(let value): return loop.makeSucceededFuture(value)
            case .failure(let error): return loop.makeFailedFuture(error)
            }
        }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    /// Forgets whatever arrived before TLS started (a server must not pipeline across STARTTLS).
    func discardPending() {
        buffer.removeAll()
        lines.removeAll()
        replies.removeAll()
    }
}

/// Commands and replies with a timeout on each step.
struct Conversation {
    let channel: Channel
    let replies: ReplyHandler
    let timeout: Int64

    @discardableResult
    func expect(_ stage: SMTPClient.Stage, _ codes: Int...) async throws -> SMTPReply {
        try check(try await nextReply(stage), stage: stage, codes: codes)
    }

    @discardableResult
    func command(_ line: String, stage: SMTPClient.Stage, expecting codes: Int...) async throws -> SMTPReply {
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line + "\r\n")
        do {
            try await channel.writeAndFlush(buffer).get()
        } catch {
            throw await explained(error, stage: stage, doing: "cannot send the command")
        }
        return try check(try await nextReply(stage), stage: stage, codes: codes)
    }

    func sendData(_ bytes: [UInt8]) async throws -> String {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try await channel.writeAndFlush(buffer).get()
        return try check(try await nextReply(.data), stage: .data, codes: [250]).text
    }

    private func nextReply(_ stage: SMTPClient.Stage) async throws -> SMTPReply {
        let loop = channel.eventLoop
        let replies = self.replies
        let future = loop.flatSubmit { replies.next(on: loop) }
        let timeout = self.timeout
        let timer = loop.scheduleTask(in: .seconds(timeout)) { [channel] in
            replies.timedOutAfter = timeout
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            return try await future.get()
        } catch let failure as SMTPClient.Failure {
            throw SMTPClient.Failure(stage: stage, message: failure.message)
        } catch {
            throw await explained(error, stage: stage, doing: "no answer within \(timeout) seconds or the connection failed")
        }
    }

    /// A failure, blaming TLS when the connection died in the handshake (an unverified certificate).
    private func explained(_ error: Error, stage: SMTPClient.Stage, doing: String) async -> SMTPClient.Failure {
        let replies = self.replies
        // lastError belongs to the event loop: read it there.
        let last = try? await channel.eventLoop.submit { replies.lastError.map { "\($0)" } }.get()
        let isTLS = (try? await channel.eventLoop.submit { replies.lastError is NIOSSLError }.get()) ?? false
        let cause = last ?? "\(error)"
        if isTLS || cause.contains("handshake") || cause.contains("certificate") {
            return SMTPClient.Failure(stage: .tls, message: "the server's certificate could not be verified (\(cause)); nothing was sent. If the clinic's server uses its own certificate authority, set `sending.ca-file`")
        }
        return SMTPClient.Failure(stage: stage, message: "\(doing): \(cause)")
    }

    private func check(_ reply: SMTPReply, stage: SMTPClient.Stage, codes: [Int]) throws -> SMTPReply {
        guard codes.contains(reply.code) else {
            throw SMTPClient.Failure(stage: stage, message: "the server replied \(reply.text)")
        }
        return reply
    }
}
