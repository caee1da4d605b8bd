import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Each warning the practitioner can get about a program, with its full text.
@Suite("Practitioner warnings")
struct AdviceTests {
    /// `hep check` of the fixture plan after `change`; returns standard error.
    func check(_ plan: String, _ change: (FixtureProject) throws -> Void = { _ in }) async throws -> String {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let url = try fixture.write("plans/sam.yaml", plan)
        try change(fixture)
        let result = await CheckCommand.run(plans: [url.path], project: fixture.project)
        #expect(result.exitCode == 0, "warnings never fail a check")
        return result.errorText
    }

    static let plan = FixtureProject.plan

    @Test("more than 4 exercises")
    func tooMany() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: "follow-up:", with: """
          - id: clamshell
            side: left
          - id: pelvic-tilt
        follow-up:
        """))
        #expect(text == """
        plans/sam.yaml:19:1: warning: 5 exercises; more than 4 lowers how many patients keep doing them
          hint: keep the 4 that matter most; patients keep doing short programs
        0 errors, 1 warning

        """)
    }

    @Test("more minutes a day than the clinic's limit")
    func minutes() async throws {
        let text = try await check(Self.plan) { fixture in
            try fixture.edit("Templates/clinic.yaml", replacing: "maximum-minutes-per-day: 30", with: "maximum-minutes-per-day: 5")
        }
        #expect(text == """
        plans/sam.yaml:19:1: warning: about 8 minutes a day; more than 5 is hard to keep up at home
          hint: lower sets, holds or times a day, or drop an exercise
        0 errors, 1 warning

        """)
    }

    @Test("an exercise whose precautions match a condition in the plan")
    func contraindication() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: "goals:", with: "conditions: [osteoporosis]\ngoals:"))
        #expect(text.hasPrefix("""
        plans/sam.yaml:20:9: warning: 'ball-release-quadratus-lumborum' is not advised with osteoporosis, which this plan records
          hint: its precautions:
        """))
        #expect(text.hasSuffix("Choose another exercise (`hep suggest` skips it), or remove the condition if it no longer applies.\n0 errors, 1 warning\n"))
    }

    @Test("releasing a muscle recorded inhibited")
    func releaseInhibited() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: """
            - muscle: quadratus-lumborum
              side: right
              status: overactive
        """, with: """
            - muscle: quadratus-lumborum
              side: right
              status: inhibited
        """))
        #expect(text == """
        plans/sam.yaml:13:15: warning: no exercise addresses the right quadratus lumborum, recorded inhibited
          hint: add one (`hep suggest plans/sam.yaml` proposes some), or link one with `addresses: quadratus-lumborum`
        plans/sam.yaml:19:9: warning: 'ball-release-quadratus-lumborum' releases the right quadratus lumborum, recorded inhibited
          hint: release only what is overactive; activate an inhibited muscle instead (`hep suggest` lists options)
        0 errors, 2 warnings

        """)
    }

    @Test("activating a muscle recorded overactive")
    func activateOveractive() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: """
            - muscle: gluteus-medius
              side: left
              status: inhibited
        """, with: """
            - muscle: gluteus-medius
              side: left
              status: overactive
        """))
        #expect(text == """
        plans/sam.yaml:10:15: warning: no exercise addresses the left gluteus medius, recorded overactive
          hint: add one (`hep suggest plans/sam.yaml` proposes some), or link one with `addresses: gluteus-medius`
        plans/sam.yaml:21:9: warning: 'side-lying-hip-abduction' activates the left gluteus medius, recorded overactive
          hint: activate only what is inhibited; release an overactive muscle first (`hep suggest` lists options)
        0 errors, 2 warnings

        """)
    }

    @Test("a muscle finding no exercise addresses")
    func unaddressedMuscle() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: "goals:", with: """
        goals:
        """).replacingOccurrences(of: "      status: overactive\n", with: """
              status: overactive
            - muscle: deep-neck-flexors
              side: both
              status: inhibited

        """))
        #expect(text == """
        plans/sam.yaml:16:15: warning: no exercise addresses the deep neck flexors on both sides, recorded inhibited
          hint: add one (`hep suggest plans/sam.yaml` proposes some), or link one with `addresses: deep-neck-flexors`
        0 errors, 1 warning

        """)
    }

    @Test("pain in a region no exercise works on")
    func unaddressedPain() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: "goals:", with: """
          pain:
            - region: neck
              score: 4
        goals:
        """).replacingOccurrences(of: "      status: overactive\n  pain:", with: "      status: overactive\n  pain:"))
        #expect(text == """
        plans/sam.yaml:17:15: warning: no exercise works on the neck, where this plan records pain 4/10
          hint: add an exercise for that region, or link one with `addresses: neck`
        0 errors, 1 warning

        """)
    }

    @Test("an exercise on the other side from its finding")
    func wrongSide() async throws {
        let text = try await check(Self.plan.replacingOccurrences(of: "  - id: side-lying-hip-abduction\n    side: left",
                                                             with: "  - id: side-lying-hip-abduction\n    side: right"))
        #expect(text == """
        plans/sam.yaml:10:15: warning: no exercise addresses the left gluteus medius, recorded inhibited
          hint: add one (`hep suggest plans/sam.yaml` proposes some), or link one with `addresses: gluteus-medius`
        plans/sam.yaml:21:9: warning: 'side-lying-hip-abduction' is prescribed on the right side, but the left gluteus medius, recorded inhibited
          hint: set `side: left`, or record the finding on the right side too
        0 errors, 2 warnings

        """)
    }
}

