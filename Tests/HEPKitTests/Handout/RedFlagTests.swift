import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Warning signs in two levels: every condition and region reviewed, composed per plan, and shown
/// emergency first in every output of every example handout.
@Suite("Red flags")
struct RedFlagTests {
    static func workspace() throws -> ProjectSnapshot {
        var diagnostics = DiagnosticList()
        return try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics), "\(diagnostics.report)")
    }

    /// The conditions and regions reviewed as needing only the general list.
    static let generalOnly: [Vocabulary.Kind: Set<String>] = [
        .conditions: ["desk-posture", "fibromyalgia", "hip-shoulder-compensation", "hypermobility", "stress-and-tension"],
        .regions: ["forearm", "upper-arm", "whole-body"],
    ]

    // MARK: The vocabulary

    @Test("every condition and region has its own reviewed red flags or is explicitly general-only")
    func everyTermReviewed() async throws {
        let vocabulary = try Self.workspace().catalogue.vocabulary
        for kind in [Vocabulary.Kind.conditions, .regions] {
            var general = Set<String>()
            for id in vocabulary.ids(kind) {
                let term = try #require(vocabulary.term(kind, id))
                switch try #require(term.redFlags, "\(kind.singular) \(id) has no red flags") {
                case .general:
                    general.insert(id)
                case .own(let levels):
                    let lines = levels.emergency + levels.today
                    #expect(!lines.isEmpty, "\(id)")
                    #expect(Set(lines.map(RedFlagLevels.key)).count == lines.count, "\(id) repeats a line")
                    for line in lines {
                        #expect(line.first?.isUppercase == true && !line.hasSuffix("."), "\(id): '\(line)' is not a short phrase")
                        #expect(!line.lowercased().contains("syndrome") && !line.lowercased().contains("thrombosis"),
                                "\(id): '\(line)' names a diagnosis, not what the patient notices")
                    }
                    let grade = ReadingGrade.score(lines).grade
                    #expect(grade <= 8, "\(id)'s red flags read at grade \(grade)")
                }
            }
            #expect(general == Self.generalOnly[kind], "\(kind.rawValue) marked `red-flags: general`")
        }
        // Muscles and equipment carry none.
        for kind in [Vocabulary.Kind.muscles, .equipment] {
            #expect(vocabulary.ids(kind).allSatisfy { vocabulary.term(kind, $0)?.redFlags == nil })
        }
    }

    @Test("the reviewed signs sit at the level current guidance gives them")
    func levelsFollowGuidance() async throws {
        let workspace = try Self.workspace()
        let vocabulary = workspace.catalogue.vocabulary
        func levels(_ kind: Vocabulary.Kind, _ id: String) throws -> RedFlagLevels {
            try #require(vocabulary.term(kind, id)?.redFlags).levels
        }
        func has(_ lines: [String], _ words: String) -> Bool { lines.contains { $0.lowercased().contains(words) } }
        // Cauda equina (NICE CKS sciatica, low back pain): emergency.
        for (kind, id) in [(Vocabulary.Kind.conditions, "chronic-low-back-pain"), (.conditions, "sciatica"), (.regions, "lower-back")] {
            let flags = try levels(kind, id)
            #expect(has(flags.emergency, "bladder or bowel") && has(flags.emergency, "between your legs") && has(flags.emergency, "both legs"), "\(id)")
        }
        #expect(has(try levels(.conditions, "chronic-low-back-pain").today, "fever"))
        // Thunderclap headache, meningism (NICE CKS headache): emergency; giant cell arteritis: today.
        for (kind, id) in [(Vocabulary.Kind.conditions, "tension-headache"), (.conditions, "migraine"), (.regions, "head")] {
            let flags = try levels(kind, id)
            #expect(has(flags.emergency, "worst headache you have ever had") && has(flags.emergency, "stiff neck"), "\(id)")
            #expect(has(flags.today, "tender scalp"), "\(id)")
        }
        // Cervical arterial dysfunction: emergency; myelopathy: today.
        let neck = try levels(.regions, "neck")
        #expect(has(neck.emergency, "double vision") && has(neck.emergency, "swallowing"))
        #expect(has(neck.today, "clumsy") && has(neck.today, "unsteady"))
        // Carpal tunnel: constant numbness and weakness of the thumb, today.
        let carpal = try levels(.conditions, "carpal-tunnel")
        #expect(carpal.emergency.isEmpty && has(carpal.today, "all the time") && has(carpal.today, "weak thumb"))
        // Heel and ankle: signs of a fracture or an infection, today.
        for id in ["plantar-fasciitis", "ankle-instability"] {
            let flags = try levels(.conditions, id)
            #expect(has(flags.today, "fall") && has(flags.today, "hot, red and swollen"), "\(id)")
        }
        #expect(vocabulary.term(.conditions, "fibromyalgia")?.redFlags == .general)
        // The general list: chest pain and trouble breathing under emergency, a possible clot the same day.
        let general = RedFlagLevels(emergency: workspace.wordings["en"]!.list("red-flags.emergency"),
                                    today: workspace.wordings["en"]!.list("red-flags.today"))
        #expect(has(general.emergency, "chest pain") && has(general.emergency, "trouble breathing") && has(general.emergency, "slurred speech"))
        #expect(!has(general.today, "chest") && has(general.today, "one calf") && has(general.today, "keeps getting worse"))
    }

    // MARK: Composition

    @Test("a plan's signs come first (conditions, then pain regions, in its order), then the general ones, each once")
    func composition() async throws {
        let workspace = try Self.workspace()
        let composer = try #require(workspace.composer(language: "en"))
        let vocabulary = workspace.catalogue.vocabulary
        let wording = try #require(workspace.wordings["en"])
        for name in GoldenHandoutTests.plans {
            var diagnostics = DiagnosticList()
            let plan = try #require(workspace.loadPlan(at: Repository.url("Examples/plans/\(name)"), into: &diagnostics))
            let flags = composer.redFlags(for: plan)
            // The sources in order: each condition, each pain region, then the general list.
            let sources = plan.conditions.compactMap { vocabulary.term(.conditions, $0.value)?.redFlags?.levels }
                + plan.pain.compactMap { vocabulary.term(.regions, $0.region.value)?.redFlags?.levels }
                + [RedFlagLevels(emergency: wording.list("red-flags.emergency"), today: wording.list("red-flags.today"))]
            var expected = (emergency: [String](), today: [String]())
            for source in sources {
                for line in source.emergency where !expected.emergency.contains(line) { expected.emergency.append(line) }
            }
            for source in sources {
                for line in source.today where !expected.emergency.contains(line) && !expected.today.contains(line) { expected.today.append(line) }
            }
            #expect(flags.emergency == expected.emergency, "\(name)")
            #expect(flags.today == expected.today, "\(name)")
            #expect(Set(flags.emergency).isDisjoint(with: flags.today), "\(name)")
            #expect(Array(flags.emergency.suffix(3)) == wording.list("red-flags.emergency"), "\(name): the general ones come last")
        }
        // Low back pain: the condition and the region share their signs; each is shown once.
        var diagnostics = DiagnosticList()
        let lowBack = try #require(workspace.loadPlan(at: Repository.url("Examples/plans/low-back-pain.yaml"), into: &diagnostics))
        let flags = composer.redFlags(for: lowBack)
        #expect(flags.emergency == [
            "Numbness or tingling between your legs, around your bottom or in your genitals",
            "New trouble starting to pee, or not feeling when you pee or when your bladder is full",
            "Losing control of your bladder or bowel, or leaking pee or poo",
            "New pain, numbness or weakness going down both legs",
            "Chest pain that feels like pressure, tightness or squeezing, or spreads to your arm, neck, jaw or back",
            "Trouble breathing, or suddenly feeling very short of breath",
            "Sudden weakness or numbness of your face, arm or leg, or slurred speech",
        ])
        #expect(flags.today == [
            "A fever or chills with your back pain",
            "Back pain that starts after a fall or a hard knock",
            "Pain that keeps getting worse, even when you rest",
            "New or spreading numbness, tingling or weakness",
            "Pain and swelling in one calf, often with warm, red or darker skin",
            "Feeling dizzy or faint, and it does not pass when you sit or lie down",
        ])
    }

    @Test("merging keeps each sign once, at its first place, and never under today once it is an emergency")
    func merging() {
        let first = RedFlagLevels(emergency: ["Chest pain"], today: ["A fever with your back pain", "Swelling"])
        let second = RedFlagLevels(emergency: ["Swelling", "chest pain."], today: ["A fever with your back pain", "Dizziness"])
        let merged = first.merged(with: second)
        #expect(merged.emergency == ["Chest pain", "Swelling"])
        #expect(merged.today == ["A fever with your back pain", "Dizziness"])
    }

    // MARK: Every example handout

    @Test("each example handout shows its conditions' and pain regions' red flags, emergency before today, in Markdown, HTML and text",
          arguments: GoldenHandoutTests.plans)
    func examples(_ name: String) async throws {
        let workspace = try Self.workspace()
        let vocabulary = workspace.catalogue.vocabulary
        var diagnostics = DiagnosticList()
        let plan = try #require(workspace.loadPlan(at: Repository.url("Examples/plans/\(name)"), into: &diagnostics))
        let handout = try GoldenHandoutTests.render(name)
        let wording = try #require(workspace.wordings["en"])
        // What the vocabulary and the wording say this plan must show, independent of the composer.
        var emergency = Set(wording.list("red-flags.emergency")), today = Set(wording.list("red-flags.today"))
        for levels in plan.conditions.compactMap({ vocabulary.term(.conditions, $0.value)?.redFlags?.levels })
            + plan.pain.compactMap({ vocabulary.term(.regions, $0.region.value)?.redFlags?.levels }) {
            emergency.formUnion(levels.emergency)
            today.formUnion(levels.today)
        }
        today.subtract(emergency)
        let own = (plan.conditions.compactMap { vocabulary.term(.conditions, $0.value)?.redFlags?.levels }
            + plan.pain.compactMap { vocabulary.term(.regions, $0.region.value)?.redFlags?.levels })
        #expect(own.contains { !($0.emergency + $0.today).isEmpty }, "\(name): the plan brings signs of its own")

        let flatText = handout.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for (output, text, emergencyHeading, todayHeading) in [
            ("Markdown", handout.markdown, "## Call emergency services now", "## Call us or your doctor today"),
            ("HTML", handout.html, ">Call emergency services now</h2>", ">Call us or your doctor today</h2>"),
            ("text", flatText, "CALL EMERGENCY SERVICES NOW Do not wait.", "CALL US OR YOUR DOCTOR TODAY Stop your exercises"),
        ] {
            let emergencyAt = try #require(text.range(of: emergencyHeading)?.lowerBound, "\(name) \(output): no emergency heading")
            let todayAt = try #require(text.range(of: todayHeading)?.lowerBound, "\(name) \(output): no today heading")
            #expect(emergencyAt < todayAt, "\(name) \(output): emergency comes first")
            for line in emergency {
                let ranges = text.ranges(of: line)
                #expect(ranges.count == 1, "\(name) \(output): '\(line)' shown \(ranges.count) times")
                if let at = ranges.first?.lowerBound { #expect(emergencyAt < at && at < todayAt, "\(name) \(output): '\(line)'") }
            }
            for line in today {
                let ranges = text.ranges(of: line)
                #expect(ranges.count == 1, "\(name) \(output): '\(line)' shown \(ranges.count) times")
                if let at = ranges.first?.lowerBound { #expect(todayAt < at, "\(name) \(output): '\(line)'") }
            }
        }
        // The emergency block is set apart: a bold lead line in a quote box.
        #expect(handout.markdown.contains("> **Do not wait. Call now for any of these:**\n"))
        #expect(handout.markdown.contains("**Stop your exercises and call the same day for any of these:**\n"))
        #expect(handout.html.contains("<blockquote style="))
    }
}
