import Foundation
import Testing
@testable import HEPKit

/// One listing of a patient's folder serves the whole issue; a listing that went stale while the
/// handout was rendered still gives a new folder, never an issued one.
@Suite("Handout store: one listing per handout")
struct StoreListingTests {
    @Test("handouts staged from the same listing take the next free names, in commit order")
    func staleListing() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hep-listing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = HandoutStore(root: root)
        let date = CalendarDate(year: 2026, month: 11, day: 23)
        let first = try store.write(files: [("handout.md", Data("one".utf8))], patientID: "hp-1", date: date)
        #expect(first.lastPathComponent == "2026-11-23")
        let listing = store.listing(patientID: "hp-1")
        #expect(listing.names == ["2026-11-23"])
        let a = try store.stage(files: [("handout.md", Data("two".utf8))], patientID: "hp-1", date: date, listing: listing)
        let b = try store.stage(files: [("handout.md", Data("three".utf8))], patientID: "hp-1", date: date, listing: listing)
        #expect(a.firstSuffix == 2 && b.firstSuffix == 2)
        #expect(try store.commit(a).lastPathComponent == "2026-11-23-2")
        #expect(try store.commit(b).lastPathComponent == "2026-11-23-3")
        for (name, text) in [("2026-11-23", "one"), ("2026-11-23-2", "two"), ("2026-11-23-3", "three")] {
            #expect(try String(contentsOf: root.appendingPathComponent("hp-1/\(name)/handout.md"), encoding: .utf8) == text)
        }
        // Another day, listed before anything of that day existed.
        let other = CalendarDate(year: 2026, month: 11, day: 30)
        let staged = try store.stage(files: [("handout.md", Data("four".utf8))], patientID: "hp-1", date: other,
                                     listing: store.listing(patientID: "hp-1"))
        #expect(staged.firstSuffix == 1)
        #expect(try store.commit(staged).lastPathComponent == "2026-11-30")
        #expect(store.previousManifest(patientID: "hp-1", before: other, listing: store.listing(patientID: "hp-1")) == nil)
    }
}
