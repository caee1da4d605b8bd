import Foundation
import Testing
@testable import HEPKit

/// The snapshot a long-running process (the web app) keeps: edits on disk are seen at once.
@Suite("Project host")
struct ProjectHostTests {
    func render(_ host: ProjectHost, plan: URL) throws -> RenderedHandout {
        var diagnostics = DiagnosticList()
        let loaded = host.snapshot(into: &diagnostics)
        let snapshot = try #require(loaded, "\(diagnostics.all)")
        let read = snapshot.loadPlan(at: plan, into: &diagnostics)
        let parsed = try #require(read)
        let prepared = snapshot.prepare(parsed, into: &diagnostics)
        let items = try #require(prepared)
        return snapshot.render(parsed, items: items)
    }

    @Test("an exercise edited on disk is seen by the next render through the same host")
    func editedExerciseIsSeen() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let host = ProjectHost(project: fixture.project)
        let before = try render(host, plan: plan)
        #expect(before.markdown.contains("Glute bridge"))
        #expect(try render(host, plan: plan).markdown == before.markdown, "nothing changed: the same handout")

        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "title: Glute bridge", with: "title: Hip lift on your back")
        let after = try render(host, plan: plan)
        #expect(after.markdown.contains("Hip lift on your back"))
        #expect(!after.markdown.contains("Glute bridge"))
    }

    @Test("a template edited on disk, and a broken one, are seen by the next request")
    func editedTemplateIsSeen() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let host = ProjectHost(project: fixture.project)
        _ = try render(host, plan: plan)
        try fixture.edit("Templates/handout.md.mustache", replacing: "# {{title}}", with: "# {{title}} (edited)")
        #expect(try render(host, plan: plan).markdown.contains("(edited)"))

        try fixture.edit("Templates/handout.md.mustache", replacing: "# {{title}} (edited)", with: "# {{title}} {{nosuchkey}}")
        var diagnostics = DiagnosticList()
        #expect(host.snapshot(into: &diagnostics) == nil)
        #expect(diagnostics.errors.contains { $0.file == "Templates/handout.md.mustache" && $0.message.contains("nosuchkey") })
    }
}
