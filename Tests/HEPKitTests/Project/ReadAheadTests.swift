import Foundation
import Testing
@testable import HEPKit

/// `hep render` loads the project in two halves at once and reads the plans' exercises ahead.
/// What a practitioner sees must not change: the same handouts, and every problem reported once,
/// in the same words and order as a load that reads nothing ahead.
@Suite("Project load with plans read ahead")
struct ReadAheadTests {
    /// Renders `plans` after loading the project one way or the other; the report's diagnostics and
    /// the handout files written.
    static func render(_ fixture: FixtureProject, _ plans: [String], readAhead: Bool, output: String) async throws
        -> (diagnostics: [Diagnostic], files: [String: String]) {
        var diagnostics = DiagnosticList()
        let snapshot = readAhead
            ? ProjectSnapshot.load(fixture.project, rendering: plans, into: &diagnostics)
            : ProjectSnapshot.load(fixture.project, forRendering: true, into: &diagnostics)
        var shown = diagnostics.all
        guard let snapshot else { return (shown, [:]) }
        let store = HandoutStore(root: fixture.url(output))
        let report = await HandoutIssuing.issue(paths: plans, snapshot: snapshot, store: store, jobs: 1)
        shown += report.diagnostics.all
        var files: [String: String] = [:]
        let base = fixture.url(output)
        if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where !url.hasDirectoryPath {
                let relative = String(url.path.dropFirst(base.path.count))
                if let text = try? String(contentsOf: url, encoding: .utf8) { files[relative] = text }
            }
        }
        return (shown, files)
    }

    @Test("a good plan: the same handout, byte for byte")
    func goodPlan() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan).path
        let ahead = try await Self.render(fixture, [plan], readAhead: true, output: "ahead")
        let plain = try await Self.render(fixture, [plan], readAhead: false, output: "plain")
        #expect(ahead.diagnostics == plain.diagnostics)
        #expect(!ahead.files.isEmpty)
        #expect(ahead.files == plain.files)
    }

    @Test("plans naming a broken exercise and unknown terms: the same problems, once each, in the same order")
    func brokenPlans() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "targets: [gluteus-maximus,", with: "targets: [gluteus-maximum,")
        let first = try fixture.write("plans/sam.yaml", FixtureProject.plan.replacingOccurrences(of: "muscle: quadratus-lumborum", with: "muscle: quadratus-lumbar"))
        let second = try fixture.write("plans/kim.yaml", FixtureProject.plan.replacingOccurrences(of: "id: t-001", with: "id: t-002")
            .replacingOccurrences(of: "  - id: side-lying-hip-abduction\n", with: "  - id: no-such-exercise\n"))
        let plans = [first.path, second.path]
        let ahead = try await Self.render(fixture, plans, readAhead: true, output: "ahead")
        let plain = try await Self.render(fixture, plans, readAhead: false, output: "plain")
        #expect(ahead.diagnostics == plain.diagnostics)
        #expect(ahead.diagnostics.contains { $0.message.contains("gluteus-maximum") })
        #expect(ahead.diagnostics.contains { $0.message.contains("quadratus-lumbar") })
        #expect(ahead.diagnostics.contains { $0.message.contains("no-such-exercise") })
        // The exercise's own problem is reported for each plan that uses it, as without reading ahead.
        #expect(ahead.diagnostics.filter { $0.message.contains("gluteus-maximum") }.count == plain.diagnostics.filter { $0.message.contains("gluteus-maximum") }.count)
        #expect(ahead.files.isEmpty && plain.files.isEmpty)
    }
}
