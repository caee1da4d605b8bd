import Foundation
import Testing
@testable import HEPKit

/// The plan editor's form model: reading a plan, writing it back keeping what did not change, and
/// patient text always written as data.
@Suite("Plan draft")
struct PlanDraftTests {
    static let examples = ["ankle-instability", "carpal-tunnel", "fibromyalgia", "low-back-pain", "plantar-fasciitis", "tension-headache"]

    func example(_ name: String) throws -> String {
        try String(contentsOf: Repository.url("Examples/plans/\(name).yaml"), encoding: .utf8)
    }

    /// Lines of `b` that are not in `a` at the same place, as a simple list of (removed, added).
    func changes(_ a: String, _ b: String) -> (removed: [String], added: [String]) {
        let old = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prefix = 0
        while prefix < min(old.count, new.count), old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(old.count, new.count) - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        return (Array(old[prefix..<(old.count - suffix)]), Array(new[prefix..<(new.count - suffix)]))
    }

    @Test("every example plan reads and writes back byte for byte", arguments: examples)
    func roundTrip(_ name: String) throws {
        let text = try example(name)
        let draft = try PlanDraft(text: text, file: "plan.yaml")
        #expect(draft.text(keeping: text) == text)
    }

    @Test("a plan written from scratch reads back as the same draft", arguments: examples)
    func canonical(_ name: String) throws {
        let draft = try PlanDraft(text: try example(name), file: "plan.yaml")
        let written = draft.text()
        #expect(try PlanDraft(text: written, file: "plan.yaml") == draft)
        var diagnostics = DiagnosticList()
        #expect(Plan.parse(written, file: "plan.yaml", into: &diagnostics) != nil, "\(diagnostics.sorted.map(\.message))")
    }

    @Test("changing one field rewrites only its line; comments stay")
    func oneField() throws {
        let text = try example("low-back-pain")
        var draft = try PlanDraft(text: text, file: "plan.yaml")
        draft.patient.preferredName = "Meg"
        let written = draft.text(keeping: text)
        #expect(written.hasPrefix("# Chronic low back pain"))
        let diff = changes(text, written)
        #expect(diff.removed == ["  preferred-name: Maggie"])
        #expect(diff.added == ["  preferred-name: Meg"])
    }

    @Test("changing one exercise's dose rewrites only that item")
    func oneItem() throws {
        let text = try example("low-back-pain")
        var draft = try PlanDraft(text: text, file: "plan.yaml")
        draft.exercises[2].dosage["sets"] = "3"
        let diff = changes(text, draft.text(keeping: text))
        #expect(diff.removed == ["    dosage: {sets: 2, reps: 10}"])
        #expect(diff.added == ["    dosage: {sets: 3, reps: 10}"])
    }

    @Test("adding, moving and removing exercises keeps the other items as written, comments included")
    func listEdits() throws {
        let text = """
        patient: {id: p1, name: Sam Lee}
        session:
          date: 2026-12-02
        exercises:
          # first, to loosen up
          - id: cat-cow
            dosage: {sets: 1}   # gently
          - id: glute-bridge
        # the end
        """ + "\n"
        var draft = try PlanDraft(text: text, file: "plan.yaml")
        draft.exercises.swapAt(0, 1)
        draft.exercises.append(PlanDraft.Exercise(id: "clamshell", side: "left", addresses: "gluteus-medius"))
        #expect(draft.text(keeping: text) == """
        patient: {id: p1, name: Sam Lee}
        session:
          date: 2026-12-02
        exercises:
          - id: glute-bridge
          # first, to loosen up
          - id: cat-cow
            dosage: {sets: 1}   # gently
          - id: clamshell
            side: left
            addresses: gluteus-medius
        # the end

        """)
        draft.exercises.remove(at: 1)
        #expect(draft.text(keeping: text).contains("# first") == false)
    }

    @Test("a new key goes after the key before it in the usual order")
    func newKeys() throws {
        let text = "# Sam\npatient:\n  id: p1\n  name: Sam Lee\nsession:\n  date: 2026-12-02\nexercises:\n  - id: cat-cow\n"
        var draft = try PlanDraft(text: text, file: "plan.yaml")
        draft.goals = ["Sleep through the night"]
        draft.patient.email = "sam@example.com"
        draft.muscles = [PlanDraft.Muscle(muscle: "gluteus-medius", side: "left", status: "inhibited")]
        #expect(draft.text(keeping: text) == """
        # Sam
        patient:
          id: p1
          name: Sam Lee
          email: sam@example.com
        session:
          date: 2026-12-02
        findings:
          muscles:
            - muscle: gluteus-medius
              side: left
              status: inhibited
        goals:
          - Sleep through the night
        exercises:
          - id: cat-cow

        """)
    }

    static let hostile = [
        "<script>alert(1)</script>", "a: b # c", "- leading dash", "\"quoted\" and 'single'", "line one\nline two\r\nthree",
        "*alias", "&anchor", "!tag", "| pipe", "> fold", "%directive", "@at", "`tick`", "{flow: map}", "[flow, list]",
        "yes", "null", "~", "12", "2026-12-02", "trailing colon:", " spaces ", "tab\there", "\u{2028}sep", "#hash", "? key", ",comma",
        "back\\slash", "emoji 🙂 and ü", "\u{0}nul\u{7}bell",
    ]

    @Test("hostile text round-trips as data, never YAML structure", arguments: hostile)
    func hostileText(_ value: String) throws {
        var draft = PlanDraft()
        draft.patient.id = "p1"
        draft.patient.name = value
        draft.sessionDate = "2026-12-02"
        draft.goals = [value, "second"]
        draft.conditions = [value]
        draft.exercises = [PlanDraft.Exercise(id: "cat-cow", note: value)]
        draft.exercises[0].dosage["sets"] = value
        draft.muscles = [PlanDraft.Muscle(muscle: "gluteus-medius", side: "left", status: "inhibited", test: value, note: value)]
        let written = draft.text()
        let back = try PlanDraft(text: written, file: "plan.yaml")
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        #expect(back.patient.name == trimmed)
        #expect(back.goals == [trimmed, "second"])
        #expect(back.conditions == [trimmed])
        #expect(back.exercises.map(\.note) == [trimmed])
        #expect(back.exercises.first?.dosage["sets"] == trimmed)
        #expect(back.muscles.first?.note == trimmed)
        #expect(back.muscles.first?.test == trimmed)
        #expect(back.exercises.count == 1 && back.muscles.count == 1)
        // And kept text: writing the read-back draft changes nothing.
        #expect(back.text(keeping: written) == written)
    }

    @Test("text that is not YAML is refused with the loader's located error")
    func notYAML() throws {
        #expect(throws: PlanDraft.OpenError.self) { try PlanDraft(text: "patient: [unclosed\n", file: "plans/x.yaml") }
        #expect(try PlanDraft(text: "", file: "x.yaml") == PlanDraft())
    }
}
