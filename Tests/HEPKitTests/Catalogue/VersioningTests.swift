import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Every change versioned, every handout reproducible, safety corrections traceable.
@Suite("Versioned catalogue")
struct VersioningTests {
    static let bridge = "Exercises/integrate/glute-bridge.md"
    static let date = CalendarDate(year: 2026, month: 12, day: 1)

    func check(_ fixture: FixtureProject) async -> CommandResult {
        await CheckCommand.run(plans: [], project: fixture.project)
    }

    @Test("content changed without a version bump")
    func changedWithoutBump() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        let result = await check(fixture)
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:3:10: error: 'glute-bridge' changed since version 4 was released, but its version is still 4
          hint: run `hep catalogue release --note "what changed"` (add --safety for a safety change) to make it version 5
        1 error, 0 warnings

        """)
    }

    @Test("a version that goes down")
    func versionDown() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        _ = await ReleaseCommand.run(project: fixture.project, note: "Gentler cue.", safety: false, date: Self.date)
        try fixture.edit(Self.bridge, replacing: "version: 5\ntitle", with: "version: 4\ntitle")
        let result = await check(fixture)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:3:10: error: 'glute-bridge' is at version 4, but version 5 was already released; versions never go down
          hint: set `version: 6` and describe the change in the changelog, or restore the released text
        1 error, 0 warnings

        """)
    }

    @Test("an id that disappears")
    func idGone() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.url("Exercises/mobility/pelvic-tilt.md"))
        let result = await check(fixture)
        let line = try fixture.read(CatalogueLock.path).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("\"pelvic-tilt\"") }.map { $0 + 1 } ?? 0
        #expect(result.errorText.contains("""
        Exercises/catalogue.lock:\(line):1: error: exercise 'pelvic-tilt' (version 2) was released, but its file is gone
          hint: ids are never deleted: restore the file and retire it with `retired: true` and `replaced-by: NEW-ID`
        """))
        #expect(result.exitCode == 1)
    }

    @Test("the current version has no changelog entry")
    func noChangelogEntry() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "version: 4\ntitle", with: "version: 5\ntitle")
        let result = await check(fixture)
        #expect(result.errorText == """
        Exercises/integrate/glute-bridge.md:1:1: error: version 5 has no changelog entry
          hint: add a changelog entry with `version: 5` describing the change
        1 error, 0 warnings

        """)
    }

    @Test("release, then edit: check fails; release again: check passes, lock and archive updated")
    func releaseCycle() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        #expect(await check(fixture).diagnostics.all.isEmpty)
        let before = try #require(CatalogueLock.load(fixture.project, into: &Self.ignored)?.entry("glute-bridge"))
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        #expect(await check(fixture).exitCode == 1)

        let noNote = await ReleaseCommand.run(project: fixture.project, note: nil, safety: false, date: Self.date)
        #expect(noNote.exitCode == 1)
        #expect(noNote.errorText.contains("error: 1 changed exercise needs a changelog note: glute-bridge"))
        #expect(noNote.output == ["Nothing was released."])

        let release = await ReleaseCommand.run(project: fixture.project, note: "Squeeze gently: a hard squeeze cramped some hamstrings.", safety: true, date: Self.date)
        #expect(release.exitCode == 0, "\(release.errorText)")
        #expect(release.output == ["Released catalogue 2026.12.01: 1 exercise version.", "  glute-bridge v5",
                                   "Commit the exercise files, Exercises/catalogue.lock, Exercises/catalogue.yaml and Exercises/archive/ together."])
        let checked = await check(fixture)
        #expect(checked.diagnostics.all.isEmpty, "\(checked.errorText)")

        let text = try fixture.read(Self.bridge)
        #expect(text.contains("version: 5\n"))
        #expect(text.contains("""
          - version: 5
            date: 2026-12-01
            note: "Squeeze gently: a hard squeeze cramped some hamstrings."
            safety: true
        ---
        """))
        let after = try #require(CatalogueLock.load(fixture.project, into: &Self.ignored)?.entry("glute-bridge"))
        #expect(after.version == 5)
        #expect(after.released["4"] == before.sha256)
        #expect(after.released["5"] == after.sha256)
        let pictures = try #require(fixture.project.exercise("glute-bridge")).images.map(\.sha256)
        #expect(after.sha256 == Exercise.contentHash(text: text, pictures: pictures), "the text and the picture it shows")
        #expect(CatalogueArchive.text(for: before.sha256, in: fixture.project)?.contains("Squeeze your buttocks.\n") == true)
        #expect(CatalogueArchive.text(for: after.sha256, in: fixture.project) == text)
        #expect(try fixture.read("Exercises/catalogue.yaml").contains("version: \"2026.12.01\""))
        // Nothing changed: a second release says so and writes nothing.
        #expect(await ReleaseCommand.run(project: fixture.project, note: nil, safety: false, date: Self.date).output == ["Nothing changed since the last release."])
    }

    @Test("a release keeps catalogue.yaml readable when it has Windows line ends")
    func releaseWithCRLF() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.write("Exercises/catalogue.yaml", try fixture.read("Exercises/catalogue.yaml").replacingOccurrences(of: "\n", with: "\r\n"))
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        #expect(await ReleaseCommand.run(project: fixture.project, note: "Gentler.", safety: false, date: Self.date).exitCode == 0)
        #expect(try fixture.read("Exercises/catalogue.yaml") == "name: fixture catalogue\nversion: \"2026.12.01\"\n")
        #expect(await check(fixture).diagnostics.all.isEmpty)
    }

    @Test("a handout issued before an edit is reproduced byte for byte, and hep outdated lists it with the note")
    func reproduceAndOutdated() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let issued = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        let folder = try #require(issued.output.first)
        // The catalogue moves on: a wording change to the QL release, then a safety correction to the bridge.
        try fixture.edit("Exercises/release/ball-release-quadratus-lumborum.md", replacing: "Stand with your back to a wall.", with: "Stand with your back against a wall.")
        #expect(await ReleaseCommand.run(project: fixture.project, note: "Clearer start.", safety: false, date: Self.date).exitCode == 0)
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        #expect(await ReleaseCommand.run(project: fixture.project, note: "Squeeze gently.", safety: true, date: Self.date).exitCode == 0)
        // The plan changes too: reproduction uses the copy kept with the handout.
        try fixture.write("plans/sam.yaml", FixtureProject.plan.replacingOccurrences(of: "Walk without pain", with: "Run again"))

        let reproduced = ReproduceCommand.run(path: fixture.url(folder).path, project: fixture.project)
        #expect(reproduced.exitCode == 0, "\(reproduced.outputText)\(reproduced.errorText)")
        #expect(reproduced.output == ["\(folder.dropLast()): reproduced byte for byte (3 exercises, catalogue 2026.11.29)."])

        let outdated = OutdatedCommand.run(project: fixture.project, output: nil, safetyOnly: false)
        #expect(outdated.output == [
            "\(folder) [safety]",
            "  ball-release-quadratus-lumborum v2 -> v3 2026-12-01: Clearer start.",
            "  glute-bridge v4 -> v5 [safety] 2026-12-01: Squeeze gently.",
            "1 handout uses exercises that changed since.",
        ])
        let safety = OutdatedCommand.run(project: fixture.project, output: nil, safetyOnly: true)
        #expect(safety.output == ["\(folder) [safety]", "  glute-bridge v4 -> v5 [safety] 2026-12-01: Squeeze gently.",
                                  "1 handout uses exercises that changed since for safety."])
    }

    @Test("reproduction says what differs when the templates changed since")
    func reproduceDiffers() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let folder = try #require(await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil).output.first)
        try fixture.edit("Templates/wording/en.yaml", replacing: "greeting: \"Hi {name},\"", with: "greeting: \"Hello {name},\"")
        let result = ReproduceCommand.run(path: fixture.url(folder).path, project: fixture.project)
        #expect(result.exitCode == 1)
        #expect(result.output.first == "\(folder.dropLast()): NOT reproduced:")
        #expect(result.output.last == "  - Templates/wording/en.yaml changed since the handout was issued")
        #expect(result.output.contains("  - handout.md differs at line 3: issued \"Hi Sam,\", now \"Hello Sam,\""))
    }

    @Test("a plan may pin an older version; a retired exercise points to its replacement")
    func pinnedAndRetired() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        #expect(await ReleaseCommand.run(project: fixture.project, note: "Gentler.", safety: false, date: Self.date).exitCode == 0)
        let pinned = try fixture.write("plans/pinned.yaml", FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n    version: 4\n"))
        let result = await RenderCommand.run(plans: [pinned.path], project: fixture.project, output: nil)
        #expect(result.exitCode == 0, "\(result.errorText)")
        let markdown = try fixture.read(try #require(result.output.first) + "handout.md")
        #expect(markdown.contains("Squeeze your buttocks.\n"))
        let folder = try #require(result.output.first)
        let manifest = try #require(Manifest.read(from: fixture.url(folder)))
        #expect(manifest.exercises.first { $0.id == "glute-bridge" }?.version == 4)

        let never = try fixture.write("plans/never.yaml", FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n    version: 7\n"))
        #expect(await RenderCommand.run(plans: [never.path], project: fixture.project, output: nil).errorText == """
        plans/never.yaml:23:9: error: version 7 of 'glute-bridge' was never released
          hint: released versions: 4, 5
        1 error, 0 warnings

        """)

        try fixture.edit("Exercises/integrate/single-leg-bridge.md", replacing: "changelog:", with: "retired: true\nreplaced-by: glute-bridge\nchangelog:")
        let retired = try fixture.write("plans/retired.yaml", FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: single-leg-bridge\n"))
        #expect(await RenderCommand.run(plans: [retired.path], project: fixture.project, output: nil).errorText == """
        plans/retired.yaml:23:9: error: 'single-leg-bridge' is retired and replaced by 'glute-bridge'
          hint: prescribe 'glute-bridge' instead, or pin `version:` to reissue the old text on purpose
        1 error, 0 warnings

        """)
    }

    @Test("a new exercise skeleton fails hep check until it is filled in")
    func skeleton() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let created = ExerciseEditing.new(id: "wall-sit", phase: .integrate, project: fixture.project, date: Self.date)
        #expect(created.output == ["Wrote Exercises/integrate/wall-sit.md. Fill in every TODO, then run `hep check`."])
        let result = await check(fixture)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("Exercises/integrate/wall-sit.md:4:8: error: placeholder not filled in: title: TODO short title the patient understands"))
        #expect(result.errorText.contains("error: unknown region 'TODO-region'"))
        #expect(result.errorText.contains("error: placeholder not filled in: alt: TODO the position in plain words"), "\(result.errorText)")
        // Filled in, it passes (and is new, so not yet released).
        var text = try fixture.read("Exercises/integrate/wall-sit.md")
        for (old, new) in [("TODO short title the patient understands", "Wall sit"), ("TODO one line on why this helps, in plain words.", "Builds strong thighs."),
                           ("[TODO-region]", "[thigh]"), ("[TODO-muscle]", "[quadriceps]"), ("TODO what the patient should feel.", "Your thighs working."),
                           ("TODO a common mistake.", "Letting your knees fall in."), ("  - TODO when else to stop.\n", ""),
                           ("TODO precautions for the practitioner.", "Limit depth with knee pain."),
                           ("TODO how to start, in one or two short sentences.", "Stand with your back to a wall."),
                           ("1. TODO one action per step.", "1. Slide down the wall a little."), ("2. TODO the next action. Keep breathing.", "2. Hold. Keep breathing."),
                           ("3. TODO how to come back.", "3. Slide back up."),
                           ("TODO the position in plain words, then set the pose and run hep exercises draw", "Standing with your back to a wall.")] {
            text = text.replacingOccurrences(of: old, with: new)
        }
        try fixture.write("Exercises/integrate/wall-sit.md", text)
        // Not drawn yet: no picture.
        let undrawn = await check(fixture)
        #expect(undrawn.errorText.contains("Exercises/integrate/wall-sit.md:1:1: error: figure 1 of 'wall-sit' has no picture: Exercises/images/wall-sit-1.png is missing")
                || undrawn.errorText.contains("figure 1 of 'wall-sit' has no picture"), "\(undrawn.errorText)")
        var drawn = DiagnosticList()
        _ = await FigureDrawing.draw(ids: ["wall-sit"], project: fixture.project, into: &drawn)
        #expect(!drawn.hasErrors, "\(drawn.all)")
        let filled = await check(fixture)
        #expect(filled.exitCode == 0, "\(filled.errorText)")
        #expect(filled.errorText == """
        Exercises/integrate/wall-sit.md:3:10: warning: 'wall-sit' is new and not yet released
          hint: run `hep catalogue release` to record it in Exercises/catalogue.lock
        0 errors, 1 warning

        """)
    }

    @Test("hep exercises diff shows what changed between versions")
    func diff() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: "Squeeze your buttocks.", with: "Squeeze your buttocks gently.")
        let pending = ExerciseEditing.diff(id: "glute-bridge", from: nil, to: nil, project: fixture.project)
        #expect(pending.output.first == "--- glute-bridge v4")
        #expect(pending.output.contains { $0.hasSuffix(": -2. Squeeze your buttocks.") })
        #expect(pending.output.contains { $0.hasSuffix(": +2. Squeeze your buttocks gently.") })
        _ = await ReleaseCommand.run(project: fixture.project, note: "Gentler.", safety: false, date: Self.date)
        let released = ExerciseEditing.diff(id: "glute-bridge", from: 4, to: 5, project: fixture.project)
        #expect(released.output.prefix(2) == ["--- glute-bridge v4", "+++ glute-bridge v5"])
        #expect(released.output.contains { $0.hasSuffix(": +version: 5") })
    }

    nonisolated(unsafe) static var ignored = DiagnosticList()
}
