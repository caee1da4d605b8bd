import Foundation
import HEPKit
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Builds and runs the desk: the router with every page, the security middleware, and the server
/// (HTTP on loopback; HTTPS with `--tls-cert` and `--tls-key`).
public enum DeskServer {
    /// Why the server would not start.
    public struct StartError: Error, CustomStringConvertible, Sendable {
        public var description: String
        public var hint: String
    }

    /// The router with every route and middleware (what the tests drive directly).
    public static func router(desk: Desk) -> Router<DeskContext> {
        let router = Router(context: DeskContext.self)
        router.add(middleware: SecurityHeadersMiddleware(tls: desk.configuration.usesTLS, log: desk.configuration.log))
        router.add(middleware: SessionMiddleware(desk: desk))
        DeskRoutes.addStatic(to: router, desk: desk)
        DeskRoutes.addAccounts(to: router, desk: desk)
        DeskRoutes.addPatients(to: router, desk: desk)
        DeskRoutes.addHandouts(to: router, desk: desk)
        DeskRoutes.addCatalogue(to: router, desk: desk)
        DeskRoutes.addEditor(to: router, desk: desk)
        DeskRoutes.addPacks(to: router, desk: desk)
        DeskRoutes.addAPI(to: router, desk: desk)
        return router
    }

    /// The problems that keep the server from starting with `configuration`, before it listens:
    /// an address off loopback with no account, or half a TLS pair.
    public static func refusal(_ configuration: DeskConfiguration, users: UserStore) -> StartError? {
        if (configuration.tlsCertificate == nil) != (configuration.tlsKey == nil) {
            return StartError(description: "--tls-cert and --tls-key go together", hint: "give both files (PEM), or neither for plain HTTP on loopback")
        }
        if !configuration.isLoopback && users.isEmpty {
            return StartError(description: "refusing to listen on \(configuration.host) without accounts: patient data would be open to the whole network",
                              hint: "add an account first (hep users add NAME), or listen on 127.0.0.1 only")
        }
        return nil
    }

    /// A warning to print before listening, if any.
    public static func warning(_ configuration: DeskConfiguration) -> String? {
        guard !configuration.isLoopback && !configuration.usesTLS else { return nil }
        return "warning: serving \(configuration.host) without TLS: patient data crosses the network in clear text\n  hint: give --tls-cert and --tls-key (PEM files) to serve HTTPS"
    }

    /// Runs until SIGINT or SIGTERM, then stops cleanly. `listening` gets the address once it listens.
    public static func run(_ configuration: DeskConfiguration, listening: @escaping @Sendable (String) -> Void) async throws {
        let desk = try Desk(configuration: configuration)
        if let refusal = refusal(configuration, users: desk.users) { throw refusal }
        var logger = Logger(label: "hep-serve")
        logger.logLevel = .error  // never requests: URLs and forms may carry patient details
        let server: HTTPServerBuilder
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificate.path).map { NIOSSLCertificateSource.certificate($0) }
                let privateKey = try NIOSSLPrivateKey(file: key.path, format: .pem)
                let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
                server = try .tls(.http1(), tlsConfiguration: tls)
            } catch {
                throw StartError(description: "cannot use the TLS certificate or key: \(error)", hint: "give a PEM certificate chain (--tls-cert) and its PEM private key (--tls-key)")
            }
        } else {
            server = .http1()
        }
        let scheme = configuration.usesTLS ? "https" : "http"
        let app = Application(
            router: router(desk: desk),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                listening("\(scheme)://\(host):\(port)/")
            },
            logger: logger
        )
        // Every task of the server (each connection's, each request's) prefers the event loops.
        try await withTaskExecutorPreference(EventLoopExecutor(group: .singleton)) {
            try await app.runService()
        }
    }
}

/// SwiftNIO's event loops (one per core) as the executor of the server's tasks, so a request is
/// read, handled and answered on one thread, with no hand-over to Swift's concurrency pool and
/// back: two wake-ups per request, and on a 2-core machine more runnable threads than cores, which
/// was the slow tail of the preview's latency (p99 79 ms under wrk, 13 ms with this). A job goes
/// to the loop it was enqueued from when that is one of the group's (NIO's `any()` prefers the
/// current loop), else to the next loop.
final class EventLoopExecutor: TaskExecutor {
    let group: MultiThreadedEventLoopGroup

    init(group: MultiThreadedEventLoopGroup) { self.group = group }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        group.any().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Where each group of pages registers its routes (one file per group under `Routes/`).
public enum DeskRoutes {}
