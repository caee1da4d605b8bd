import Foundation
import Testing
@_spi(Fuzzing) @testable import HEPKit
@testable import hep

/// A tiny catalogue made for these tests: what each exercise targets is chosen to test one rule.
struct SuggestFixture {
    let fixture: FixtureProject

    init() async throws {
        fixture = try await FixtureProject(exercises: [])
        let exercises: [(id: String, phase: String, targets: String, regions: String, equipment: String, extra: String)] = [
            ("release-ql-ball", "release", "quadratus-lumborum", "lower-back", "massage-ball, wall", ""),
            ("release-ql-roller", "release", "quadratus-lumborum, erector-spinae", "lower-back", "foam-roller", ""),
            ("stretch-ql", "lengthen", "quadratus-lumborum", "lower-back", "", ""),
            ("release-glutes", "release", "gluteus-medius, piriformis", "buttock", "massage-ball", ""),
            ("release-piriformis", "release", "piriformis", "buttock", "massage-ball", ""),
            ("activate-glute-med", "activate", "gluteus-medius", "hip", "mat", ""),
            ("activate-glute-med-band", "activate", "gluteus-medius, tensor-fasciae-latae", "hip", "resistance-band", ""),
            ("activate-glute-med-wall", "activate", "gluteus-medius", "hip, knee", "wall", "contraindications: [osteoporosis]\n"),
            ("bridge", "integrate", "gluteus-maximus, gluteus-medius", "buttock, lower-back", "mat", ""),
            ("squat", "integrate", "quadriceps, gluteus-maximus", "knee, thigh", "chair", ""),
            ("neck-nod", "activate", "deep-neck-flexors", "neck", "", ""),
        ]
        for exercise in exercises {
            try fixture.write("Exercises/\(exercise.id).md", Self.exercise(exercise.id, exercise.phase, exercise.targets, exercise.regions,
                                                                             exercise.equipment, exercise.extra))
        }
    }

    static func exercise(_ id: String, _ phase: String, _ targets: String, _ regions: String, _ equipment: String, _ extra: String) -> String {
        """
        ---
        id: \(id)
        version: 1
        title: \(id.replacingOccurrences(of: "-", with: " ").capitalized)
        purpose: Helps you move well.
        phase: \(phase)
        regions: [\(regions)]
        targets: [\(targets)]
        conditions: []
        equipment: [\(equipment)]
        dosage:
          sets: 2
          reps: 10
          side: each
          per-day: 1
          days-per-week: 5
        feel:
          - Gentle work.
        mistakes:
          - Going too fast.
        stop-if:
          - You feel sharp pain.
        easier: []
        harder: []
        precautions:
          - None known.
        \(extra)changelog:
          - version: 1
            date: 2026-11-29
            note: First version.
            safety: false
        ---
        ## Starting position

        Stand tall.

        ## Steps

        1. Move slowly.
        2. Breathe out.
        3. Come back.

        """
    }

    static let plan = """
    # Low back: QL overactive on the right, glute med inhibited on the left.
    patient:
      id: s-001
      name: Sam Suggest
    session:
      date: 2026-11-20
    findings:
      muscles:
        - muscle: quadratus-lumborum
          side: right
          status: overactive
        - muscle: gluteus-medius
          side: left
          status: inhibited
      pain:
        - region: lower-back
          score: 5
    conditions: [osteoporosis]
    equipment: [massage-ball, mat]

    # The practitioner's own pick so far.
    exercises:
      - id: bridge   # keep this one
        dosage: {sets: 2}

    advice:
      - Walk every day.

    """

    func suggest(_ planText: String = SuggestFixture.plan, perFinding: Int = 5) async throws -> [Suggester.Group] {
        var diagnostics = DiagnosticList()
        let workspace = try #require(ProjectSnapshot.load(fixture.project, into: &diagnostics), "\(diagnostics.report)")
        let plan = try #require(Plan.parse(planText, file: "plan.yaml", into: &diagnostics), "\(diagnostics.report)")
        await workspace.catalogue.loadAll(into: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.report)")
        return Suggester(vocabulary: workspace.catalogue.vocabulary, exercises: workspace.catalogue.loaded, perFinding: perFinding)
            .suggest(for: plan)
    }
}

@Suite("hep suggest")
struct SuggestTests {
    @Test("groups follow the findings: release for overactive, activate for inhibited, then integrate")
    func groups() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let groups = try await setup.suggest()
        #expect(groups.map(\.heading) == ["Right quadratus lumborum, recorded overactive", "Left gluteus medius, recorded inhibited", "Integrate"])
    }

    @Test("releases rank before stretches; equipment the patient lacks filters (household items never do)")
    func releaseRanking() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let release = try await #require(try setup.suggest().first)
        // release-ql-roller needs a foam roller, which the patient does not have; the wall is household.
        #expect(release.suggestions.map(\.exercise.id) == ["release-ql-ball", "stretch-ql"])
        #expect(release.suggestions.map(\.side) == [.right, .right])
        #expect(release.suggestions.map(\.reason) == ["releases right quadratus lumborum, recorded overactive",
                                                      "lengthens right quadratus lumborum, recorded overactive"])
    }

    @Test("a muscle recorded inhibited is never released, on the side it was recorded")
    func neverReleaseInhibited() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let plan = SuggestFixture.plan.replacingOccurrences(of: """
            - muscle: gluteus-medius
              side: left
              status: inhibited
        """, with: """
            - muscle: gluteus-medius
              side: left
              status: inhibited
            - muscle: piriformis
              side: left
              status: overactive
        """)
        let groups = try await setup.suggest(plan)
        let piriformis = try #require(groups.first { $0.heading.hasPrefix("Left piriformis") })
        // release-glutes also presses on the gluteus medius, recorded inhibited on the left: never offered.
        #expect(piriformis.suggestions.map(\.exercise.id) == ["release-piriformis"])
        // On the right side the same release is fine: the inhibition was recorded on the left.
        let right = try await setup.suggest(plan.replacingOccurrences(of: "piriformis\n      side: left", with: "piriformis\n      side: right"))
        let rightPiriformis = try #require(right.first { $0.heading.hasPrefix("Right piriformis") })
        #expect(rightPiriformis.suggestions.map(\.exercise.id) == ["release-piriformis", "release-glutes"]
            || rightPiriformis.suggestions.map(\.exercise.id) == ["release-glutes", "release-piriformis"])
    }

    @Test("activation is ranked and filtered: contraindications drop, targeting an overactive muscle ranks lower")
    func activation() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        var plan = SuggestFixture.plan.replacingOccurrences(of: "equipment: [massage-ball, mat]", with: "equipment: [massage-ball, mat, resistance-band]")
        plan = plan.replacingOccurrences(of: """
            - muscle: gluteus-medius
        """, with: """
            - muscle: tensor-fasciae-latae
              side: left
              status: overactive
            - muscle: gluteus-medius
        """)
        let groups = try await setup.suggest(plan)
        let activate = try #require(groups.first { $0.heading == "Left gluteus medius, recorded inhibited" })
        // activate-glute-med-wall is contraindicated with osteoporosis, recorded in the plan.
        #expect(activate.suggestions.map(\.exercise.id) == ["activate-glute-med", "activate-glute-med-band"])
        #expect(activate.suggestions.allSatisfy { $0.side == .left && $0.addresses == "gluteus-medius" })
        #expect(activate.suggestions[0].reason == "activates left gluteus medius, recorded inhibited")
    }

    @Test("integration uses the inhibited muscles and the painful regions; what the plan has is marked")
    func integration() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let integrate = try await #require(try setup.suggest().last)
        #expect(integrate.suggestions.map(\.exercise.id) == ["bridge"])
        #expect(integrate.suggestions[0].inPlan)
        #expect(integrate.suggestions[0].reason == "puts left gluteus medius, recorded inhibited, to work in a whole movement")
    }

    @Test("the picks skip findings the plan already covers, and print as plan YAML")
    func picks() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let picks = await Suggester.picks(try setup.suggest())
        #expect(Suggester.yaml(for: picks) == """
          - id: release-ql-ball
            side: right
            addresses: quadratus-lumborum
          - id: activate-glute-med
            side: left
            addresses: gluteus-medius

        """)
    }

    @Test("--write adds the picks to the plan, keeping its comments, order and formatting")
    func write() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let url = try setup.fixture.write("plans/sam.yaml", SuggestFixture.plan)
        let result = await SuggestCommand.run(plan: url.path, project: setup.fixture.project, write: true)
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(result.output.last == "Added to plans/sam.yaml: release-ql-ball, activate-glute-med.")
        Snapshot.assert(try setup.fixture.read("plans/sam.yaml"), named: "suggest/written-plan.yaml")
        // Running it again adds nothing: every finding is covered now.
        let again = await SuggestCommand.run(plan: url.path, project: setup.fixture.project, write: true)
        #expect(again.output.last == "Every finding already has an exercise in the plan.")
    }

    @Test("the printed suggestions, in full")
    func printed() async throws {
        let setup = try await SuggestFixture()
        defer { setup.fixture.remove() }
        let url = try setup.fixture.write("plans/sam.yaml", SuggestFixture.plan)
        let result = await SuggestCommand.run(plan: url.path, project: setup.fixture.project)
        #expect(result.outputText == """
        Suggestions for plans/sam.yaml:

        Right quadratus lumborum, recorded overactive:
          1. release-ql-ball  release, right: releases right quadratus lumborum, recorded overactive
          2. stretch-ql       lengthen, right: lengthens right quadratus lumborum, recorded overactive

        Left gluteus medius, recorded inhibited:
          1. activate-glute-med  activate, left: activates left gluteus medius, recorded inhibited

        Integrate:
          1. bridge  integrate, left: puts left gluteus medius, recorded inhibited, to work in a whole movement  (already in the plan)

        Plan YAML for the top pick of each finding (paste under `exercises:`, or run with --write):
          - id: release-ql-ball
            side: right
            addresses: quadratus-lumborum
          - id: activate-glute-med
            side: left
            addresses: gluteus-medius

        """)
    }

    @Test("a plan with a one-line exercises list is not rewritten")
    func flowList() async throws {
        #expect(throws: PlanEditor.EditError.self) {
            _ = try PlanEditor.adding([Suggester.Suggestion(exercise: try Self.anyExercise(), side: .left, addresses: "", reason: "", score: 0, inPlan: false)],
                                      to: "exercises: [{id: bridge}]\n")
        }
    }

    static func anyExercise() throws -> Exercise {
        var diagnostics = DiagnosticList()
        return try #require(Exercise.parse(SuggestFixture.exercise("bridge", "integrate", "gluteus-maximus", "buttock", "", ""),
                                           file: "bridge.md", expectedID: "bridge", into: &diagnostics))
    }
}
