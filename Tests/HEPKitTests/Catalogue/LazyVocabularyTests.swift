import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// A render reads the vocabulary terms its plan and exercises name, each from its own lines, and
/// still refuses a broken one; `hep check` reads every term.
@Suite("Lazy vocabulary")
struct LazyVocabularyTests {
    @Test("every term read lazily is the term read whole, located the same")
    func sameTerms() async throws {
        var eagerFound = DiagnosticList(), lazyFound = DiagnosticList()
        let eager = Vocabulary.load(from: Repository.project, into: &eagerFound)
        let lazy = Vocabulary.load(from: Repository.project, lazily: true, into: &lazyFound)
        #expect(eagerFound.all.isEmpty && lazyFound.all.isEmpty)
        for kind in Vocabulary.Kind.allCases {
            #expect(lazy.ids(kind) == eager.ids(kind))
            #expect(lazy.terms[kind] == nil, "\(kind) was read whole")
            for id in eager.ids(kind) {
                #expect(lazy.term(kind, id) == eager.term(kind, id), "\(kind) \(id)")
            }
        }
    }

    @Test("a broken term the plan names stops the render, located in the vocabulary as hep check locates it")
    func brokenTermNamed() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Exercises/vocabulary/muscles.yaml",
                         replacing: "  description: The muscle on the side of your hip that keeps",
                         with: "  descripton: The muscle on the side of your hip that keeps")
        let url = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let render = await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil)
        #expect(render.exitCode == 1)
        #expect(fixture.outputIsEmpty)
        let check = await CheckCommand.run(plans: [], project: fixture.project)
        let located = "Exercises/vocabulary/muscles.yaml:9:3: error: unknown key 'descripton'"
        #expect(render.errorText.contains(located), "\(render.errorText)")
        #expect(check.errorText.contains(located), "\(check.errorText)")
    }

    @Test("a broken term nothing rendered names is hep check's to report")
    func brokenTermNotNamed() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Exercises/vocabulary/muscles.yaml", replacing: "  plain: the small muscles between your ribs\n", with: "")
        let url = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let render = await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil)
        #expect(render.exitCode == 0, "\(render.errorText)")
        let check = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(check.exitCode == 1)
        #expect(check.errorText.contains("Exercises/vocabulary/muscles.yaml:247:3: error: missing required field 'intercostals.plain'"),
                "\(check.errorText)")
    }

    @Test("a file that does not split into plain entries is read whole, so the render sees all of it")
    func readWhole() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Exercises/vocabulary/muscles.yaml", replacing: "  plain: the small muscles between your ribs\n", with: "")
        try fixture.edit("Exercises/vocabulary/muscles.yaml", replacing: "intercostals:\n", with: "intercostals:  # between the ribs\n")
        let url = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let render = await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil)
        #expect(render.exitCode == 1)
        #expect(render.errorText.contains("missing required field 'intercostals.plain'"), "\(render.errorText)")
    }
}
