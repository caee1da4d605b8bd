import Foundation
import Testing
@testable import HEPKit

/// `manifest.json` is written by hep's own writer; it must be the bytes JSONEncoder writes.
@Suite("Manifest JSON")
struct ManifestJSONTests {
    @Test("every example plan's manifest is the bytes JSONEncoder writes")
    func examples() async throws {
        let plans = try FileManager.default.contentsOfDirectory(atPath: Repository.url("Examples/plans").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { Repository.url("Examples/plans/\($0)").path }
        #expect(plans.count >= 3)
        var diagnostics = DiagnosticList()
        let snapshot = try #require(ProjectSnapshot.load(Repository.project, forRendering: true, into: &diagnostics))
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hep-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let report = await HandoutIssuing.issue(paths: plans, snapshot: snapshot, store: HandoutStore(root: output), jobs: 1)
        #expect(!report.diagnostics.hasErrors)
        var read = 0
        for case let url as URL in FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil)!
        where url.lastPathComponent == "manifest.json" {
            let written = try Data(contentsOf: url)
            let manifest = try JSONDecoder().decode(Manifest.self, from: written)
            #expect(written == manifest.encodedByFoundation(), "\(url.path)")
            #expect(manifest.encoded() == written)
            read += 1
        }
        #expect(read == plans.count)
    }

    @Test("generated manifests: odd strings, absent and present fields, empty lists")
    func generated() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}", "é",
                      "\u{2028}", "😀", "<", "&", "\u{0}", "{}", "[]", ":", ","]
        func text() -> String { (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
        func number() -> Int { [0, 1, -1, 7, 60, Int.max, Int.min, 123_456].randomElement(using: &random)! }
        func hash() -> Manifest.FileHash { .init(file: text(), sha256: text()) }
        for _ in 0..<400 {
            let exercises = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Manifest.ExerciseRecord(id: text(), version: number(), file: text(), sha256: text(), title: maybe(text),
                                        dose: maybe {
                                            var dose = Manifest.DoseRecord(Dosage(sets: number(), side: .both, perDay: 1, daysPerWeek: 1))
                                            (dose.reps, dose.seconds, dose.hold, dose.rest) = (maybe(number), maybe(number), maybe(number), maybe(number))
                                            (dose.tempo, dose.side, dose.perDay, dose.daysPerWeek) = (maybe(text), text(), number(), number())
                                            return dose
                                        })
            }
            var manifest = Manifest(toolVersion: text(), cmarkVersion: text(), catalogueVersion: text(), patientID: text(),
                                    sessionDate: text(), language: text(), plan: hash(), exercises: exercises,
                                    templates: (0..<Int.random(in: 0...3, using: &random)).map { _ in hash() },
                                    outputs: (0..<Int.random(in: 0...2, using: &random)).map { _ in hash() })
            manifest.pictures = maybe { (0..<Int.random(in: 0...2, using: &random)).map { _ in
                Manifest.PictureRecord(file: text(), sha256: text(), exercise: text(), credit: maybe(text), licence: text())
            } }
            (manifest.previous, manifest.reference, manifest.manifestVersion, manifest.tool) = (maybe(text), maybe(text), number(), text())
            #expect(manifest.encoded() == manifest.encodedByFoundation(), "\(manifest)")
        }
    }
}

extension Manifest {
    /// The bytes `JSONEncoder` writes for the manifest, which `encoded()` must equal.
    func encodedByFoundation() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
