import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Bad input of every kind gets a located diagnostic, a non-zero exit, no crash and no output.
@Suite("Bad-input corpus")
struct BadInputCorpusTests {
    /// A plan case: the plan's text, and what the error must say (after `plans/bad.yaml:L:C: error: `).
    struct PlanCase: Sendable, CustomStringConvertible {
        var name: String
        var text: @Sendable () -> String
        var expected: String
        var description: String { name }
    }

    static let plan = FixtureProject.plan
    nonisolated(unsafe) static let locatedError = try! Regex("^plans/bad\\.yaml:[0-9]+:[0-9]+: error: ")
    static func replacing(_ old: String, _ new: String) -> @Sendable () -> String { { plan.replacingOccurrences(of: old, with: new) } }

    static let planCases: [PlanCase] = [
        .init(name: "empty file", text: { "" }, expected: "the file is empty"),
        .init(name: "only a comment", text: { "# nothing yet\n" }, expected: "the file is empty"),
        .init(name: "truncated in a quoted string", text: { String(plan.prefix(60)) + "\"unterminated" }, expected: "malformed YAML"),
        .init(name: "truncated mid-list", text: { "patient: {id: a, name: b\n" }, expected: "malformed YAML"),
        .init(name: "tab indentation", text: replacing("  id: t-001", "\tid: t-001"), expected: "malformed YAML"),
        .init(name: "CRLF with an error keeps line numbers", text: { replacing("goals:", "goalz:")().replacingOccurrences(of: "\n", with: "\r\n") }, expected: "unknown key 'goalz'"),
        .init(name: "byte-order mark with an error keeps line numbers", text: { "\u{FEFF}" + replacing("goals:", "goalz:")() }, expected: "unknown key 'goalz'"),
        .init(name: "duplicate key", text: replacing("  language: en", "  language: en\n  language: en"), expected: "duplicate key 'language'"),
        .init(name: "a plan that is a list", text: { "- patient\n- exercises\n" }, expected: "a plan must be a mapping"),
        .init(name: "a plan that is one word", text: { "hello\n" }, expected: "a plan must be a mapping"),
        .init(name: "patient is a list", text: replacing("patient:\n  id: t-001", "patient:\n  - id: t-001"), expected: "malformed YAML"),
        .init(name: "missing patient", text: { plan.components(separatedBy: "session:").dropFirst().joined().isEmpty ? "" : "session:" + plan.components(separatedBy: "session:")[1] }, expected: "missing required field 'patient'"),
        .init(name: "missing patient id", text: replacing("  id: t-001\n", ""), expected: "missing required field 'patient.id'"),
        .init(name: "name is a mapping", text: replacing("  name: Test Patient", "  name: {first: Test}"), expected: "'patient.name' must be text, found a mapping"),
        .init(name: "name far too long", text: replacing("  name: Test Patient", "  name: " + String(repeating: "A", count: 250)), expected: "'patient.name' is 250 characters; the limit is 200"),
        .init(name: "unknown language", text: replacing("  language: en", "  language: xx"), expected: "unknown language 'xx'"),
        .init(name: "bad email", text: replacing("  language: en", "  language: en\n  email: not-an-address"), expected: "'patient.email' is not an email address"),
        .init(name: "email-confirmed is a word", text: replacing("  language: en", "  language: en\n  email-confirmed: yes"), expected: "'patient.email-confirmed' must be true or false"),
        .init(name: "missing session", text: replacing("session:\n  date: 2026-11-20\n", ""), expected: "missing required field 'session'"),
        .init(name: "date in another format", text: replacing("date: 2026-11-20", "date: 20/11/2026"), expected: "'session.date' must be a date written YYYY-MM-DD"),
        .init(name: "impossible date", text: replacing("date: 2026-11-20", "date: 2026-02-30"), expected: "'session.date' is not a real date (day 30 of month 2)"),
        .init(name: "month 13", text: replacing("date: 2026-11-20", "date: 2026-13-01"), expected: "is not a real date (month 13)"),
        .init(name: "year 20260", text: replacing("date: 2026-11-20", "date: 20260-11-20"), expected: "must be a date written YYYY-MM-DD"),
        .init(name: "follow-up before the session", text: replacing("follow-up: 2026-12-01", "follow-up: 2025-12-01"), expected: "'follow-up' 2025-12-01 is before the session date 2026-11-20"),
        .init(name: "bad side in a finding", text: replacing("      side: left\n      status: inhibited", "      side: middle\n      status: inhibited"), expected: "'findings.muscles[0].side' must be one of both, each, left, right, found 'middle'"),
        .init(name: "bad status", text: replacing("status: inhibited", "status: sleepy"), expected: "must be one of overactive, facilitated, inhibited, underactive, found 'sleepy'"),
        .init(name: "finding without side", text: replacing("      side: left\n      status: inhibited", "      status: inhibited"), expected: "missing required field 'findings.muscles[0].side'"),
        .init(name: "unknown muscle", text: replacing("muscle: gluteus-medius", "muscle: glutes"), expected: "unknown muscle 'glutes'"),
        .init(name: "pain score 11", text: replacing("goals:", "  pain:\n    - region: lower-back\n      score: 11\ngoals:"), expected: "'findings.pain[0].score' is 11; it must be from 0 to 10"),
        .init(name: "unknown region", text: replacing("goals:", "  pain:\n    - region: lower-bak\n      score: 3\ngoals:"), expected: "unknown region 'lower-bak'"),
        .init(name: "goals is one line of text", text: replacing("goals:\n  - Walk without pain", "goals: Walk without pain"), expected: "'goals' must be a list"),
        .init(name: "unknown condition", text: replacing("goals:", "conditions: [backache]\ngoals:"), expected: "unknown condition 'backache'"),
        .init(name: "unknown equipment", text: replacing("goals:", "equipment: [kettlebell]\ngoals:"), expected: "unknown equipment 'kettlebell'"),
        .init(name: "no exercises", text: replacing("exercises:", "exercisez:"), expected: "unknown key 'exercisez'"),
        .init(name: "empty exercises", text: { plan.components(separatedBy: "exercises:")[0] + "exercises: []\nfollow-up: 2026-12-01\n" }, expected: "'exercises' is empty"),
        .init(name: "exercise without id", text: replacing("  - id: glute-bridge", "  - side: left"), expected: "missing required field 'exercises[2].id'"),
        .init(name: "unknown exercise", text: replacing("- id: glute-bridge", "- id: glute-brdge"), expected: "no exercise with id 'glute-brdge' in Exercises/"),
        .init(name: "exercise listed twice", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n  - id: glute-bridge"), expected: "exercise 'glute-bridge' is already in this plan"),
        .init(name: "zero sets", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {sets: 0}"), expected: "'exercises[2].dosage.sets' is 0; it must be from 1 to 10"),
        .init(name: "negative reps", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {reps: -5}"), expected: "'exercises[2].dosage.reps' is -5; it must be from 1 to 100"),
        .init(name: "absurd seconds", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {seconds: 99999}"), expected: "'exercises[2].dosage.seconds' is 99999 seconds; it must be from 5 to 1800 seconds"),
        .init(name: "50 times a day", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {per-day: 50}"), expected: "'exercises[2].dosage.per-day' is 50; it must be from 1 to 6"),
        .init(name: "8 days a week", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {days-per-week: 8}"), expected: "'exercises[2].dosage.days-per-week' is 8; it must be from 1 to 7"),
        .init(name: "sets as a word", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {sets: three}"), expected: "'exercises[2].dosage.sets' must be a whole number, found 'three'"),
        .init(name: "sets as a decimal", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {sets: 2.5}"), expected: "'exercises[2].dosage.sets' must be a whole number, found '2.5'"),
        .init(name: "reps and seconds", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {reps: 5, seconds: 30}"), expected: "has both 'reps' and 'seconds'"),
        .init(name: "bad tempo", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {tempo: fast}"), expected: "must be seconds out-pause-back like 2-1-2, found 'fast'"),
        .init(name: "bad side in a prescription", text: replacing("  - id: side-lying-hip-abduction\n    side: left", "  - id: side-lying-hip-abduction\n    side: lefty"), expected: "'exercises[1].side' must be one of both, each, left, right, found 'lefty'"),
        .init(name: "two different sides", text: replacing("  - id: side-lying-hip-abduction\n    side: left", "  - id: side-lying-hip-abduction\n    side: left\n    dosage: {side: right}"), expected: "'side' is left but 'dosage.side' is right"),
        .init(name: "unknown dose key", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    dosage: {setz: 2}"), expected: "unknown key 'setz' in 'exercises[2].dosage'"),
        .init(name: "addresses something not in the findings", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    addresses: hamstrings"), expected: "'addresses: hamstrings' names nothing in this plan's findings"),
        .init(name: "version never released", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    version: 9"), expected: "version 9 of 'glute-bridge' was never released"),
        .init(name: "version as a word", text: replacing("  - id: glute-bridge", "  - id: glute-bridge\n    version: latest"), expected: "'exercises[2].version' must be a whole number, found 'latest'"),
        .init(name: "keep-order as a word", text: replacing("goals:", "keep-order: please\ngoals:"), expected: "'keep-order' must be true or false"),
        .init(name: "a YAML alias bomb", text: { plan + "advice:\n  - &a lol\n  - &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  - &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  - &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  - &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  - [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" }, expected: "'advice[2]' must be text, found a list"),
        .init(name: "very deep nesting", text: { "patient: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n" }, expected: "malformed YAML: Maximum nesting level reached"),
        .init(name: "an undefined alias", text: replacing("  - Walk without pain", "  - *stars*"), expected: "malformed YAML"),
    ]

    @Test("each bad plan gets its located diagnostic, a non-zero exit and no output", arguments: planCases)
    func badPlan(_ testCase: PlanCase) async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let url = try fixture.write("plans/bad.yaml", testCase.text())
        let result = await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 1)
        #expect(fixture.outputIsEmpty)
        let located = result.errorText.split(separator: "\n").contains { line in
            line.contains(testCase.expected) && line.firstMatch(of: Self.locatedError) != nil
        }
        #expect(located, "expected 'plans/bad.yaml:L:C: error: \(testCase.expected)' in:\n\(result.errorText)")
    }

    @Test("messages name files and fields, never the patient", arguments: [
        ("exercises:\n  - id: glute-brige", "unknown exercise"), ("follow-up: 2020-01-01", "follow-up"), ("goals: Walk", "goals as text"),
    ])
    func noPatientDetailsInMessages(_ change: String, _ what: String) async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let secretName = "Philippa Quartermaine-Oduya"
        var text = FixtureProject.plan.replacingOccurrences(of: "  name: Test Patient", with: "  name: \(secretName)\n  email: philippa@example.com")
            .replacingOccurrences(of: "  preferred-name: Sam\n", with: "")
        if change.hasPrefix("exercises:") {
            text = text.replacingOccurrences(of: "- id: glute-bridge", with: "- id: glute-brige")
        } else if change.hasPrefix("follow-up") {
            text = text.replacingOccurrences(of: "follow-up: 2026-12-01", with: change)
        } else {
            text = text.replacingOccurrences(of: "goals:\n  - Walk without pain", with: change)
        }
        let url = try fixture.write("plans/bad.yaml", text)
        for result in [await RenderCommand.run(plans: [url.path], project: fixture.project, output: nil),
                       await CheckCommand.run(plans: [url.path], project: fixture.project)] {
            #expect(result.exitCode == 1, "\(what)")
            let everything = result.outputText + result.errorText
            for detail in ["Philippa", "Quartermaine", "philippa@example.com"] { #expect(!everything.contains(detail), "\(what): \(everything)") }
        }
    }

    @Test("binary and oversized plans: NUL bytes, invalid UTF-8, tens of megabytes")
    func binaryPlans() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let cases: [(Data, String)] = [
            (Data(FixtureProject.plan.utf8) + Data([0]) + Data("x".utf8), "plans/bad.yaml:25:1: error: the file contains a NUL byte; it is not a text file"),
            (Data("patient:\n  name: Caf".utf8) + Data([0xE9]) + Data("\n".utf8), "plans/bad.yaml:2:12: error: the file is not valid UTF-8 text"),
            (Data(repeating: UInt8(ascii: "a"), count: 20_000_000), "plans/bad.yaml:1:1: error: file is 20000 KB; the limit is 1000 KB"),
        ]
        try fixture.write("plans/bad.yaml", "")
        for (data, expected) in cases {
            try data.write(to: fixture.url("plans/bad.yaml"))
            let result = await RenderCommand.run(plans: [fixture.url("plans/bad.yaml").path], project: fixture.project, output: nil)
            #expect(result.exitCode == 1)
            #expect(result.errorText.hasPrefix(expected), "\(result.errorText)")
            #expect(fixture.outputIsEmpty)
        }
    }

    /// A project case: a change to the fixture, and what `hep check` must say.
    @Test("bad exercises, vocabulary, templates and settings", arguments: [
        ("Exercises/integrate/glute-bridge.md", "---\nid: glute-bridge\n", "", "the front matter opened on line 1 is never closed"),
        ("Exercises/integrate/glute-bridge.md", "---\nid: glute-bridge\nversion: 1\n---\n", "id: glute-bridge", "an exercise file must start with a `---` line"),
        ("Exercises/integrate/glute-bridge.md", "phase: integrate", "phase: integration", "'phase' must be one of"),
        ("Exercises/integrate/glute-bridge.md", "## Steps", "## Method", "unexpected heading 'Method' in the exercise body"),
        ("Exercises/integrate/glute-bridge.md", "1. Breathe out", "- Breathe out", "the `## Steps` section must be one numbered list and nothing else"),
        ("Exercises/integrate/glute-bridge.md", "  reps: 10", "  reps: 10\n  seconds: 30", "has both 'reps' and 'seconds'"),
        ("Exercises/integrate/glute-bridge.md", "  reps: 10\n", "", "needs either 'reps' or 'seconds'"),
        ("Exercises/integrate/glute-bridge.md", "  reps: 10", "  reps: 10\n  tempo: quick", "must be seconds out-pause-back"),
        ("Exercises/integrate/glute-bridge.md", "feel:\n", "feel: []\nfeels:\n", "unknown key 'feels'"),
        ("Exercises/integrate/glute-bridge.md", "id: glute-bridge", "id: Glute_Bridge", "id 'Glute_Bridge' must be kebab-case"),
        ("Exercises/vocabulary/muscles.yaml", "  description: The muscle on the side of your hip", "  descripton: The muscle on the side of your hip", "unknown key 'descripton'"),
        ("Exercises/vocabulary/regions.yaml", "lower-back:", "Lower_Back:", "vocabulary id 'Lower_Back' must be kebab-case"),
        ("Templates/clinic.yaml", "brand-colour: \"#1f5f8b\"", "brand-colour: blue", "'brand-colour' must be a colour like #1f5f8b"),
        ("Templates/clinic.yaml", "website: https://harbour-osteopathy.example", "website: http://harbour-osteopathy.example", "'website' must be an https:// address"),
        ("Templates/clinic.yaml", "reading-grade-limit: 8", "reading-grade-limit: 99", "'reading-grade-limit' is 99; it must be from 1 to 16"),
        ("Templates/clinic.yaml", "name: Harbour Osteopathy\n", "", "missing required field 'name'"),
        ("Templates/clinic.yaml", "phone: \"+44 117 496 0000\"", "phone: call us", "'phone' is not a phone number"),
        ("Templates/wording/en.yaml", "greeting: \"Hi {name},\"\n", "", "missing wording 'greeting'"),
        ("Templates/exercise.md.mustache", "{{/steps}}", "{{/step}}", "template syntax error"),
        ("Templates/handout.md.mustache", "{{title}}", "{{titel}}", "unknown key 'titel'"),
    ])
    func badProject(_ file: String, _ old: String, _ new: String, _ expected: String) async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        if old.hasPrefix("---\n") && file.hasSuffix(".md") {
            try fixture.write(file, new.isEmpty ? old : new)  // the whole file becomes just this
        } else {
            try fixture.edit(file, replacing: old, with: new)
        }
        let result = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(result.exitCode == 1)
        let located = result.errorText.split(separator: "\n").contains { line in
            line.hasPrefix(file + ":") && line.contains(": error: ") && line.contains(expected)
        }
        #expect(located, "expected '\(file):L:C: error: \(expected)' in:\n\(result.errorText)")
    }
}
