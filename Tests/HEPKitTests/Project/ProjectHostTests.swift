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

    @Test("a folder made after the first request is watched too; an edit in place (not a rename) is seen")
    func newFolderAndInPlaceEdit() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let host = ProjectHost(project: fixture.project)
        var diagnostics = DiagnosticList()
        #expect(host.snapshot(into: &diagnostics)?.catalogue.files["hip-lift"] == nil)

        let bridge = try fixture.read("Exercises/integrate/glute-bridge.md")
        try fixture.write("Exercises/extra/hip-lift.md", bridge.replacingOccurrences(of: "id: glute-bridge", with: "id: hip-lift"))
        #expect(host.snapshot(into: &diagnostics)?.catalogue.files["hip-lift"] == "Exercises/extra/hip-lift.md", "a new folder's file is seen")

        // Written in place, as some editors save: same file, same inode, new bytes.
        let handle = try FileHandle(forWritingTo: fixture.url("Exercises/extra/hip-lift.md"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(bridge.replacingOccurrences(of: "id: glute-bridge", with: "id: hip-lift")
            .replacingOccurrences(of: "title: Glute bridge", with: "title: Hip lift").utf8))
        try handle.close()
        var found = DiagnosticList()
        let exercise = host.snapshot(into: &diagnostics)?.catalogue.load("hip-lift", into: &found)
        #expect(exercise?.title == "Hip lift", "an edit inside the new folder is seen")
    }
}
