import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Each way a render can fail: the full text the practitioner sees, a non-zero exit, and nothing written.
@Suite("Render failures")
struct RenderFailureTests {
    /// Renders the fixture plan after `change`, expecting failure; returns standard error.
    func failingRender(_ change: (FixtureProject) throws -> Void, plan: String = FixtureProject.plan) async throws -> String {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let url = try fixture.write("plans/sam.yaml", plan)
        try change(fixture)
        let result = await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 1)
        #expect(result.output == ["Nothing was written."])
        #expect(fixture.outputIsEmpty, "an output folder was created")
        return result.errorText
    }

    @Test("malformed YAML in a plan")
    func malformedYAML() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "  preferred-name: Sam", with: "  preferred-name: Sam: Smith")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:4:22: error: malformed YAML: mapping values are not allowed in this context
          hint: YAML uses spaces (never tabs) for indentation, `key: value` pairs and `- ` for list items; quote text that contains `: ` or starts with a special character
        1 error, 0 warnings

        """)
    }

    @Test("unknown exercise id that is a typo")
    func unknownExercise() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "- id: glute-bridge", with: "- id: glute-brige")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:23:9: error: no exercise with id 'glute-brige' in Exercises/
          hint: did you mean 'glute-bridge'? `hep exercises list` shows every id.
        1 error, 0 warnings

        """)
    }

    @Test("missing required field in a plan")
    func missingPlanField() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "  date: 2026-11-20\n", with: "  practitioner: Alex\n")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:7:3: error: missing required field 'session.date'
          hint: add `date:`; see the format in README.md
        1 error, 0 warnings

        """)
    }

    @Test("missing required field in an exercise")
    func missingExerciseField() async throws {
        let text = try await failingRender { fixture in
            let path = "Exercises/integrate/glute-bridge.md"
            let lines = try fixture.read(path).split(separator: "\n", omittingEmptySubsequences: false)
            try fixture.write(path, lines.filter { !$0.hasPrefix("purpose:") }.joined(separator: "\n"))
        }
        #expect(text == """
        Exercises/integrate/glute-bridge.md:2:1: error: missing required field 'purpose'
          hint: add `purpose:`; see the format in README.md
        plans/sam.yaml:23:9: error: exercise 'glute-bridge' has errors (see above) and cannot be used
          hint: fix the exercise file; `hep check` lists every problem
        2 errors, 0 warnings

        """)
    }

    @Test("wrong type")
    func wrongType() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n    dosage:\n      sets: three\n")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:25:13: error: 'exercises[2].dosage.sets' must be a whole number, found 'three'
          hint: write digits, e.g. `sets: 1`
        1 error, 0 warnings

        """)
    }

    @Test("unknown vocabulary id")
    func unknownVocabulary() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "muscle: gluteus-medius", with: "muscle: gluteus-medus")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:10:15: error: unknown muscle 'gluteus-medus'
          hint: did you mean 'gluteus-medius'? known ids are in Exercises/vocabulary/muscles.yaml; add it there if it is new
        1 error, 0 warnings

        """)
    }

    @Test("unknown vocabulary id in an exercise")
    func unknownVocabularyInExercise() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "gluteus-maximus", with: "gluteus-maximux")
        }
        #expect(text.hasPrefix("""
        Exercises/integrate/glute-bridge.md:8:11: error: unknown muscle 'gluteus-maximux'
          hint: did you mean 'gluteus-maximus'?
        """))
    }

    @Test("unknown template")
    func unknownTemplate() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Templates/clinic.yaml", replacing: "handout-template: handout", with: "handout-template: handuot")
        }
        #expect(text == """
        Templates/clinic.yaml:1:1: error: unknown template 'handuot' (no Templates/handuot.md.mustache)
          hint: did you mean 'handout'? templates in Templates/: exercise, exercise-text, handout, handout-text, page
        1 error, 0 warnings

        """)
    }

    @Test("missing partial")
    func missingPartial() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Templates/handout.md.mustache", replacing: "{{> exercise}}", with: "{{> exercize}}")
        }
        #expect(text == """
        Templates/handout.md.mustache:33:1: error: missing partial 'exercize'
          hint: did you mean 'exercise'? add Templates/exercize.md.mustache
        1 error, 0 warnings

        """)
    }

    @Test("template syntax error")
    func templateSyntax() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Templates/exercise.md.mustache", replacing: "{{/feel}}", with: "{{/feeling}}")
        }
        #expect(text.hasPrefix("""
        Templates/exercise.md.mustache:40:4: error: template syntax error: a section is closed with a different name than it was opened with
          hint: check that every {{#section}} has a matching {{/section}} and every tag is closed with }}
        """))
    }

    @Test("unknown key in a template")
    func unknownTemplateKey() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Templates/exercise.md.mustache", replacing: "{{purpose}}", with: "{{purpsoe}}")
        }
        #expect(text.hasPrefix("""
        Templates/exercise.md.mustache:6:1: error: unknown key 'purpsoe'
          hint: did you mean 'purpose'? Templates/README.md lists every key
        """))
    }

    @Test("unescaped patient text in a template is refused")
    func unescapedPatientText() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Templates/exercise.md.mustache", replacing: "{{note}}", with: "{{{note}}}")
        }
        #expect(text.hasPrefix("""
        Templates/exercise.md.mustache:19:31: error: unescaped output of 'note' is not allowed
          hint: use {{note}}; only keys ending in 'Markdown' may be unescaped here, so patient text always stays text
        """))
    }

    @Test("a Markdown template without its content type is refused")
    func missingContentType() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Templates/exercise.md.mustache", replacing: "{{% CONTENT_TYPE: MARKDOWN }}\n", with: "")
        }
        #expect(text.hasPrefix("""
        Templates/exercise.md.mustache:1:1: error: a Markdown template must start with `{{% CONTENT_TYPE: MARKDOWN }}`
          hint: without it, values would be escaped for HTML and patient text could become Markdown
        """))
    }

    @Test("duplicate exercise id")
    func duplicateID() async throws {
        let text = try await failingRender { fixture in
            try fixture.write("Exercises/extra/glute-bridge.md", try fixture.read("Exercises/integrate/glute-bridge.md"))
        }
        #expect(text == """
        Exercises/integrate/glute-bridge.md:1:1: error: duplicate exercise id 'glute-bridge': Exercises/extra/glute-bridge.md has the same id
          hint: ids are unique across all folders; give one of them a new id
        1 error, 0 warnings

        """)
    }

    @Test("id not equal to the file name")
    func idMismatch() async throws {
        let text = try await failingRender { fixture in
            try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "id: glute-bridge", with: "id: glute-bridges")
        }
        #expect(text == """
        Exercises/integrate/glute-bridge.md:2:5: error: id 'glute-bridges' does not match the file name 'glute-bridge.md'
          hint: rename the file to 'glute-bridges.md' or set `id: glute-bridge`; ids are never renamed once issued
        plans/sam.yaml:23:9: error: exercise 'glute-bridge' has errors (see above) and cannot be used
          hint: fix the exercise file; `hep check` lists every problem
        2 errors, 0 warnings

        """)
    }

    @Test("an unknown key is an error with the closest known key, so a typo never drops a dose")
    func unknownKey() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n    dosgae: {sets: 1}\n")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:24:5: error: unknown key 'dosgae' in 'exercises[2]'
          hint: did you mean 'dosage'? known keys here: id, version, dosage, side, note, addresses
        1 error, 0 warnings

        """)
    }

    @Test("a follow-up before the session")
    func followUpBeforeSession() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "follow-up: 2026-12-01", with: "follow-up: 2026-11-01")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:24:12: error: 'follow-up' 2026-11-01 is before the session date 2026-11-20
          hint: the next appointment comes after this session; check the year and month
        1 error, 0 warnings

        """)
    }

    @Test("an impossible date")
    func impossibleDate() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "date: 2026-11-20", with: "date: 2026-02-30")
        let text = try await failingRender({ _ in }, plan: plan)
        #expect(text == """
        plans/sam.yaml:7:9: error: 'session.date' is not a real date (day 30 of month 2), found '2026-02-30'
          hint: write dates as YYYY-MM-DD, e.g. 2026-11-29
        1 error, 0 warnings

        """)
    }

    @Test("one bad plan in a batch means nothing is written")
    func batchAllOrNothing() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let good = try fixture.write("plans/a.yaml", FixtureProject.plan)
        let bad = try fixture.write("plans/b.yaml", FixtureProject.plan.replacingOccurrences(of: "glute-bridge", with: "glute-brige"))
        let result = await RenderCommand.run(plans: [good.path, bad.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 1)
        #expect(fixture.outputIsEmpty)
    }
}
