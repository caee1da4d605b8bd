import Foundation
import Testing
@testable import HEPKit

/// Listing one folder's names, as the handout store scans a patient's folder.
@Suite struct DirectoryListingTests {
    @Test("names by prefix; hidden names only when the prefix asks for them; nil for a missing folder")
    func names() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["2026-11-10", "2026-11-10-2", "2026-11-23", ".incoming-1-2", ".audit", "plans", "é-2026"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        #expect(DirectoryListing.names(in: folder.path)?.sorted() == ["2026-11-10", "2026-11-10-2", "2026-11-23", "plans", "é-2026"])
        #expect(DirectoryListing.names(in: folder.path, prefix: "2026-11-10")?.sorted() == ["2026-11-10", "2026-11-10-2"])
        #expect(DirectoryListing.names(in: folder.path, prefix: ".incoming-") == [".incoming-1-2"])
        #expect(DirectoryListing.names(in: folder.path, prefix: "é") == ["é-2026"])
        #expect(DirectoryListing.names(in: folder.path, hidden: true)?.sorted() == [".audit", ".incoming-1-2", "2026-11-10", "2026-11-10-2", "2026-11-23", "plans", "é-2026"])
        #expect(DirectoryListing.names(in: folder.appendingPathComponent("missing").path) == nil)
    }
}
