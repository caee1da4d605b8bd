import ArgumentParser
import Foundation
import HEPKit
import HEPWeb
#if canImport(Glibc)
import Glibc
#endif

/// `hep serve` and `hep users` (the `hep` command runs this binary for them, so the command line
/// never links a web server). A thin layer over HEPWeb.
@main
struct HEPServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hep",
        abstract: "The practitioner's desk: a local web app over the same HEPKit calls as the command line.",
        subcommands: [Serve.self, Users.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the desk (loopback by default) until Ctrl-C.")

    @Option(help: "The port to listen on (0: any free port).") var port: Int = 8080
    @Option(help: "The address to listen on. Anything but loopback needs accounts (hep users add).") var host: String = "127.0.0.1"
    @Option(help: "The project folder (holding Exercises/ and Templates/).") var project: String = "."
    @Option(help: "Where handouts are issued (default: the project's Output/).") var output: String?
    @Option(help: "The accounts file (default: ~/.config/hep/users).") var users: String?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS.") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.") var tlsKey: String?

    func run() async throws {
        let root = URL(fileURLWithPath: project)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Exercises").path) else {
            fail("\(project)/: error: not a hep project (no Exercises/ folder)", hint: "run hep serve in the project folder, or give --project DIR")
        }
        let configuration = DeskConfiguration(
            host: host, port: port, projectRoot: root, outputRoot: output.map { URL(fileURLWithPath: $0) },
            usersFile: users.map { URL(fileURLWithPath: $0) },
            tlsCertificate: tlsCert.map { URL(fileURLWithPath: $0) }, tlsKey: tlsKey.map { URL(fileURLWithPath: $0) },
            log: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) })
        if let warning = DeskServer.warning(configuration) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        do {
            try await DeskServer.run(configuration) { address in
                FileHandle.standardOutput.write(Data("hep serve: listening on \(address) (Ctrl-C stops it)\n".utf8))
            }
            FileHandle.standardOutput.write(Data("hep serve: stopped\n".utf8))
        } catch let error as DeskServer.StartError {
            fail("error: \(error.description)", hint: error.hint)
        } catch let error as UserStore.Problem {
            fail("error: \(error.description)", hint: error.hint)
        } catch {
            fail("error: cannot serve on \(host):\(port): \(error)", hint: "is another program using the port? try --port 8081")
        }
    }
}

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "The desk's accounts (needed to serve anywhere but loopback).",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Adds an account, or sets a new password for it. Asks for the password (never a default).")
        @Argument(help: "The account name (letters, digits, . _ -).") var name: String
        @Option(help: "practitioner or editor (an editor may also edit the catalogue).") var role: String = "practitioner"
        @Option(help: "The accounts file (default: ~/.config/hep/users).") var users: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() throws {
            let file = users.map { URL(fileURLWithPath: $0) } ?? UserStore.defaultLocation
            guard let role = UserStore.Role(rawValue: role) else {
                fail("error: unknown role `\(role)`", hint: "use practitioner or editor")
            }
            do {
                var store = try UserStore.load(file)
                let password: String
                if passwordStdin || isatty(STDIN_FILENO) == 0 {
                    password = readLine(strippingNewline: true) ?? ""
                } else {
                    let first = askPassword("Password for \(name): ")
                    guard askPassword("Again: ") == first else { fail("error: the two passwords differ", hint: "run the command again") }
                    password = first
                }
                try store.set(name, role: role, password: password)
                FileHandle.standardOutput.write(Data("Saved account \(name) (\(role.rawValue)) in \(file.path)\n".utf8))
            } catch let problem as UserStore.Problem {
                fail("error: \(problem.description)", hint: problem.hint)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists the accounts (names and roles).")
        @Option(help: "The accounts file (default: ~/.config/hep/users).") var users: String?
        func run() throws {
            let file = users.map { URL(fileURLWithPath: $0) } ?? UserStore.defaultLocation
            do {
                let store = try UserStore.load(file)
                let lines = store.accounts.map { "\($0.name) \($0.role.rawValue)" }
                print(lines.isEmpty ? "no accounts in \(file.path)" : lines.joined(separator: "\n"))
            } catch let problem as UserStore.Problem {
                fail("error: \(problem.description)", hint: problem.hint)
            }
        }
    }
}

/// Reads a password from the terminal without echoing it.
func askPassword(_ prompt: String) -> String {
    guard let pointer = getpass(prompt) else { return "" }
    return String(cString: pointer)
}

/// Prints an error and its hint, and exits with status 1.
func fail(_ message: String, hint: String) -> Never {
    FileHandle.standardError.write(Data("\(message)\n  hint: \(hint)\n".utf8))
    exit(1)
}
