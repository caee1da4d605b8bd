import Foundation
import Testing
@testable import hep
@testable import HEPKit

/// Each command end to end, in process, through argument parsing, on a fixture project tree.
@Suite("Command line")
struct CommandLineTests {
    @Test("hep render writes the handout and prints its folder")
    func render() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let command = try #require(try HEP.parseAsRoot(["render", "--project", fixture.root.path, plan.path]) as? HEP.Render)
        let result = await command.result()
        #expect(result.exitCode == 0)
        #expect(result.outputText == "Output/t-001/2026-11-20/\n")
        #expect(result.errorText == "")
        let html = try fixture.read("Output/t-001/2026-11-20/handout.html")
        #expect(html.contains("Hi Sam,"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test("hep render of a folder renders every plan in it")
    func renderFolder() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("plans/a.yaml", FixtureProject.plan)
        try fixture.write("plans/b.yaml", FixtureProject.plan.replacingOccurrences(of: "id: t-001", with: "id: t-009"))
        let command = try #require(try HEP.parseAsRoot(["render", "--project", fixture.root.path, fixture.url("plans").path]) as? HEP.Render)
        let result = await command.result()
        #expect(result.output == ["Output/t-001/2026-11-20/", "Output/t-009/2026-11-20/"])
    }

    @Test("hep check passes on a clean fixture and fails with located errors")
    func check() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let clean = try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path, plan.path]) as? HEP.Check).result()
        #expect(clean.exitCode == 0, "\(clean.errorText)")
        // Ball release 60 s; side-lying lift 2 x 10 x (3 s hold + 3 s move) + 30 s rest = 150 s;
        // glute bridge 3 x 10 x 6 s + 2 x 45 s rest = 270 s: 480 s, 8 minutes.
        #expect(clean.outputText == "Checked 11 exercises and 1 plan argument.\nplans/sam.yaml: 3 exercises, about 8 minutes a day\nNo problems found.\n")

        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "  sets: 3", with: "  sets: three")
        try fixture.edit("Exercises/activate/clamshell.md", replacing: "phase: activate", with: "phase: activatte")
        let broken = try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
        #expect(broken.exitCode == 1)
        #expect(broken.errorText == """
        Exercises/activate/clamshell.md:6:8: error: 'phase' must be one of release, lengthen, activate, integrate, mobility, strength, balance, breathing, nerve-glide, found 'activatte'
          hint: did you mean 'activate'? use one of: release, lengthen, activate, integrate, mobility, strength, balance, breathing, nerve-glide
        Exercises/integrate/glute-bridge.md:12:9: error: 'dosage.sets' must be a whole number, found 'three'
          hint: write digits, e.g. `sets: 1`
        2 errors, 0 warnings

        """)
    }

    @Test("hep check warns about an exercise that reads above the clinic's grade limit")
    func readingGradeWarning() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        try fixture.edit("Templates/clinic.yaml", replacing: "reading-grade-limit: 8", with: "reading-grade-limit: 1")
        let grade = ReadingGrade.score(try #require(fixture.project.exercise("glute-bridge")).patientText)
        let result = try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
        #expect(result.exitCode == 0, "a warning does not fail the check")
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:1:1: warning: patient text reads at grade \(grade.formatted); the clinic's limit is 1
          hint: use shorter sentences and everyday words; `hep exercises show glute-bridge` prints the grade
        Exercises/integrate/glute-bridge.md:77:1: warning: step 3 reads at grade 4.2; the clinic's limit is 1
          hint: split it into short sentences of everyday words, one action each
        Exercises/integrate/glute-bridge.md:79:1: warning: step 5 reads at grade 2.5; the clinic's limit is 1
          hint: split it into short sentences of everyday words, one action each
        0 errors, 3 warnings

        """, "the file as a whole, and each step of 8 words or more on its own (steps 1, 2 and 4 are shorter)")
        // A long, hard passage pushes an exercise over the default limit of 8.
        try fixture.edit("Templates/clinic.yaml", replacing: "reading-grade-limit: 1", with: "reading-grade-limit: 8")
        let jargon = "Consecutively maintain neutral lumbopelvic alignment, considering individual physiological variability and proprioceptive responsiveness throughout"
        let text = try fixture.read("Exercises/integrate/glute-bridge.md").split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("  - ") && !line.contains("version") && !line.contains("file:") && !line.contains("view:") { return "  - \(jargon)." }
            if let first = line.first, first.isNumber, line.contains(". ") { return "\(first). \(jargon)." }
            return String(line)
        }.joined(separator: "\n")
        try fixture.write("Exercises/integrate/glute-bridge.md", text)
        let hardGrade = ReadingGrade.score(try #require(fixture.project.exercise("glute-bridge")).patientText)
        #expect(hardGrade.grade > 8)
        let hard = try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
        #expect(hard.errorText.contains("warning: patient text reads at grade"))
        #expect(hard.errorText.contains("the clinic's limit is 8"))
    }

    @Test("hep exercises list filters by phase, target and text")
    func list() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let activate = try await #require(try HEP.parseAsRoot(["exercises", "list", "--project", fixture.root.path, "--phase", "activate"]) as? HEP.Exercises.List).result()
        #expect(activate.output == [
            "clamshell                 activate  Clamshell",
            "prone-hip-extension       activate  Face-down leg lift",
            "side-lying-hip-abduction  activate  Side-lying leg lift",
            "3 exercises",
        ])
        let search = try await #require(try HEP.parseAsRoot(["exercises", "list", "--project", fixture.root.path, "--search", "bridge"]) as? HEP.Exercises.List).result()
        #expect(search.output.last == "2 exercises")
        let target = try await #require(try HEP.parseAsRoot(["exercises", "list", "--project", fixture.root.path, "--target", "gluteus-medius"]) as? HEP.Exercises.List).result()
        #expect(target.output.contains { $0.hasPrefix("side-lying-hip-abduction") })
        // A flag's value is the command line's to check: an argument-parser error, not a file location.
        do {
            _ = try HEP.parseAsRoot(["exercises", "list", "--project", fixture.root.path, "--phase", "relase"])
            Issue.record("an unknown phase must be refused")
        } catch {
            #expect(HEP.message(for: error) == "unknown phase 'relase'; did you mean 'release'? phases: release, lengthen, activate, integrate, mobility, strength, balance, breathing, nerve-glide")
            #expect(HEP.exitCode(for: error) == .validationFailure)
        }
    }

    @Test("hep exercises show prints the whole exercise with its reading grade")
    func show() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let result = try #require(try HEP.parseAsRoot(["exercises", "show", "--project", fixture.root.path, "glute-bridge"]) as? HEP.Exercises.Show).result()
        #expect(result.exitCode == 0)
        #expect(result.output.first == "Glute bridge (glute-bridge, version 4)")
        #expect(result.output.contains { $0.hasPrefix("Reading grade: ") })
        #expect(result.output.contains("Precautions (practitioner only):"))
        #expect(result.output.contains { $0.hasPrefix("Steps:") })
        let missing = try #require(try HEP.parseAsRoot(["exercises", "show", "--project", fixture.root.path, "glute-brige"]) as? HEP.Exercises.Show).result()
        #expect(missing.exitCode == 1)
        #expect(missing.errorText == """
        Exercises/: error: no exercise with id 'glute-brige' in Exercises/
          hint: did you mean 'glute-bridge'? `hep exercises list` shows every id.
        1 error, 0 warnings

        """)
    }

    @Test("hep exercises grades reports the median and the maximum")
    func grades() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let result = try await #require(try HEP.parseAsRoot(["exercises", "grades", "--project", fixture.root.path]) as? HEP.Exercises.Grades).result()
        #expect(result.output.count == 12)
        #expect(result.output.last?.hasPrefix("11 exercises: median grade ") == true)
    }
}
