import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// A practitioner's note against the rest of the handout: the pain limit, the dose, the range of a
/// step and equipment, each warning with its full text; and the pain limit in the handout itself.
@Suite("Notes that contradict the handout")
struct NoteContradictionTests {
    /// `hep check` of `plan` in a fixture with `extra` exercises besides the default ones, after
    /// `change`; returns standard error.
    func check(_ plan: String, extra: [String] = [], _ change: (FixtureProject) throws -> Void = { _ in }) async throws -> String {
        let fixture = try await Self.fixture(extra: extra, change)
        defer { fixture.remove() }
        let url = try fixture.write("plans/sam.yaml", plan)
        let result = await CheckCommand.run(plans: [url.path], project: fixture.project)
        #expect(result.exitCode == 0, "warnings never fail a check")
        return result.errorText
    }

    /// A fixture with `extra` exercises, released after `change` (so edited exercises are released as they are).
    static func fixture(extra: [String] = [], _ change: (FixtureProject) throws -> Void = { _ in }) async throws -> FixtureProject {
        let fixture = try await FixtureProject(exercises: FixtureProject.defaultExercises + extra, released: false)
        try change(fixture)
        let release = await ReleaseCommand.run(project: fixture.project, note: nil, safety: false,
                                               date: CalendarDate(year: 2026, month: 11, day: 29))
        #expect(release.exitCode == 0, "\(release.errorText)")
        return fixture
    }

    /// The fixture plan with a note (and optionally more lines) on the glute bridge.
    static func plan(bridge lines: String, top: String = "") -> String {
        FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n\(lines)")
            .replacingOccurrences(of: "goals:\n", with: "\(top)goals:\n")
    }

    // MARK: Pain limit

    @Test("a note that sets its own pain limit beside the pain guide")
    func painLimitInNote() async throws {
        let text = try await check(Self.plan(bridge: "    note: Only go to a gentle lift, 2 out of 10 at most.\n"))
        #expect(text == """
        plans/sam.yaml:24:11: warning: the note on 'glute-bridge' sets a pain limit of 2 out of 10 ('2 out of 10 at most'), but the pain guide allows up to 5 out of 10
          hint: set `pain-limit: 2` in the plan, so the pain guide and every dose line say the same, or change the note
        0 errors, 1 warning

        """)
    }

    @Test("a finding's note against the plan's pain-limit; a report of pain is not a limit")
    func painLimitInFindingNote() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "goals:\n", with: """
          notes:
            - The pain eased to 3 out of 10 by the end of the session.
            - Keep any pain below 3 out of 10.
        pain-limit: 3
        goals:

        """)
        let text = try await check(plan)
        #expect(text == """
        plans/sam.yaml:18:7: warning: this note sets a pain limit of 2 out of 10 ('Keep any pain below 3 out of 10'), but the plan's `pain-limit` is 3
          hint: change `pain-limit:` to 2, or change the note; the pain guide and every dose line use `pain-limit`
        0 errors, 1 warning

        """)
    }

    @Test("a note that agrees with the plan's pain-limit is quiet; the clinic's limit counts when the plan has none")
    func painLimitAgreeing() async throws {
        let agreeing = Self.plan(bridge: "    note: A 3 out of 10 ache is plenty.\n", top: "pain-limit: 3\n")
        #expect(try await check(agreeing) == "")
        let text = try await check(Self.plan(bridge: "    note: A 3 out of 10 ache is plenty.\n")) { fixture in
            try fixture.edit("Templates/clinic.yaml", replacing: "# pain-limit: 4", with: "pain-limit: 4")
        }
        #expect(text == """
        plans/sam.yaml:24:11: warning: the note on 'glute-bridge' sets a pain limit of 3 out of 10 ('3 out of 10 ache is plenty'), but the clinic's `pain-limit` (Templates/clinic.yaml) is 4
          hint: set `pain-limit: 3` in the plan, so the pain guide and every dose line say the same, or change the note
        0 errors, 1 warning

        """)
    }

    @Test("a step that asks for more pain than the plan's pain-limit")
    func stepAbovePainLimit() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "goals:\n", with: "pain-limit: 2\ngoals:\n")
        let text = try await check(plan) { fixture in
            try fixture.edit("Exercises/release/ball-release-quadratus-lumborum.md",
                             replacing: "2. Keep the pressure light, 3 out of 10 at most.", with: "2. Press to a good hurt, 3 or 4 out of 10.")
        }
        #expect(text == """
        plans/sam.yaml:20:9: warning: step 2 of 'ball-release-quadratus-lumborum' asks for up to 4 out of 10 ('Press to a good hurt, 3 or 4 out of 10.'), but the plan's `pain-limit` is 2
          hint: choose a gentler exercise, or raise `pain-limit:`; the patient would read two limits
        0 errors, 1 warning

        """)
    }

    @Test("pain-limit out of range is a located error, in a plan and in the clinic settings")
    func painLimitOutOfRange() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let url = try fixture.write("plans/sam.yaml", FixtureProject.plan.replacingOccurrences(of: "goals:\n", with: "pain-limit: 11\ngoals:\n"))
        let result = await CheckCommand.run(plans: [url.path], project: fixture.project)
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        plans/sam.yaml:16:13: error: 'pain-limit' must be a pain score from 0 to 10, found '11'
          hint: write the most pain the patient should feel during and after the exercises, e.g. `pain-limit: 3`
        1 error, 0 warnings

        """)
        try fixture.edit("Templates/clinic.yaml", replacing: "# pain-limit: 4", with: "pain-limit: low")
        let clinic = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(clinic.exitCode == 1)
        #expect(clinic.errorText.hasPrefix("""
        Templates/clinic.yaml:18:13: error: 'pain-limit' must be a pain score from 0 to 10, found 'low'
          hint: write the most pain the patient should feel during and after the exercises, e.g. `pain-limit: 3`
        """), "\(clinic.errorText)")
    }

    @Test("the pain limit changes the pain guide and every dose line of the rendered handout")
    func painLimitInHandout() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plain = try fixture.write("plans/plain.yaml", FixtureProject.plan)
        let limited = try fixture.write("plans/limited.yaml", FixtureProject.plan
            .replacingOccurrences(of: "id: t-001", with: "id: t-002").replacingOccurrences(of: "goals:\n", with: "pain-limit: 3\ngoals:\n"))
        let result = await RenderCommand.run(plans: [plain.path, limited.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 0, "\(result.errorText)")
        let before = try fixture.read("Output/t-001/2026-11-20/handout.md")
        let after = try fixture.read("Output/t-002/2026-11-20/handout.md")
        let text = try fixture.read("Output/t-002/2026-11-20/handout.txt")
        #expect(before.contains("""
        - 0 to 3 out of 10: fine. Keep going.
        - 4 to 5 out of 10: OK, but do not push further.
        - More than 5 out of 10: stop. Next time, do less or go more gently.
        - Judge by how you feel the next morning. If you are worse, do less.
        """))
        #expect(!before.contains("Keep any pain"))
        for guide in [after, text] {
            #expect(guide.contains("""
            - 0 to 3 out of 10: fine. Keep going.
            - More than 3 out of 10: stop. Next time, do less or go more gently.
            - Judge by how you feel the next morning. If you are worse, do less.
            """), "\(guide)")
            #expect(!guide.contains("4 to 5 out of 10"))
        }
        #expect(after.components(separatedBy: "days a week. Keep any pain to 3 out of 10 or less.").count == 4,
                "each of the 3 dose lines ends with the limit")
    }

    @Test("the clinic's pain-limit of 4 gives a one-score OK band")
    func clinicPainLimitInGuide() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Templates/clinic.yaml", replacing: "# pain-limit: 4", with: "pain-limit: 4")
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 0, "\(result.errorText)")
        let handout = try fixture.read("Output/t-001/2026-11-20/handout.md")
        #expect(handout.contains("""
        - 0 to 3 out of 10: fine. Keep going.
        - 4 out of 10: OK, but do not push further.
        - More than 4 out of 10: stop. Next time, do less or go more gently.
        """))
        #expect(handout.contains("Keep any pain to 4 out of 10 or less."))
    }

    // MARK: Dose

    @Test("a note that states another hold than the dose")
    func holdInNote() async throws {
        let text = try await check(Self.plan(bridge: "    note: Hold each lift for 10 seconds.\n"))
        #expect(text == """
        plans/sam.yaml:24:11: warning: the note on 'glute-bridge' says 'Hold each lift for 10 seconds', but its dose holds each one for 3 seconds
          hint: give the dose in `dosage:` (`hold: 10`) and take it out of the note, so the patient reads one number
        0 errors, 1 warning

        """)
    }

    @Test("a note that states another count than the (overridden) dose; the same count is quiet")
    func countInNote() async throws {
        let text = try await check(Self.plan(bridge: "    dosage: {sets: 2, reps: 8}\n    note: Do 2 sets of 12, twice a day.\n"))
        #expect(text == """
        plans/sam.yaml:25:11: warning: the note on 'glute-bridge' says '2 sets of 12', but its dose is 8 repetitions
          hint: give the dose in `dosage:` (`reps: 12`) and take it out of the note, so the patient reads one number
        plans/sam.yaml:25:11: warning: the note on 'glute-bridge' says 'twice a day', but its dose is once a day
          hint: give the dose in `dosage:` (`per-day: 2`) and take it out of the note, so the patient reads one number
        0 errors, 2 warnings

        """)
        #expect(try await check(Self.plan(bridge: "    dosage: {sets: 2, reps: 12}\n    note: Do 2 sets of 12.\n")) == "")
    }

    @Test("a note that states another time than a timed dose")
    func timeInNote() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "  - id: ball-release-quadratus-lumborum\n    side: right\n",
                                                            with: "  - id: ball-release-quadratus-lumborum\n    side: right\n    note: Stay on the ball for 90 seconds.\n")
        let text = try await check(plan)
        #expect(text == """
        plans/sam.yaml:21:11: warning: the note on 'ball-release-quadratus-lumborum' says 'for 90 seconds', but its dose lasts 1 minute
          hint: give the dose in `dosage:` (`seconds: 90`) and take it out of the note, so the patient reads one number
        0 errors, 1 warning

        """)
    }

    @Test("a note that states another side than the dose")
    func sideInNote() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "    side: left\n  - id: glute-bridge", with: "    side: left\n    note: Work the right leg only for now.\n  - id: glute-bridge")
        let text = try await check(plan)
        #expect(text == """
        plans/sam.yaml:23:11: warning: the note on 'side-lying-hip-abduction' says 'right leg only', but its dose is for the left side only
          hint: give the dose in `dosage:` (`side: right`) and take it out of the note, so the patient reads one number
        0 errors, 1 warning

        """)
    }

    @Test("a dose override that gives two hold times")
    func twoHoldTimes() async throws {
        let text = try await check(Self.plan(bridge: "    dosage: {tempo: 2-2-2}\n"))
        #expect(text == """
        plans/sam.yaml:24:13: warning: the dose for 'glute-bridge' gives a 3-second hold and a 2-second pause in its tempo (2-2-2); the dose line then states two hold times
          hint: give one: remove `hold:`, or set the tempo's middle number to 0 (`tempo: 2-0-2`)
        0 errors, 1 warning

        """)
    }

    // MARK: Range

    @Test("a note that limits the range of a full-range step, with the easier version as the hint")
    func rangeWithVariant() async throws {
        let text = try await check(Self.plan(bridge: "    note: Lift your hips only a little, not all the way up.\n"),
                                   extra: ["integrate/small-glute-bridge"])
        #expect(text == """
        plans/sam.yaml:24:11: warning: the note on 'glute-bridge' says 'only a little', but step 3 goes the full range: 'Lift your hips until your body is a straight line from knees to shoulders.'
          hint: prescribe its easier version 'small-glute-bridge' (Small glute bridge) instead, or change the note
        0 errors, 1 warning

        """)
    }

    @Test("a range note without an easier version of the same kind; a step not marked full range is quiet")
    func rangeWithoutVariant() async throws {
        let text = try await check(Self.plan(bridge: "    note: Only go halfway up.\n"))
        #expect(text == """
        plans/sam.yaml:24:11: warning: the note on 'glute-bridge' says 'halfway', but step 3 goes the full range: 'Lift your hips until your body is a straight line from knees to shoulders.'
          hint: change the note, or add a smaller-range version to the catalogue (`hep exercises new ID`) and link it with `easier:`
        0 errors, 1 warning

        """)
        let unmarked = FixtureProject.plan.replacingOccurrences(of: "    side: left\n  - id: glute-bridge", with: "    side: left\n    note: Lift your leg only a little.\n  - id: glute-bridge")
        #expect(try await check(unmarked) == "")
    }

    @Test("full-range-steps must name a step of the exercise")
    func fullRangeStepOutOfRange() async throws {
        let fixture = try await FixtureProject(released: false)
        defer { fixture.remove() }
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "full-range-steps: [3]", with: "full-range-steps: [9]")
        let result = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        Exercises/catalogue.lock:1:1: warning: the catalogue has never been released
          hint: run `hep catalogue release --note "First release."` to record versions, so handouts can be reproduced
        Exercises/integrate/glute-bridge.md:31:20: error: 'full-range-steps' names step 9, but the exercise has 5 steps
          hint: list the numbers of the steps that go the full range, e.g. `full-range-steps: [3]`
        1 error, 1 warning

        """)
    }

    // MARK: Equipment

    @Test("a note that rules out equipment the starting position uses, with the easier version as the hint")
    func equipmentWithVariant() async throws {
        let plan = FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: sit-to-stand\n    note: Use the kitchen chair without arms.\n")
        let text = try await check(plan, extra: ["integrate/sit-to-stand-no-armrests"])
        #expect(text == """
        plans/sam.yaml:24:11: warning: the note on 'sit-to-stand' says 'without arms', but its starting position uses the armrests: 'Cross your arms over your chest, or use the armrests if you need them.'
          hint: prescribe its easier version 'sit-to-stand-no-armrests' (Sit to stand from a kitchen chair) instead, or change the note
        0 errors, 1 warning

        """)
    }

    @Test("an easier version of another kind is not offered for equipment; a step using a band")
    func equipmentWithoutVariant() async throws {
        // sit-to-stand's easier glute-bridge is in the fixture, but needs a mat, not a chair.
        let plan = FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: sit-to-stand\n    note: No armrests, please.\n")
        #expect(try await check(plan) == """
        plans/sam.yaml:24:11: warning: the note on 'sit-to-stand' says 'No armrests', but its starting position uses the armrests: 'Cross your arms over your chest, or use the armrests if you need them.'
          hint: change the note, or add a version without the armrests to the catalogue (`hep exercises new ID`) and link it with `easier:`
        0 errors, 1 warning

        """)
        let band = FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: band-ankle-eversion\n    side: right\n    note: Do it with no band at first.\n")
        let text = try await check(band, extra: ["activate/band-ankle-eversion"])
        #expect(text == """
        plans/sam.yaml:25:11: warning: the note on 'band-ankle-eversion' says 'no band', but its starting position uses a band: 'Tie the band into a loop.'
          hint: change the note, or add a version without a band to the catalogue (`hep exercises new ID`) and link it with `easier:`
        0 errors, 1 warning

        """)
    }

    // MARK: The catalogue's own dose

    @Test("an exercise whose default dose gives a hold and a tempo pause")
    func twoHoldTimesInCatalogue() async throws {
        let fixture = try await Self.fixture { fixture in
            try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "  rest: 45\n", with: "  rest: 45\n  tempo: 2-3-3\n")
        }
        defer { fixture.remove() }
        let result = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:12:3: warning: 'dosage' gives a 3-second hold and a 3-second pause in its tempo (2-3-3); the dose line then states two hold times
          hint: give one: remove `hold:`, or set the tempo's middle number to 0 (`tempo: 2-0-3`)
        0 errors, 1 warning

        """)
    }
}

/// What the note reader takes from common phrasings, and what it leaves alone.
@Suite("Reading notes")
struct NoteReadingTests {
    @Test("limits, not reports", arguments: [
        ("Only go to a very gentle stretch, 2 out of 10 at most.", [2]),
        ("A 3 out of 10 ache is plenty.", [3]),
        ("If your heel hurts more than 3 out of 10, sit down.", [3]),
        ("No more than 4/10.", [4]),
        ("Keep it under 3 out of 10.", [2]),
        ("The pain eased to 3 out of 10 by the end of the session.", []),
        ("Your headache eased from 6 to 3 out of 10.", []),
    ])
    func painLimits(_ note: String, _ limits: [Int]) {
        #expect(NoteReading.painLimits(in: note).map(\.value) == limits)
    }

    @Test("doses in words and digits")
    func doses() {
        let claims = NoteReading.doses(in: "Hold for ten seconds. Do it three times a day, 4 days a week, on the left side only.")
        #expect(claims.map(\.value) == [.hold(seconds: 10), .perDay(3), .daysPerWeek(4), .side(.left)])
        #expect(NoteReading.doses(in: "Your right leg will feel more wobbly. That is normal.").isEmpty)
        #expect(NoteReading.doses(in: "Do this barefoot, on both legs.").map(\.value) == [.side(.each)])
    }

    @Test("range and equipment words")
    func rangeAndEquipment() {
        #expect(NoteReading.rangeLimit(in: "Move only as far as feels easy. Small and slow is right.") == nil)
        #expect(NoteReading.rangeLimit(in: "Lift your hips only a little.") == "only a little")
        #expect(NoteReading.forbiddenEquipment(in: "Stand up without using your arms.").map(\.equipment.name) == ["the armrests"])
        #expect(NoteReading.forbiddenEquipment(in: "Two tennis balls in an old sock work well.").isEmpty)
    }
}
