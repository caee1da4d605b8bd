import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `hep serve` and `hep users`: run the `hep-serve` binary installed beside `hep`, with the same
/// arguments. The web server lives in its own binary so that every other command starts without it.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Starts the practitioner's desk, a local web app (see `hep serve --help`).",
        shouldDisplay: true)
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { try runServeBinary(["serve"] + arguments) }
}

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Adds or lists the desk's accounts (see `hep users --help`).")
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
    func run() throws { try runServeBinary(["users"] + arguments) }
}

/// Replaces this process with `hep-serve` from the same folder as this binary.
func runServeBinary(_ arguments: [String]) throws {
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let sibling = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? me.path)
        .deletingLastPathComponent().appendingPathComponent("hep-serve").path
    guard FileManager.default.isExecutableFile(atPath: sibling) else {
        FileHandle.standardError.write(Data("error: \(sibling) is missing\n  hint: build it with `make build` (or `make install`, which installs it beside hep)\n".utf8))
        throw ExitCode(1)
    }
    let argv = ([sibling] + arguments).map { strdup($0) } + [nil]
    execv(sibling, argv)
    FileHandle.standardError.write(Data("error: cannot start \(sibling): \(String(cString: strerror(errno)))\n".utf8))
    throw ExitCode(1)
}
