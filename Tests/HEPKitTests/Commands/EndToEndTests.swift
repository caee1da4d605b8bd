import Foundation
import Testing
@testable import HEPKit

/// Commands through `run()`: the real executable, its standard output, standard error and exit
/// status, for the commands the in-process tests reach only through `result()`.
@Suite("End to end", .serialized)
struct EndToEndTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func hep(_ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = Repository.url(".build/debug/hep")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                   errors: String(decoding: err, as: UTF8.self))
    }

    static let confirmed = FixtureProject.plan.replacingOccurrences(
        of: "  preferred-name: Sam", with: "  preferred-name: Sam\n  email: sam@example.com\n  email-confirmed: true")

    @Test("hep render --timings accounts for the whole process: start, project loading, each stage, and what no stage covers")
    func timings() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let run = try Self.hep(["render", "--timings", "plans/sam.yaml"], in: fixture.root)
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        for stage in ["start", "project", "load", "compose", "fill", "convert", "wrap", "write", "all"] {
            #expect(lines.contains { $0.hasPrefix(stage + " ") && $0.contains(" ms total") }, "\(stage)\n\(run.output)")
        }
        let process = try #require(lines.first { $0.hasPrefix("process ") })
        #expect(process.contains("ms CPU in all") && process.contains("of it in no stage"))
    }

    @Test("hep suggest prints ranked suggestions; --write adds them to the plan file")
    func suggest() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("plans/sam.yaml", FixtureProject.plan.replacingOccurrences(
            of: "  - id: side-lying-hip-abduction\n    side: left\n", with: ""))
        let shown = try Self.hep(["suggest", "plans/sam.yaml"], in: fixture.root)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.hasPrefix("Suggestions for plans/sam.yaml:\n\nRight quadratus lumborum, recorded overactive:\n  1. ball-release-quadratus-lumborum  release, right: releases right quadratus lumborum, recorded overactive  (already in the plan)\n"))
        #expect(shown.output.contains("\nLeft gluteus medius, recorded inhibited:\n  1. clamshell                 activate, left: activates left gluteus medius, recorded inhibited\n"))
        #expect(shown.output.contains("Plan YAML for the top pick of each finding (paste under `exercises:`, or run with --write):\n  - id: "))
        let written = try Self.hep(["suggest", "plans/sam.yaml", "--write"], in: fixture.root)
        #expect(written.status == 0, "\(written.errors)")
        let added = try #require(written.output.split(separator: "\n").last)
        #expect(added.hasPrefix("Added to plans/sam.yaml: "))
        let id = String(added.dropFirst("Added to plans/sam.yaml: ".count).split(separator: ",")[0].trimmingCharacters(in: CharacterSet(charactersIn: ". ")))
        #expect(try fixture.read("plans/sam.yaml").contains("- id: \(id)"))
    }

    @Test("hep send --dry-run writes the message beside the handout and sends nothing; a second real send needs --resend")
    func sendDryRun() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("plans/sam.yaml", Self.confirmed)
        let rendered = try Self.hep(["render", "plans/sam.yaml"], in: fixture.root)
        #expect(rendered.status == 0, "\(rendered.errors)")
        #expect(rendered.output == "Output/t-001/2026-11-20/\n")
        let sent = try Self.hep(["send", "--dry-run", "Output/t-001/2026-11-20"], in: fixture.root)
        #expect(sent.status == 0, "\(sent.errors)")
        #expect(sent.output == "Output/t-001/2026-11-20/dry-run.eml: written, not sent (dry run).\n")
        #expect(sent.errors == "")
        let eml = try fixture.read("Output/t-001/2026-11-20/dry-run.eml")
        #expect(eml.contains("To: Test Patient <sam@example.com>\r\n"))
        let header = eml.components(separatedBy: "\r\nDate:").first ?? ""
        let subject = header.matches(of: /=\?utf-8\?B\?([^?]+)\?=/).compactMap { Data(base64Encoded: String($0.1)) }
            .map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(subject == "Your home exercise plan from Harbour Osteopathy, Friday 20 November 2026", "the subject carries the visit date")
        let log = try fixture.read("Output/t-001/2026-11-20/send-log.jsonl")
        #expect(log.contains("\"result\":\"dry-run\""))

        // A handout whose stored files no longer match what its plan renders to is never sent.
        try fixture.edit("Output/t-001/2026-11-20/handout.txt", replacing: "Sam", with: "Someone else")
        let changed = try Self.hep(["send", "--dry-run", "Output/t-001/2026-11-20"], in: fixture.root)
        #expect(changed.status == 1)
        #expect(changed.errors == """
        Output/t-001/2026-11-20:1:1: error: the stored handout can no longer be rebuilt exactly, so it was not sent
          hint: a template or exercise changed since it was issued; `hep render` the plan again and send the new handout
        1 error, 0 warnings

        """)
    }

    @Test("hep reproduce says byte for byte, and names the template that changed when it is not")
    func reproduce() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("plans/sam.yaml", FixtureProject.plan)
        #expect(try Self.hep(["render", "plans/sam.yaml"], in: fixture.root).status == 0)
        let same = try Self.hep(["reproduce", "Output/t-001/2026-11-20"], in: fixture.root)
        #expect(same.status == 0, "\(same.errors)")
        #expect(same.output == "Output/t-001/2026-11-20: reproduced byte for byte (3 exercises, catalogue 2026.11.29).\n")
        try fixture.edit("Templates/handout.md.mustache", replacing: "# {{title}}", with: "# {{title}}!")
        let differs = try Self.hep(["reproduce", "Output/t-001/2026-11-20"], in: fixture.root)
        #expect(differs.status == 1)
        #expect(differs.output.hasPrefix("Output/t-001/2026-11-20: NOT reproduced:\n  - handout.md differs at line 1: issued \"…pathy, Friday 20 November 2026\", now \"…pathy, Friday 20 November 2026!\"\n"))
        #expect(differs.output.contains("  - Templates/handout.md.mustache changed since the handout was issued\n"))
    }

    @Test("hep catalogue release, hep outdated, hep exercises new and diff")
    func catalogueEditing() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("plans/sam.yaml", FixtureProject.plan)
        #expect(try Self.hep(["render", "plans/sam.yaml"], in: fixture.root).status == 0)
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "title: Glute bridge", with: "title: Hip lift")

        let diff = try Self.hep(["exercises", "diff", "glute-bridge"], in: fixture.root)
        #expect(diff.status == 0, "\(diff.errors)")
        #expect(diff.output == "--- glute-bridge v4\n+++ Exercises/integrate/glute-bridge.md (now)\n4: -title: Glute bridge\n4: +title: Hip lift\n")

        let refused = try Self.hep(["catalogue", "release", "--date", "2026-12-01"], in: fixture.root)
        #expect(refused.status == 1)
        #expect(refused.output == "Nothing was released.\n")
        #expect(refused.errors.contains("hint: run `hep catalogue release --note \"what changed\"` (add --safety if it matters for safety)"))
        let multiline = try Self.hep(["catalogue", "release", "--note", "one\ntwo"], in: fixture.root)
        #expect(multiline.status == 64)
        #expect(multiline.errors.contains("Error: --note must be one line of text"))

        let released = try Self.hep(["catalogue", "release", "--note", "Plainer title.", "--safety", "--date", "2026-12-01"], in: fixture.root)
        #expect(released.status == 0, "\(released.errors)")
        #expect(released.output == """
        Released catalogue 2026.12.01: 1 exercise version.
          glute-bridge v5
        Commit the exercise files, Exercises/catalogue.lock, Exercises/catalogue.yaml and Exercises/archive/ together.

        """)

        let outdated = try Self.hep(["outdated", "--safety"], in: fixture.root)
        #expect(outdated.status == 0, "\(outdated.errors)")
        #expect(outdated.output == """
        Output/t-001/2026-11-20/ [safety]
          glute-bridge v4 -> v5 [safety] 2026-12-01: Plainer title.
        1 handout uses exercises that changed since for safety.

        """)

        let new = try Self.hep(["exercises", "new", "wall-sit", "--phase", "integrate"], in: fixture.root)
        #expect(new.status == 0, "\(new.errors)")
        #expect(new.output == "Wrote Exercises/integrate/wall-sit.md. Fill in every TODO, then run `hep check`.\n")
        #expect(FileManager.default.fileExists(atPath: fixture.url("Exercises/integrate/wall-sit.md").path))
        let badPhase = try Self.hep(["exercises", "new", "wall-sit-2", "--phase", "integrat"], in: fixture.root)
        #expect(badPhase.status == 64)
        #expect(badPhase.errors.contains("Error: unknown phase 'integrat'; did you mean 'integrate'?"))
    }
}
