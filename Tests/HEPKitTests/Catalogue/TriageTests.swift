import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// The catalogue editor's desk: `hep check --summary`, `--only`, `--format json`, the grouped
/// "not yet released" line, the checks on step text and the review state.
@Suite("Triage")
struct TriageTests {
    static let bridge = "Exercises/integrate/glute-bridge.md"
    static let date = CalendarDate(year: 2026, month: 11, day: 29)

    /// A fixture of the glute bridge alone, changed by `change` and then released, so only the
    /// change is reported.
    static func bridgeFixture(_ change: (FixtureProject) throws -> Void) async throws -> FixtureProject {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"], released: false)
        try change(fixture)
        let release = await ReleaseCommand.run(project: fixture.project, note: nil, safety: false, date: date)
        #expect(release.exitCode == 0, "\(release.errorText)")
        return fixture
    }

    /// The default fixture, released once and then with every exercise taken out of the lock, so
    /// each is new and not yet released.
    static func newExercisesFixture() async throws -> FixtureProject {
        let fixture = try await FixtureProject()
        let url = fixture.url("Exercises/catalogue.lock")
        var lock = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        lock["exercises"] = [String: Any]()
        try JSONSerialization.data(withJSONObject: lock, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return fixture
    }

    static func check(_ fixture: FixtureProject, _ arguments: [String] = []) async throws -> CommandResult {
        try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path] + arguments) as? HEP.Check).result()
    }

    @Test("many new exercises are one warning line, counted as each")
    func groupedNewExercises() async throws {
        let fixture = try await Self.newExercisesFixture()
        defer { fixture.remove() }
        let result = try await Self.check(fixture)
        #expect(result.exitCode == 0)
        #expect(result.errorText == """
        Exercises/: warning: 11 new exercises are not yet released: ball-release-quadratus-lumborum, clamshell, glute-bridge, pelvic-tilt, prone-hip-extension, side-bend-stretch, side-lying-hip-abduction, single-leg-bridge, sit-to-stand, split-squat and 1 more
          hint: run `hep catalogue release` to record them in Exercises/catalogue.lock
        0 errors, 11 warnings

        """)
    }

    @Test("--summary counts by kind")
    func summary() async throws {
        let fixture = try await Self.newExercisesFixture()
        defer { fixture.remove() }
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "2. Squeeze your buttocks.", with: "2. - Squeeze your buttocks.")
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "3. Lift your hips", with: "3. * Lift your hips")
        let result = try await Self.check(fixture, ["--summary"])
        #expect(result.exitCode == 0)
        #expect(result.outputText == "Checked 11 exercises.\n")
        #expect(result.errorText == "13 warnings: not released (11), list marker step (2)\n")
    }

    @Test("a message's kind comes from the first fragment it holds, anywhere in it, byte for byte")
    func kindFromMessage() {
        #expect(Diagnostic.kind(of: "no exercise works on the knee, where this plan records pain 4/10", severity: .warning) == "unaddressed-finding")
        #expect(Diagnostic.kind(of: "'cat-cow' is not advised with osteoporosis", severity: .warning) == "contraindicated")
        #expect(Diagnostic.kind(of: "12 exercises; more than 5 lowers how many patients keep doing them", severity: .warning) == "too-many-exercises")
        #expect(Diagnostic.kind(of: "Ünïcode first, then: has no picture", severity: .warning) == "picture")
        #expect(Diagnostic.kind(of: "has no pictur", severity: .warning) == "warning")
        #expect(Diagnostic.kind(of: "", severity: .error) == "error")
        #expect(Diagnostic.contains("aab", "ab") && Diagnostic.contains("ab", "ab") && !Diagnostic.contains("a", "ab") && Diagnostic.contains("x", ""))
    }

    @Test("--only keeps the diagnostics of a path or a kind")
    func only() async throws {
        let fixture = try await Self.newExercisesFixture()
        defer { fixture.remove() }
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "2. Squeeze your buttocks.", with: "2. - Squeeze your buttocks.")
        let byPath = try await Self.check(fixture, ["--only", "Exercises/integrate/glute-bridge.md"])
        #expect(byPath.errorText == """
        Exercises/integrate/glute-bridge.md:3:10: warning: 'glute-bridge' is new and not yet released
          hint: run `hep catalogue release` to record it in Exercises/catalogue.lock
        Exercises/integrate/glute-bridge.md:76:1: warning: step 2 starts with '-', so the handout shows it as a list inside the list of steps
          hint: remove '-': the step's own number is enough (`2. Squeeze your buttocks.`)
        0 errors, 2 warnings

        """)
        let byKind = try await Self.check(fixture, ["--only", "list-marker-step"])
        #expect(byKind.errorText == """
        Exercises/integrate/glute-bridge.md:76:1: warning: step 2 starts with '-', so the handout shows it as a list inside the list of steps
          hint: remove '-': the step's own number is enough (`2. Squeeze your buttocks.`)
        0 errors, 1 warning

        """)
        let folder = try await Self.check(fixture, ["--only", "Exercises/release/", "--summary"])
        #expect(folder.errorText == "2 warnings: not released (2)\n")
        let nothing = try await Self.check(fixture, ["--only", "Templates/"])
        #expect(nothing.errorText == "")
        #expect(nothing.outputText == "Checked 11 exercises.\nNo problems found.\n")
    }

    @Test("--format json writes one object per diagnostic, and nothing else")
    func json() async throws {
        let fixture = try await Self.newExercisesFixture()
        defer { fixture.remove() }
        let result = try await Self.check(fixture, ["--format", "json"])
        #expect(result.exitCode == 0)
        #expect(result.errorText == "")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.outputText.utf8)) as? [[String: Any]])
        #expect(array.count == 11)
        let first = try #require(array.first)
        #expect(Set(first.keys) == ["file", "line", "column", "severity", "kind", "message", "hint"])
        #expect(first["file"] as? String == "Exercises/activate/clamshell.md")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 10)
        #expect(first["severity"] as? String == "warning")
        #expect(first["kind"] as? String == "not-released")
        #expect(first["message"] as? String == "'clamshell' is new and not yet released")
        #expect(first["hint"] as? String == "run `hep catalogue release` to record it in Exercises/catalogue.lock")
        let none = try await Self.check(try await Self.bridgeFixture { _ in }, ["--format", "json"])
        #expect(none.outputText == "[]\n")
        // A diagnostic without a hint has "hint": null; an error still fails the check.
        let broken = try await Self.bridgeFixture { _ in }
        defer { broken.remove() }
        try broken.edit(Self.bridge, replacing: "Lie on your back on a mat. Bend your knees and put your feet flat, hip-width apart. Rest your arms by your sides.\n", with: "")
        let failing = try await Self.check(broken, ["--format", "json"])
        #expect(failing.exitCode == 1)
        let errors = try #require(try JSONSerialization.jsonObject(with: Data(failing.outputText.utf8)) as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["message"] as? String == "the `## Starting position` section is empty")
        #expect(errors.first?["kind"] as? String == "error")
        #expect(errors.first?["line"] as? Int == 69)
        #expect(errors.first?["hint"] is NSNull)
        #expect(throws: (any Error).self) { try HEP.parseAsRoot(["check", "--summary", "--format", "json"]) }
    }

    @Test("a step that starts with a list marker or a number")
    func listMarkers() async throws {
        let fixture = try await Self.bridgeFixture { fixture in
            try fixture.edit(Self.bridge, replacing: "2. Squeeze your buttocks.", with: "2. * Squeeze your buttocks.")
            try fixture.edit(Self.bridge, replacing: "3. Lift your hips", with: "3. 6. Lift your hips")
        }
        defer { fixture.remove() }
        let result = try await Self.check(fixture)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:76:1: warning: step 2 starts with '*', so the handout shows it as a list inside the list of steps
          hint: remove '*': the step's own number is enough (`2. Squeeze your buttocks.`)
        Exercises/integrate/glute-bridge.md:77:1: warning: step 3 starts with '6.', so the handout shows it as a list inside the list of steps
          hint: remove '6.': the step's own number is enough (`3. Lift your hips until your body is a straight line from knees to shoulders.`)
        0 errors, 2 warnings

        """)
    }

    @Test("a step that on its own reads above the clinic's grade limit, but not a short one")
    func stepGrade() async throws {
        let fixture = try await Self.bridgeFixture { fixture in
            try fixture.edit(Self.bridge, replacing: "2. Squeeze your buttocks.",
                             with: "2. Simultaneously contract the gluteal musculature, maintaining abdominal engagement throughout the exercise.")
            try fixture.edit(Self.bridge, replacing: "4. Hold. Keep breathing.", with: "4. Hold. Breathe diaphragmatically.")
        }
        defer { fixture.remove() }
        let result = try await Self.check(fixture)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:76:1: warning: step 2 reads at grade 23.0; the clinic's limit is 8
          hint: split it into short sentences of everyday words, one action each
        0 errors, 1 warning

        """)
    }

    @Test("sentences run together after a full stop, but not abbreviations or decimals")
    func runTogether() async throws {
        let fixture = try await Self.bridgeFixture { fixture in
            try fixture.edit(Self.bridge, replacing: "on a mat. Bend your knees", with: "on a mat.Bend your knees")
            try fixture.edit(Self.bridge, replacing: "4. Hold. Keep breathing.", with: "4. Hold, e.g.Keep still for 2.5 breaths. Keep breathing.")
        }
        defer { fixture.remove() }
        let result = try await Self.check(fixture)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:71:23: warning: sentences run together without a space: 'mat.Bend'
          hint: put a space after the full stop: 'mat. Bend'
        0 errors, 1 warning

        """)
    }

    @Test("the same sentence in more than 5 exercises, warned once with the files")
    func sharedSentence() async throws {
        let paths = ["activate/clamshell", "activate/prone-hip-extension", "activate/side-lying-hip-abduction",
                     "integrate/glute-bridge", "integrate/sit-to-stand", "mobility/pelvic-tilt"]
        let fixture = try await FixtureProject(exercises: paths, released: false)
        defer { fixture.remove() }
        let sentence = "Do the movement the way we showed you."
        for path in paths {
            let file = "Exercises/\(path).md"
            try fixture.write(file, try fixture.read(file).replacingOccurrences(of: "## Steps\n\n1. ", with: "## Steps\n\n1. \(sentence) "))
        }
        let release = await ReleaseCommand.run(project: fixture.project, note: nil, safety: false, date: Self.date)
        #expect(release.exitCode == 0, "\(release.errorText)")
        let clamshell = try fixture.read("Exercises/activate/clamshell.md").split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(clamshell.firstIndex { $0.contains(sentence) }) + 1
        let result = try await Self.check(fixture)
        #expect(result.errorText == """
        Exercises/activate/clamshell.md:\(line):1: warning: the sentence "\(sentence)" is in 6 exercises, likely a placeholder: \(paths.map { "Exercises/\($0).md" }.joined(separator: ", "))
          hint: say what each exercise needs in its own words; if the catalogue shares this sentence on purpose, list it under `shared-sentences:` in Exercises/catalogue.yaml
        0 errors, 1 warning

        """)
        // In 5 exercises it is fine.
        try fixture.edit("Exercises/mobility/pelvic-tilt.md", replacing: "\(sentence) ", with: "")
        _ = await ReleaseCommand.run(project: fixture.project, note: "Own words.", safety: false, date: Self.date)
        #expect(try await Self.check(fixture).errorText == "")
    }

    @Test("an empty step is reported at its own line, by number")
    func emptyStep() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "3. Lift your hips until your body is a straight line from knees to shoulders.", with: "3.")
        let result = try await Self.check(fixture)
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:77:1: error: step 3 in the `## Steps` list is empty
          hint: write the step, or remove its line and renumber the steps after it (`hep check --fix` does that)
        1 error, 0 warnings

        """)
    }

    @Test("an empty Steps section says it is empty")
    func emptySteps() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        let text = try fixture.read(Self.bridge)
        try fixture.write(Self.bridge, String(text[..<text.range(of: "## Steps\n")!.upperBound]))
        let result = try await Self.check(fixture)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:73:1: error: the `## Steps` section is empty
          hint: add the steps as a numbered list under it: `1. ...`, `2. ...`
        1 error, 0 warnings

        """)
    }

    @Test("equipment the patient's plan does not list, household items counting as available")
    func missingEquipment() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        // The mat (like the wall the ball release leans on) is a household item: always there.
        let plan = FixtureProject.plan.replacingOccurrences(of: "exercises:", with: "equipment: [foam-roller]\nexercises:")
        let url = try fixture.write("plans/sam.yaml", plan)
        let expected = """
        plans/sam.yaml:20:9: warning: 'ball-release-quadratus-lumborum' needs massage-ball, which the plan's equipment does not list
          hint: add `massage-ball` to the plan's `equipment:` if the patient has it, or choose another exercise (`hep suggest` proposes only what the patient has)
        0 errors, 1 warning

        """
        let checked = await CheckCommand.run(plans: [url.path], project: fixture.project)
        #expect(checked.errorText == expected)
        let rendered = await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil)
        #expect(rendered.exitCode == 0)
        #expect(rendered.errorText == expected)
        try fixture.write("plans/sam.yaml", plan.replacingOccurrences(of: "equipment: [foam-roller]", with: "equipment: [foam-roller, massage-ball]"))
        #expect(await CheckCommand.run(plans: [url.path], project: fixture.project).errorText == "")
        // A plan without `equipment:` says nothing about what the patient has: no warning (as `hep suggest`).
        try fixture.write("plans/sam.yaml", FixtureProject.plan)
        #expect(await CheckCommand.run(plans: [url.path], project: fixture.project).errorText == "")
    }

    @Test("a draft is listed by check and refused by render")
    func drafts() async throws {
        let fixture = try await Self.bridgeFixture { fixture in
            try fixture.edit(Self.bridge, replacing: "\nversion: 4\n", with: "\nversion: 4\nstatus: draft\n")
        }
        defer { fixture.remove() }
        let draftWarning = """
        Exercises/integrate/glute-bridge.md:4:9: warning: 'glute-bridge' is a draft, not yet reviewed
          hint: have it reviewed, then set `status: reviewed` (or remove the `status:` line); a plan that uses a draft cannot be rendered
        """
        #expect(try await Self.check(fixture).errorText == draftWarning + "\n0 errors, 1 warning\n")
        let plan = try fixture.write("plans/sam.yaml", """
        patient:
          id: t-001
          name: Test Patient
          language: en
        session:
          date: 2026-11-20
        goals:
          - Walk without pain
        exercises:
          - id: glute-bridge
        follow-up: 2026-12-01

        """)
        let rendered = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(rendered.exitCode == 1)
        #expect(rendered.errorText == """
        plans/sam.yaml:10:9: error: 'glute-bridge' is a draft, not yet reviewed
          hint: have Exercises/integrate/glute-bridge.md reviewed, then set `status: reviewed` in it (or remove the `status:` line); or choose another exercise
        1 error, 0 warnings

        """)
        #expect(fixture.outputIsEmpty)
        let checked = await CheckCommand.run(plans: [plan.path], project: fixture.project)
        #expect(checked.exitCode == 1, "checking the plan says what rendering it would")
        try fixture.edit(Self.bridge, replacing: "status: draft\n", with: "status: reviewed\n")
        _ = await ReleaseCommand.run(project: fixture.project, note: "Reviewed.", safety: false, date: Self.date)
        #expect(try await Self.check(fixture).errorText == "")
        #expect(await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil).exitCode == 0)
    }

    @Test("hep suggest never proposes a draft")
    func draftsNotSuggested() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge", "activate/clamshell"])
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", """
        patient:
          id: t-001
          name: Test Patient
          language: en
        session:
          date: 2026-11-20
        findings:
          muscles:
            - muscle: gluteus-maximus
              side: both
              status: inhibited
        goals:
          - Walk without pain
        exercises:
          - id: clamshell
        follow-up: 2026-12-01

        """)
        let reviewed = await SuggestCommand.run(plan: plan.path, project: fixture.project)
        #expect(reviewed.outputText.contains("glute-bridge"), "\(reviewed.outputText)")
        try fixture.edit(Self.bridge, replacing: "\nversion: 4\n", with: "\nversion: 4\nstatus: draft\n")
        let draft = await SuggestCommand.run(plan: plan.path, project: fixture.project)
        #expect(!draft.outputText.contains("glute-bridge"), "\(draft.outputText)")
    }
}
