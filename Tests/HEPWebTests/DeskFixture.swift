import Foundation
import HEPKit
@testable import HEPWeb

/// Desks for the route tests.
enum DeskFixture {
    /// The repository's root (its Exercises/, Templates/ and Examples/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A desk over the repository's own project (read-only use) with a fresh, empty Output folder,
    /// no accounts unless `users` names a file, and 2 December 2026 as today.
    static func desk(host: String = "127.0.0.1", users: URL? = nil, project: URL? = nil) throws -> Desk {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hep-desk-\(UUID().uuidString)")
        let usersFile = users ?? output.appendingPathComponent(".users")
        return try Desk(configuration: DeskConfiguration(host: host, port: 0, projectRoot: project ?? repositoryRoot, outputRoot: output,
                                                         usersFile: usersFile, today: { CalendarDate(year: 2026, month: 12, day: 2) }))
    }

    /// A writable copy of the repository's project (Exercises/, Templates/, Examples/) in a
    /// temporary folder, for tests that save exercises or issue handouts.
    static func projectCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-desk-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["Exercises", "Templates", "Examples"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
