import Foundation
import Testing
@testable import HEPKit

@Suite("Writing handouts")
struct RenderOutputTests {
    @Test("two renders of one plan give byte-identical files, the second in a -2 folder, the first untouched")
    func deterministicAndNeverOverwrites() throws {
        let fixture = try FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)

        let first = RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(first.exitCode == 0, "\(first.errorText)")
        #expect(first.output == ["Output/t-001/2026-11-20/"])
        let firstFolder = fixture.url("Output/t-001/2026-11-20")
        let before = try snapshot(of: firstFolder)
        let attributes = try FileManager.default.attributesOfItem(atPath: firstFolder.appendingPathComponent("handout.html").path)

        let second = RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(second.exitCode == 0)
        #expect(second.output == ["Output/t-001/2026-11-20-2/"])
        let after = try snapshot(of: firstFolder)
        #expect(before == after, "the first handout changed")
        let attributesAfter = try FileManager.default.attributesOfItem(atPath: firstFolder.appendingPathComponent("handout.html").path)
        #expect(attributes[.modificationDate] as? Date == attributesAfter[.modificationDate] as? Date)
        #expect(try snapshot(of: fixture.url("Output/t-001/2026-11-20-2")) == before, "outputs differ between runs")
        #expect(before.keys.sorted() == ["handout.html", "handout.md", "manifest.json"])
    }

    @Test("handout files are readable only by their owner, whatever the umask")
    func privatePermissions() throws {
        let fixture = try FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let old = umask(0)
        defer { umask(old) }
        let result = RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 0)
        let folder = fixture.url("Output/t-001/2026-11-20")
        for path in [fixture.url("Output/t-001").path, folder.path] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(path)")
        }
        for name in ["handout.md", "handout.html", "manifest.json"] {
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.url("Output/t-001").path)
        #expect(leftovers == ["2026-11-20"], "no staging folder is left behind")
    }

    @Test("the manifest records versions and hashes of everything that went in and out")
    func manifest() throws {
        let fixture = try FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        _ = RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        let folder = fixture.url("Output/t-001/2026-11-20")
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        #expect(manifest.toolVersion == Workspace.toolVersion)
        #expect(manifest.cmarkVersion.hasPrefix("0."))
        #expect(manifest.catalogueVersion == "2026.11.29")
        #expect(manifest.exercises.map(\.id) == ["ball-release-quadratus-lumborum", "side-lying-hip-abduction", "glute-bridge"])
        #expect(manifest.exercises.allSatisfy { $0.version == 1 && $0.sha256.count == 64 })
        #expect(manifest.plan.sha256 == SHA256.hex(of: FixtureProject.plan))
        for output in manifest.outputs {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(output.file))
            #expect(output.sha256 == SHA256.hex(of: bytes), "\(output.file)")
        }
        #expect(manifest.templates.map(\.file).contains("Templates/handout.md.mustache"))
        #expect(!String(decoding: data, as: UTF8.self).contains("Test Patient"), "the manifest holds the id, not the name")
    }

    @Test("patient ids become safe folder names", arguments: [
        ("../../etc", "etc"), ("CON", "p-CON"), (".", "patient"), ("a/b\\c", "a-b-c"), ("Zoë 田中", "Zo"),
        ("hp-0142", "hp-0142"), (String(repeating: "x", count: 100), String(repeating: "x", count: 64)),
    ])
    func safeFolderNames(_ input: String, _ expected: String) {
        #expect(HandoutStore.safeFolderName(input) == expected)
    }

    @Test("--output chooses another root")
    func outputRoot() throws {
        let fixture = try FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let other = fixture.url("elsewhere")
        let result = RenderCommand.run(plans: [plan.path], project: fixture.project, output: other)
        #expect(result.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("t-001/2026-11-20/handout.html").path))
        #expect(fixture.outputIsEmpty)
    }

    func snapshot(of folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }
}
