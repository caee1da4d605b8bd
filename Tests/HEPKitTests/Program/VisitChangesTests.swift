import Foundation
import Testing
@testable import HEPKit
@testable import hep

@Suite("What changed since the last visit")
struct VisitChangesTests {
    static let secondVisit = FixtureProject.plan
        .replacingOccurrences(of: "date: 2026-11-20", with: "date: 2026-12-04")
        .replacingOccurrences(of: "follow-up: 2026-12-01", with: "follow-up: 2026-12-18")
        .replacingOccurrences(of: "  - id: side-lying-hip-abduction\n    side: left\n",
                              with: "  - id: side-lying-hip-abduction\n    side: left\n    dosage: {sets: 3, reps: 12}\n")
        .replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n    dosage: {sets: 1}\n  - id: clamshell\n    side: left\n")
        .replacingOccurrences(of: "  - id: ball-release-quadratus-lumborum\n    side: right\n", with: "")

    @Test("the second handout lists what was added, stopped, stepped up and eased off")
    func changes() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let first = try fixture.write("plans/first.yaml", FixtureProject.plan)
        let second = try fixture.write("plans/second.yaml", Self.secondVisit)
        #expect(await RenderCommand.run(plans: [first.path], project: fixture.project, output: nil).exitCode == 0)
        let result = await RenderCommand.run(plans: [second.path], project: fixture.project, output: nil)
        #expect(result.output == ["Output/t-001/2026-12-04/"], "\(result.errorText)")
        let markdown = try fixture.read("Output/t-001/2026-12-04/handout.md")
        let section = try #require(markdown.components(separatedBy: "## What changed since your last visit").last?
            .components(separatedBy: "## Your exercises").first)
        #expect(section == """


        Compared with your plan from Friday 20 November 2026:

        - Side-lying leg lift: a step up. Now: 3 sets of 12. Before: 2 sets of 10.
        - New: Clamshell.
        - Glute bridge: eased off. Now: 1 set of 10. Before: 3 sets of 10. Rest 45 seconds between sets.
        - Stopped: Ball release for the side of your low back. You do not need to do this one now.


        """)
        let firstMarkdown = try fixture.read("Output/t-001/2026-11-20/handout.md")
        #expect(!firstMarkdown.contains("What changed"), "the first visit has nothing to compare with")
        // A second handout on the same day is not "the last visit": re-rendering stays byte-identical.
        let again = await RenderCommand.run(plans: [first.path], project: fixture.project, output: nil)
        #expect(again.output == ["Output/t-001/2026-11-20-2/"])
        #expect(try fixture.read("Output/t-001/2026-11-20-2/handout.md") == firstMarkdown)
    }
}
