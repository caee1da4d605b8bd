import Foundation
import Testing
@testable import HEPKit
@testable import hep

@Suite("Writing handouts")
struct RenderOutputTests {
    @Test("two renders of one plan give byte-identical files, the second in a -2 folder, the first untouched")
    func deterministicAndNeverOverwrites() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)

        let first = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(first.exitCode == 0, "\(first.errorText)")
        #expect(first.output == ["Output/t-001/2026-11-20/"])
        let firstFolder = fixture.url("Output/t-001/2026-11-20")
        let before = try snapshot(of: firstFolder)
        let attributes = try FileManager.default.attributesOfItem(atPath: firstFolder.appendingPathComponent("handout.html").path)

        let second = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(second.exitCode == 0)
        #expect(second.output == ["Output/t-001/2026-11-20-2/"])
        let after = try snapshot(of: firstFolder)
        #expect(before == after, "the first handout changed")
        let attributesAfter = try FileManager.default.attributesOfItem(atPath: firstFolder.appendingPathComponent("handout.html").path)
        #expect(attributes[.modificationDate] as? Date == attributesAfter[.modificationDate] as? Date)
        #expect(try snapshot(of: fixture.url("Output/t-001/2026-11-20-2")) == before, "outputs differ between runs")
        #expect(before.keys.sorted().filter { !$0.hasPrefix("images/") } == ["handout.html", "handout.md", "handout.txt", "manifest.json", "plan.yaml"])
        #expect(before.keys.contains { $0.hasPrefix("images/") }, "the glute bridge's illustration is copied beside the HTML")
    }

    @Test("handout files are readable only by their owner, whatever the umask")
    func privatePermissions() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let old = umask(0)
        defer { umask(old) }
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 0)
        let folder = fixture.url("Output/t-001/2026-11-20")
        for path in [fixture.url("Output/t-001").path, folder.path] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(path)")
        }
        for name in ["handout.md", "handout.html", "handout.txt", "manifest.json", "plan.yaml"] {
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.url("Output/t-001").path)
        #expect(leftovers == ["2026-11-20"], "no staging folder is left behind")
    }

    @Test("the manifest records versions and hashes of everything that went in and out")
    func manifest() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        _ = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        let folder = fixture.url("Output/t-001/2026-11-20")
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        #expect(manifest.toolVersion == ProjectSnapshot.toolVersion)
        #expect(manifest.cmarkVersion.hasPrefix("0."))
        #expect(manifest.catalogueVersion == "2026.11.29")
        #expect(manifest.exercises.map(\.id) == ["ball-release-quadratus-lumborum", "side-lying-hip-abduction", "glute-bridge"])
        #expect(manifest.exercises.map(\.version) == [2, 2, 4])
        #expect(manifest.exercises.allSatisfy { $0.sha256.count == 64 })
        #expect(manifest.plan.sha256 == SHA256.hex(of: FixtureProject.plan))
        for output in manifest.outputs {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(output.file))
            #expect(output.sha256 == SHA256.hex(of: bytes), "\(output.file)")
        }
        #expect(manifest.templates.map(\.file).contains("Templates/handout.md.mustache"))
        #expect(!String(decoding: data, as: UTF8.self).contains("Test Patient"), "the manifest holds the id, not the name")
    }

    @Test("patient ids become safe folder names; an id that had to change gets a hash, so ids never share a folder", arguments: [
        ("../../etc", "etc-"), ("CON", "p-CON-"), (".", "patient-"), ("a/b\\c", "a-b-c-"), ("Zoë 田中", "Zo-"),
        ("hp-0142", "hp-0142"), (String(repeating: "x", count: 100), String(repeating: "x", count: 55) + "-"),
    ])
    func safeFolderNames(_ input: String, _ expected: String) {
        let name = HandoutStore.safeFolderName(input)
        if input == expected {
            #expect(name == input, "a safe id is kept as it is")
        } else {
            #expect(name.hasPrefix(expected) && name.count == expected.count + 8, "\(name)")
            #expect(name == expected + SHA256.hex(of: input).prefix(8))
        }
        #expect(name.count <= 64 && !name.hasPrefix(".") && !name.contains("/"))
    }

    @Test("ids that differ only in unsafe characters get different folders")
    func noSharedFolders() async {
        let names = ["hp 0142", "hp/0142", "hp-0142", "Ö1", "Ä1"].map(HandoutStore.safeFolderName)
        #expect(Set(names).count == names.count, "\(names)")
    }

    @Test("--output chooses another root")
    func outputRoot() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let other = fixture.url("elsewhere")
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: other)
        #expect(result.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("t-001/2026-11-20/handout.html").path))
        #expect(fixture.outputIsEmpty)
    }

    @Test("a parallel batch gives the same folders and bytes as a serial one, named in input order")
    func parallelBatchIsDeterministic() async throws {
        func run(jobs: Int) async throws -> (output: [String], files: [String: Data]) {
            let fixture = try await FixtureProject()
            defer { fixture.remove() }
            var paths: [String] = []
            for index in 0..<12 {
                // Three patients, four plans each on the same date: -2, -3, -4 must follow input order.
                let text = FixtureProject.plan
                    .replacingOccurrences(of: "id: t-001", with: "id: t-00\(index % 3)")
                    .replacingOccurrences(of: "- Walk without pain", with: "- Goal number \(index)")
                paths.append(try fixture.write(String(format: "plans/p%02d.yaml", index), text).path)
            }
            let result = await RenderCommand.run(plans: paths, project: fixture.project, output: nil, jobs: jobs)
            #expect(result.exitCode == 0, "\(result.errorText)")
            var files: [String: Data] = [:]
            for folder in result.output {
                for name in ["handout.md", "handout.html"] {
                    files[folder + name] = try Data(contentsOf: fixture.url(folder + name))
                }
            }
            return (result.output, files)
        }
        let serial = try await run(jobs: 1)
        let parallel = try await run(jobs: 4)
        #expect(serial.output == parallel.output)
        #expect(serial.files == parallel.files)
        #expect(serial.output.prefix(6) == ["Output/t-000/2026-11-20/", "Output/t-001/2026-11-20/", "Output/t-002/2026-11-20/",
                                             "Output/t-000/2026-11-20-2/", "Output/t-001/2026-11-20-2/", "Output/t-002/2026-11-20-2/"])
        let md = try #require(serial.files["Output/t-000/2026-11-20-2/handout.md"].map { String(decoding: $0, as: UTF8.self) })
        #expect(md.contains("Goal number 3"))
    }

    @Test("a staging folder left by a killed render is cleaned up and never shown as a handout")
    func abandonedStaging() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        // pid 2^22+1 is above Linux's default pid_max, so no process has it.
        let abandoned = fixture.url("Output/t-001/.incoming-4194305-123")
        try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: abandoned.appendingPathComponent("handout.md"))
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.url("Output/t-001").path)
        #expect(names == ["2026-11-20"])
    }

    @Test("a symbolic link inside the output folder is never followed out of it")
    func symlink() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let outside = fixture.url("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: fixture.url("Output"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: fixture.url("Output/t-001"), withDestinationURL: outside)
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("is a symbolic link; hep never writes through links in the output folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    func snapshot(of folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[name] = try Data(contentsOf: folder.appendingPathComponent(name)) }
        }
        return result
    }
}
