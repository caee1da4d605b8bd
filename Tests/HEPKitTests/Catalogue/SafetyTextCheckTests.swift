import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// `hep check` on the safety text: "Stop if" lines that screen the patient or tell them to carry on,
/// and the vocabulary's `red-flags:` field.
@Suite("Safety text checks")
struct SafetyTextCheckTests {
    /// The 1-based line of the first line of `file` that is `text` (after its indentation).
    static func line(of text: String, in file: String) throws -> Int {
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == text }, "'\(text)' not found")
        return index + 1
    }

    static func check(_ fixture: FixtureProject) async throws -> CommandResult {
        try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
    }

    @Test("hep check warns at the line about a 'Stop if' line that asks a screening question or says to carry on")
    func stopIfWarnings() async throws {
        let fixture = try await FixtureProject(exercises: ["activate/side-lying-hip-abduction"], released: false)
        defer { fixture.remove() }
        let path = "Exercises/activate/side-lying-hip-abduction.md"
        try fixture.edit(path, replacing: "  - You feel pain, numbness or tingling go down your leg.\n",
                         with: "  - Do you have a hip replacement? Ask us first.\n")
        try fixture.edit(path, replacing: "  - You feel pain on the bony point at the side of your hip, during or the next morning.\n",
                         with: "  - You get a cramp in your hip. Rest, then keep going.\n")
        let release = await ReleaseCommand.run(project: fixture.project, note: nil, safety: false, date: CalendarDate(year: 2026, month: 11, day: 29))
        #expect(release.exitCode == 0, "\(release.errorText)")
        let text = try fixture.read(path)
        let screening = try Self.line(of: "- Do you have a hip replacement? Ask us first.", in: text)
        let carryOn = try Self.line(of: "- You get a cramp in your hip. Rest, then keep going.", in: text)
        let result = try await Self.check(fixture)
        #expect(result.exitCode == 0, "warnings do not fail the check")
        #expect(result.errorText == """
        \(path):\(screening):5: warning: 'stop-if' line asks the patient a screening question: "Do you have a hip replacement? Ask us first."
          hint: the patient reads "Stop if" after the exercise was given; put who should not do it in `precautions:` (a condition id in `contraindications:`) and keep here what the patient notices during the exercise
        \(path):\(carryOn):5: warning: 'stop-if' line tells the patient to carry on: "You get a cramp in your hip. Rest, then keep going."
          hint: a "Stop if" line always means stop; end it at the sign to stop, and put how to ease off in `mistakes:` or the steps
        0 errors, 2 warnings

        """)
    }

    @Test("screening and carry-on lines are told apart from plain reasons to stop", arguments: [
        ("You have rheumatoid arthritis or had a neck injury recently. Do not do this.", StopIfProblem.screening),
        ("You have a dialysis fistula in this arm.", .screening),
        ("If you have ever broken a bone in your spine, ask us.", .screening),
        ("Your feet are often numb, for example from diabetes. Ask us first.", .screening),
        ("You are pregnant or had belly surgery in the last few months.", .screening),
        ("Have you had a hip replacement?", .screening),
        ("You get a cramp. Rest and rub it, then go on gently.", .carryOn),
        ("It aches a little. Keep going.", .carryOn),
        ("You feel a pull. Carry on slowly.", .carryOn),
        ("You feel tingling. Continue gently with a smaller move.", .carryOn),
        ("A ridge pops up along your belly. Make the move smaller.", .carryOn),
    ])
    func classifies(_ line: String, _ problem: StopIfProblem) {
        #expect(StopIfProblem.find(in: line) == problem, "\(line)")
    }

    @Test("no warning for plain reasons to stop", arguments: [
        "You feel short of breath or have chest pain.",
        "Tingling or numbness gets worse, or lasts after you stop.",
        "You feel dizzy or light-headed. Stop and breathe normally.",
        "Your calf is swollen, warm or red. Stop and call us or your doctor today.",
        "You get a cramp in your arch that does not ease with rest.",
        "Your knee locks, catches or gives way. Stop and tell us.",
    ])
    func plainLines(_ line: String) {
        #expect(StopIfProblem.find(in: line) == nil, "\(line)")
    }

    @Test("no 'Stop if' line in the starter catalogue screens the patient or says to carry on")
    func starterCatalogue() async throws {
        var diagnostics = DiagnosticList()
        let catalogue = ExerciseCatalogue.open(Repository.project, into: &diagnostics)
        await catalogue.loadAll(into: &diagnostics)
        for exercise in catalogue.loaded {
            for line in exercise.stopIf { #expect(StopIfProblem.find(in: line) == nil, "\(exercise.id): \(line)") }
            #expect(exercise.stopIfLocations.count == exercise.stopIf.count, "\(exercise.id)")
        }
    }

    @Test("a condition's or region's red-flags field is checked, with located errors")
    func vocabularyField() async throws {
        let fixture = try await FixtureProject(exercises: ["activate/side-lying-hip-abduction"])
        defer { fixture.remove() }
        let conditions = "Exercises/vocabulary/conditions.yaml", regions = "Exercises/vocabulary/regions.yaml"
        let muscles = "Exercises/vocabulary/muscles.yaml"
        // A misspelt `general`, an unknown level, a level that is not a list, a missing field, and red flags on a muscle.
        try fixture.edit(conditions, replacing: "poor sleep.\n  red-flags: general\n", with: "poor sleep.\n  red-flags: generel\n")
        try fixture.edit(conditions, replacing: "    today:\n      - A leg that keeps getting weaker", with: "    soon:\n      - A leg that keeps getting weaker")
        try fixture.edit(conditions, replacing: "at a desk or screen.\n  red-flags: general\n", with: "at a desk or screen.\n")
        try fixture.edit(regions, replacing: "    today:\n      - A hand, wrist or finger that is hot, red and swollen, or a fever with your hand pain\n",
                         with: "    today: A hand, wrist or finger that is hot, red and swollen\n")
        try fixture.edit(muscles, replacing: "stand on one leg.\ngluteus-minimus:", with: "stand on one leg.\n  red-flags: general\ngluteus-minimus:")
        let conditionsText = try fixture.read(conditions), regionsText = try fixture.read(regions), musclesText = try fixture.read(muscles)
        let generel = try Self.line(of: "red-flags: generel", in: conditionsText)
        let soon = try Self.line(of: "soon:", in: conditionsText)
        let desk = try Self.line(of: "desk-posture:", in: conditionsText)
        let hand = try Self.line(of: "today: A hand, wrist or finger that is hot, red and swollen", in: regionsText)
        let muscle = try Self.line(of: "red-flags: general", in: musclesText)
        let result = try await Self.check(fixture)
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        \(conditions):\(soon):5: error: unknown key 'soon' in 'sciatica.red-flags'
          hint: known keys here: emergency, today
        \(conditions):\(desk + 1):3: error: missing required field 'desk-posture.red-flags'
          hint: every condition says which warning signs it adds: `red-flags: general` (the general list is enough) or `red-flags:` with `emergency:` and `today:` lists
        \(conditions):\(generel):14: error: 'fibromyalgia.red-flags' must be `general` or a mapping of `emergency:` and `today:` lists, found 'generel'
          hint: did you mean 'general'? write `red-flags: general` (the general list is enough) or `red-flags:` with `emergency:` and `today:` lists
        \(muscles):\(muscle):3: error: unknown key 'red-flags' in 'gluteus-medius'
          hint: known keys here: name, plain, description
        \(regions):\(hand):12: error: 'hand.red-flags.today' must be a list (`- item` lines or `[a, b]`), found A hand, wrist or finger that is hot, red...
        5 errors, 0 warnings

        """)
    }
}
