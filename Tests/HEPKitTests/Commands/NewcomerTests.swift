import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// What a newcomer meets first: paths that exist, errors with a place, no noise outside a project.
@Suite("Newcomer")
struct NewcomerTests {
    /// Project paths named in the docs and in the library's messages and hints.
    static func namedPaths() throws -> [(source: String, path: String)] {
        var sources: [(String, String)] = []
        for doc in ["README.md", "Exercises/README.md", "Templates/README.md", "docs/handout-rules.md", "docs/writing-exercises.md"] {
            sources.append((doc, try String(contentsOf: Repository.url(doc), encoding: .utf8)))
        }
        let library = Repository.url("Sources/HEPKit")
        for case let file as String in FileManager.default.enumerator(atPath: library.path)! where file.hasSuffix(".swift") {
            // Only string literals: what a user is told.
            let text = try String(contentsOf: library.appendingPathComponent(file), encoding: .utf8)
            let literals = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                .flatMap { $0.matches(of: /"([^"\\]|\\.)*"/).map { String($0.0) } }
            sources.append(("Sources/HEPKit/\(file)", literals.joined(separator: "\n")))
        }
        var found: [(String, String)] = []
        for (source, text) in sources {
            for match in text.matches(of: /(^|[^\w.\/-])((?:Examples|Templates|Exercises|docs)\/[A-Za-z0-9_.\/-]*)/.anchorsMatchLineEndings()) {
                var path = String(match.2)
                while path.hasSuffix(".") || path.hasSuffix(",") { path.removeLast() }
                if path.contains("<") || path.contains("*") || path.contains("NAME") || path.contains("ID") || path.hasSuffix("-") { continue }
                found.append((source, path))
            }
        }
        return found
    }

    @Test("every project path the README, the docs and the messages name exists")
    func namedPathsExist() throws {
        let named = try Self.namedPaths()
        #expect(named.count > 20, "the scan found too little to mean anything")
        // Paths that stand for a kind of file rather than one file.
        let patterns: Set<String> = ["Exercises/archive/", "Exercises/images/", "Exercises/vocabulary/", "Templates/wording/"]
        for (source, path) in named where !patterns.contains(path) {
            var exists = FileManager.default.fileExists(atPath: Repository.url(path).path)
            // A link in a doc under a folder is relative to that folder.
            if !exists, let folder = source.split(separator: "/").dropLast().joined(separator: "/") as String?, !folder.isEmpty {
                exists = FileManager.default.fileExists(atPath: Repository.url(folder + "/" + path).path)
            }
            #expect(exists, "\(source) names \(path), which does not exist")
        }
    }

    @Test("--output into a folder whose parents do not exist creates them, owner-only")
    func outputParentsCreated() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let output = fixture.url("new/deeper/handouts")
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: output)
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("t-001/2026-11-20/handout.html").path))
        for folder in ["new", "new/deeper", "new/deeper/handouts"] {
            let mode = try FileManager.default.attributesOfItem(atPath: fixture.url(folder).path)[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(folder) is \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test("an output folder that cannot be written is the error's place, with a hint")
    func outputUnwritable() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        try fixture.write("blocked", "a file, not a folder\n")
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: fixture.url("blocked/handouts"))
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        blocked/handouts/: error: cannot write handouts here: \(fixture.url("blocked/handouts").path): cannot create the folder: Not a directory
          hint: check that the folder can be created and written by you, or choose another with --output
        1 error, 0 warnings

        """)
        #expect(result.output == ["Nothing was written."])
    }

    @Test("outside a project: one error that says where to run hep, not a list of missing files")
    func outsideProject() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("hep-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let expected = """
        Exercises/: error: the Exercises/ folder is missing
          hint: run hep from the project folder (the one holding Exercises/ and Templates/), or pass --project DIR
        1 error, 0 warnings

        """
        #expect(await CheckCommand.run(plans: [], project: Project(root: empty)).errorText == expected)
        #expect(await RenderCommand.run(plans: [], project: Project(root: empty), output: nil).errorText == expected)
    }

    @Test("a half-filled draft does not stop the list: valid exercises listed, the draft warned about, exit 0")
    func listWithDraft() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge", "activate/clamshell"])
        defer { fixture.remove() }
        try fixture.write("Exercises/activate/half-done.md", "---\nid: half-done\ntitle: Half done\n---\n")
        let result = try await #require(try HEP.parseAsRoot(["exercises", "list", "--project", fixture.root.path]) as? HEP.Exercises.List).result()
        #expect(result.exitCode == 0)
        #expect(result.output.count == 3)
        #expect(result.output.last == "2 exercises")
        #expect(result.errorText.hasPrefix("Exercises/activate/half-done.md:"))
        #expect(result.errorText.contains(": warning: "))
        #expect(!result.errorText.contains(": error: "))
    }

    @Test("a plan path that does not exist: the path, and an example that does")
    func missingPlan() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let result = await RenderCommand.run(plans: ["plans/nope.yaml"], project: fixture.project, output: nil)
        #expect(result.errorText == """
        plans/nope.yaml:1:1: error: no such plan file
          hint: check the path; plans are YAML files such as Examples/plans/low-back-pain.yaml
        1 error, 0 warnings

        """)
    }

    @Test("a release that needs a note is reported against the catalogue folder, not a made-up line")
    func releaseNeedsNote() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "title: Glute bridge", with: "title: Hip lift")
        let result = await ReleaseCommand.run(project: fixture.project, note: nil, safety: false, date: CalendarDate(year: 2026, month: 12, day: 1))
        #expect(result.errorText == """
        Exercises/: error: 1 changed exercise needs a changelog note: glute-bridge
          hint: run `hep catalogue release --note "what changed"` (add --safety if it matters for safety)
        1 error, 0 warnings

        """)
    }

    @Test("outside a project the list fails: the missing folder stays an error")
    func listOutsideProject() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("hep-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try await ExercisesCommand.list(project: Project(root: empty), filter: .init())
        #expect(result.exitCode == 1)
        #expect(result.errorText.hasPrefix("Exercises/: error: the Exercises/ folder is missing\n"))
    }
}
