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

@Suite("Handout folder names")
struct FolderKeyTests {
    @Test("names read from their bytes as from substrings: dates, suffixes and everything else")
    func sameAsStrings() {
        var names = ["2026-11-23", "2026-11-23-2", "2026-11-23-10", "2026-11-23-1", "2026-11-23-0", "2026-11-23-02", "2026-11-23--2",
                     "2026-11-23-+2", "2026-02-29", "2028-02-29", "1899-12-31", "2201-01-01", "2026-13-01", "2026-00-10",
                     "2026-11-23-99999999999999999999", "2026-11-23-9223372036854775807", "2026-11-23-9223372036854775808",
                     "2026-11-23x", "2026_11-23", "plans", ".incoming-1-2", "", "２026-11-23", "2026-11-23-٣", "2026-11-23-2 "]
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789--+x é".utf8)
        for _ in 0..<10_000 {
            let suffix = [nil, 2, 3, 10, 99, 1234, Int.random(in: 0...100_000, using: &random)].randomElement(using: &random)!
            let date = String(format: "%04d-%02d-%02d", Int.random(in: 1890...2210, using: &random), Int.random(in: 0...13, using: &random),
                              Int.random(in: 0...32, using: &random))
            names.append(date + (suffix.map { "-\($0)" } ?? ""))
        }
        for _ in 0..<10_000 {
            var bytes = Array(names.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &random)] = alphabet.randomElement(using: &random)!
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
                default: if !bytes.isEmpty { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random)) }
                }
            }
            names.append(String(decoding: bytes, as: UTF8.self))
        }
        var keyed = 0
        for name in names {
            let bytes = HandoutStore.folderKey(name), strings = Self.folderKeyByStrings(name)
            #expect(bytes?.date == strings?.date && bytes?.suffix == strings?.suffix, "\(name.debugDescription)")
            if strings != nil { keyed += 1 }
        }
        #expect(keyed > 1_000)
    }

    /// `folderKey` as first written, over substrings: the byte reading must give the same.
    static func folderKeyByStrings(_ name: String) -> (date: CalendarDate, suffix: Int)? {
        let utf8 = name.utf8
        guard utf8.count >= 10, utf8.prefix(10).enumerated().allSatisfy({ index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }) else { return nil }
        guard let date = CalendarDate.parse(String(name.prefix(10))).success else { return nil }
        if utf8.count == 10 { return (date, 1) }
        let rest = name.dropFirst(10)
        guard rest.first == "-", let suffix = Int(rest.dropFirst()), suffix >= 2, String(suffix) == rest.dropFirst() else { return nil }
        return (date, suffix)
    }
}
