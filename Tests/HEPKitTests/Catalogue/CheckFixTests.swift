import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// `hep check --fix`: empty steps removed and the rest renumbered, every other byte kept; files
/// with other errors left alone.
@Suite("hep check --fix")
struct CheckFixTests {
    static let bridge = "Exercises/integrate/glute-bridge.md"
    static let steps = """
    1. Breathe out and gently tighten your belly.
    2. Squeeze your buttocks.
    3. Lift your hips until your body is a straight line from knees to shoulders.
    4. Hold. Keep breathing.
    5. Breathe in and lower your hips slowly to the mat.
    """

    static func fix(_ fixture: FixtureProject) async throws -> CommandResult {
        try await #require(try HEP.parseAsRoot(["check", "--fix", "--project", fixture.root.path]) as? HEP.Check).result()
    }

    @Test("drops an empty step and renumbers the steps after it, changing nothing else")
    func emptyStep() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge", "integrate/sit-to-stand"])
        defer { fixture.remove() }
        let original = try fixture.read(Self.bridge)
        let other = try fixture.read("Exercises/integrate/sit-to-stand.md")
        try fixture.edit(Self.bridge, replacing: Self.steps, with: """
        1. Breathe out and gently tighten your belly.
        2. Squeeze your buttocks.
        3. Lift your hips until your body is a straight line from knees to shoulders.
        4.
        5. Hold. Keep breathing.
        6.
        7. Breathe in and lower your hips slowly to the mat.
        """)
        let result = try await Self.fix(fixture)
        #expect(result.output == [
            "Exercises/integrate/glute-bridge.md: removed empty steps 4 and 6, renumbered the steps after them (5 steps now)",
            "Checked 2 exercises.",
            "No problems found.",
        ])
        #expect(try fixture.read(Self.bridge) == original, "the file is the original again, byte for byte")
        #expect(try fixture.read("Exercises/integrate/sit-to-stand.md") == other)
        #expect(result.errorText == "", "the original text is the released one: \(result.errorText)")
        let again = try await Self.fix(fixture)
        #expect(again.output == ["Nothing to fix.", "Checked 2 exercises.", "No problems found."])
    }

    @Test("the fixed file is the text without the empty step")
    func fixedText() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "4. Hold. Keep breathing.", with: "4.")
        let before = try fixture.read(Self.bridge)
        let result = try await Self.fix(fixture)
        #expect(result.output.first == "Exercises/integrate/glute-bridge.md: removed empty step 4, renumbered the steps after it (4 steps now)")
        #expect(try fixture.read(Self.bridge) == before.replacingOccurrences(
            of: "4.\n5. Breathe in and lower your hips slowly to the mat.", with: "4. Breathe in and lower your hips slowly to the mat."))
        // The text changed since its release: the check says so, as for any edit.
        #expect(result.errorText.contains("error: 'glute-bridge' changed since version 4 was released, but its version is still 4"))
    }

    @Test("a file with another error is left alone")
    func leftAlone() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "4. Hold. Keep breathing.", with: "4.")
        try fixture.edit(Self.bridge, replacing: "phase: integrate", with: "phase: integrat")
        let before = try fixture.read(Self.bridge)
        let result = try await Self.fix(fixture)
        #expect(try fixture.read(Self.bridge) == before)
        #expect(result.output.first == "Exercises/integrate/glute-bridge.md: not fixed: it has other errors; fix those first")
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("error: step 4 in the `## Steps` list is empty"))
    }

    @Test("full-range steps that would be renumbered keep the file as it is")
    func fullRange() async throws {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"])
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "2. Squeeze your buttocks.", with: "2.")
        let before = try fixture.read(Self.bridge)
        let result = try await Self.fix(fixture)
        #expect(result.output.first == "Exercises/integrate/glute-bridge.md: not fixed: its `full-range-steps:` names step 3, which would be renumbered; fix it by hand")
        #expect(try fixture.read(Self.bridge) == before)
    }
}
