import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Every example handout shows a picture for every exercise: in the HTML (beside the steps, with
/// alt text), in the email (one image part per picture, every `cid:` matching a Content-ID) and in
/// the manifest. Print and the browser are checked by `make print-test` and `make browser-test`.
@Suite("Example pictures")
struct ExamplePicturesTests {
    @Test("each exercise of each example has its pictures in the HTML, the email and the manifest", arguments: GoldenHandoutTests.plans)
    func everyExercise(_ name: String) async throws {
        var diagnostics = DiagnosticList()
        let snapshot = try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics), "\(diagnostics.report)")
        let plan = try #require(snapshot.loadPlan(at: Repository.url("Examples/plans/\(name)"), into: &diagnostics), "\(diagnostics.report)")
        let items = try #require(snapshot.prepare(plan, into: &diagnostics), "\(diagnostics.report)")
        let handout = snapshot.render(plan, items: items)

        // HTML: each exercise block holds its pictures, each with alt text, before its steps.
        let blocks: [String] = Array(handout.html.components(separatedBy: "<div class=\"exercise\"").dropFirst())
        let ordered = HandoutComposer.order(items, keepingPlanOrder: plan.keepOrder)
        #expect(blocks.count == ordered.count)
        for (block, item) in zip(blocks, ordered) {
            let id = item.exercise.id
            let stepsAt: String.Index = block.firstRange(of: "<ol")?.lowerBound ?? block.endIndex
            let images = block.matches(of: /<img src="images\/[0-9a-f]{16}\.(?:png|jpg)"[^>]* alt="[^"]+"/)
            #expect(images.count == item.exercise.images.count && !images.isEmpty, "\(id)")
            #expect(images.allSatisfy { $0.range.upperBound < stepsAt }, "\(id): pictures come before the steps")
        }

        // The email: one image part per picture, and the cid: set equals the Content-ID set.
        let eml = try snapshot.email(handout, for: plan)
        let parsed = try EMLTests.oracle(eml)
        #expect((parsed["defects"] as? [String]) == [])
        let structure = try #require(parsed["structure"] as? [String])
        #expect(structure.filter { $0 == "image/png" }.count == handout.images.count)
        let text = String(decoding: eml, as: UTF8.self)
        let unfolded = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        let references = Set(unfolded.matches(of: /src="cid:([^"]+)"/).map { String($0.1) })
        let contentIDs = Set(text.matches(of: /Content-ID: <([^>]+)>/).map { String($0.1) })
        #expect(references == contentIDs && references.count == handout.images.count)

        // The manifest lists each picture once, with its hash, exercise, credit and licence.
        let records = try #require(handout.manifest.pictures)
        #expect(Set(records.map { $0.file }) == Set(handout.images.map { "images/\($0.outputName)" }))
        #expect(records.allSatisfy { record in handout.images.contains { $0.sha256 == record.sha256 } && !record.licence.isEmpty })
    }

    @Test("the drawn pictures are small PNGs at most 600 px wide")
    func sizes() async throws {
        let folder = Repository.url("Exercises/images")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.range(of: #"-\d+\.png$"#, options: .regularExpression) != nil }
        #expect(names.count >= 75)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let (type, width, height) = try #require(ExerciseImage.dimensions(bytes))
            #expect(type == "image/png" && width <= 600 && height <= 400 && bytes.count <= 15_000, "\(name): \(width)x\(height), \(bytes.count) bytes")
        }
    }
}
