import Foundation
import Testing
@testable import HEPKit
@testable import hep

@Suite("Figures: poses drawn as pictures")
struct FigureTests {
    @Test("a picture's numbers are written in tenths as before: no trailing .0, a minus only below zero")
    func numbersInTenths() {
        func before(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            let sign = tenths < 0 ? "-" : ""
            let magnitude = abs(tenths)
            return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
        }
        #expect([n(0), n(-0.04), n(-0.06), n(12.5), n(-12.54), n(300), n(1e9)] == ["0", "0", "-0.1", "12.5", "-12.5", "300", "1000000000"])
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double.random(in: -5_000...5_000, using: &generator)
            #expect(n(value) == before(value), "\(value)")
        }
    }

    /// A pose parsed from YAML (as it would sit under `figures:`).
    static func pose(_ yaml: String) -> (Pose?, DiagnosticList) {
        var reader = YAMLReader()
        guard let root = reader.parse(yaml, file: "pose.yaml"), let items = reader.list(root.child("figures", root.node)) else {
            return (nil, reader.diagnostics)
        }
        let pose = Pose.read(items[0], reader: &reader)
        return (pose, reader.diagnostics)
    }

    static let poses: [(String, String)] = [
        ("bridge-end", "- view: side\n  base: lying-back\n  trunk: -20\n  neck: 20\n  knee: 110\n  props: [mat]\n  arrow: {part: hips, direction: up}\n  highlight: buttock\n"),
        ("sitting-chair", "- view: side\n  base: sitting\n  knee: 105\n  props: [chair]\n  highlight: [thigh-front, buttock]\n"),
        ("side-lying-lift", "- view: front\n  base: side-lying\n  right-hip-out: 30\n  props: [mat]\n  highlight: hip-side\n"),
        ("four-point-above", "- view: above\n  base: four-point-kneeling\n  props: [mat]\n  highlight: upper-back\n"),
        ("standing-wall", "- view: side\n  base: standing\n  props: [wall]\n  highlight: shoulder\n"),
        // Spine, trunk and neck: rounding, side bend, turn; the nose shows where the head faces.
        ("four-point-cat", "- view: side\n  base: four-point-kneeling\n  spine: 30\n  neck: 30\n  shoulder: 102\n  props: [mat]\n  arrow: {part: upper-back, direction: up}\n  highlight: [upper-back, lower-back]\n"),
        ("side-bend-front", "- view: front\n  base: standing\n  hip-out: 5\n  trunk-side: -30\n  left-shoulder-out: 175\n  right-shoulder-out: 5\n  highlight: left-trunk-side\n"),
        ("open-book-above", "- view: above\n  base: side-lying\n  hip: 90\n  knee: 90\n  trunk-turn: -70\n  neck-turn: -40\n  left-shoulder: 25\n  left-shoulder-out: 75\n  right-shoulder-out: 90\n  props:\n    - mat\n    - pillow: head\n  arrow: {part: hand, direction: left}\n  highlight: chest\n"),
        ("neck-turn-tilt-chair-front", "- view: front\n  base: sitting\n  neck-turn: 45\n  neck-side: 20\n  right-shoulder-out: 8\n  props: [chair]\n  highlight: [right-shoulder-top, neck]\n"),
        // Arm turn, wrist and hand.
        ("wrist-glide-front", "- view: front\n  base: sitting\n  right-shoulder-out: 75\n  right-shoulder-turn: 90\n  right-elbow: 20\n  right-wrist: -70\n  neck-side: -25\n  props: [chair]\n  highlight: right-forearm\n"),
        ("fist-elbow-on-table", "- view: side\n  base: sitting\n  right-shoulder: 30\n  right-elbow: 110\n  right-hand: fist\n  props:\n    - chair\n    - table: right-elbow\n  highlight: right-hand\n"),
        // Leg turn and props placed at a body part.
        ("figure-four-hip-turn", "- view: side\n  base: lying-back\n  hip: 45\n  knee: 115\n  ankle: 20\n  right-hip: 80\n  right-hip-out: 30\n  right-hip-turn: 60\n  right-knee: 90\n  props: [mat]\n  highlight: right-buttock\n"),
        ("ball-against-wall", "- view: side\n  base: standing\n  trunk: -6\n  neck: 30\n  props:\n    - wall\n    - massage-ball: shoulder-blade\n  arrow: {part: head, direction: down}\n  highlight: [shoulder-top, neck]\n"),
        ("feet-on-wall-pillow", "- view: side\n  base: lying-back\n  hip: 90\n  knee: 90\n  shoulder: 25\n  shoulder-turn: -70\n  elbow: 110\n  props:\n    - mat\n    - pillow: head\n    - wall: foot\n  highlight: belly\n"),
        ("strap-leg-raised", "- view: side\n  base: lying-back\n  left-hip: 45\n  left-knee: 115\n  left-ankle: 20\n  right-hip: 80\n  right-knee: 10\n  shoulder: 80\n  elbow: 30\n  props:\n    - mat\n    - strap: right-foot\n  highlight: right-thigh-back\n"),
        ("ball-on-table", "- view: side\n  base: sitting\n  right-shoulder: 75\n  right-elbow: 15\n  props:\n    - chair\n    - table: right-forearm\n    - massage-ball: right-forearm\n  highlight: right-forearm\n"),
        ("legs-on-chair", "- view: side\n  base: lying-back\n  hip: 90\n  knee: 90\n  right-shoulder: 15\n  right-elbow: 30\n  props:\n    - mat\n    - chair: calf\n  highlight: right-hip-front\n"),
        ("kneeling-on-pillow", "- view: side\n  base: half-kneeling\n  left-hip: 75\n  props:\n    - mat\n    - pillow: knee\n  highlight: right-hip-front\n"),
        ("roller-under-calf", "- view: side\n  base: sitting\n  trunk: -25\n  right-hip: 65\n  right-knee: 0\n  right-ankle: 10\n  left-hip: 110\n  left-knee: 120\n  shoulder: -55\n  props:\n    - mat\n    - foam-roller: right-calf\n  highlight: right-calf\n"),
        ("ankle-circle-arrow", "- view: side\n  base: sitting\n  right-hip: 105\n  right-knee: 70\n  props: [chair]\n  arrow: {part: foot, direction: around}\n  highlight: [right-foot, jaw]\n"),
        // Bands between two parts, or from a part to the table's leg; the front of the shin.
        ("band-knees-front", "- view: front\n  base: standing\n  knee: 15\n  ankle: -15\n  right-hip-out: 20\n  props:\n    - band: [left-knee, right-knee]\n  highlight: hip-side\n"),
        ("band-hands-front", "- view: front\n  base: standing\n  elbow: 90\n  right-shoulder-out: 10\n  right-shoulder-turn: 60\n  props:\n    - band: [left-hand, right-hand]\n  highlight: right-shoulder\n"),
        ("band-foot-to-table-shin", "- view: side\n  base: sitting\n  knee: 60\n  ankle: -20\n  props:\n    - chair\n    - table\n    - band: [right-foot, table]\n  highlight: right-shin\n"),
        ("hand-on-wall-pillow-front", "- view: front\n  base: standing\n  hip-out: 5\n  right-shoulder-out: 35\n  right-elbow: 20\n  props:\n    - pillow: foot\n    - wall: right-hand\n  highlight: [chest, hip-side]\n"),
    ]

    @Test("the renderer's SVG matches the reviewed golden files")
    func goldenSVG() throws {
        for (name, yaml) in Self.poses {
            let (pose, diagnostics) = Self.pose(yaml)
            #expect(!diagnostics.hasErrors, "\(name): \(diagnostics.all)")
            let svg = FigureRenderer.svg(try #require(pose), brand: "#1f5f8b")
            Snapshot.assert(svg, named: "figures/\(name).svg")
        }
    }

    @Test("the same pose gives the same SVG and PNG bytes; the PNG is at most 600 wide and small",
          .enabled(if: Rasteriser.program() != nil, "needs rsvg-convert (librsvg2-bin)"))
    func pngBytes() async throws {
        for (name, yaml) in Self.poses {
            let pose = try #require(Self.pose(yaml).0)
            let svg = FigureRenderer.svg(pose, brand: "#1f5f8b")
            #expect(svg == FigureRenderer.svg(pose, brand: "#1f5f8b"))
            let first = try await Rasteriser.png(svg), second = try await Rasteriser.png(svg)
            #expect(first == second, "\(name): rsvg-convert gave different bytes for the same SVG")
            let size = try #require(ExerciseImage.dimensions(first))
            #expect(size.0 == "image/png" && size.1 <= 600 && size.2 <= 400)
            #expect(first.count <= 15_000, "\(name) is \(first.count) bytes")
        }
    }

    @Test("pose field errors are located, with hints")
    func poseErrors() {
        let (pose, diagnostics) = Self.pose("- view: sideways\n  base: lying-back\n  kne: 90\n  hip: 200\n  props: [massage-ball]\n")
        #expect(pose == nil)
        #expect(diagnostics.sorted.map(\.commandLineText) == [
            "pose.yaml:1:9: error: 'figures[0].view' must be one of side, front, above, found 'sideways'\n  hint: use one of: side, front, above",
            "pose.yaml:3:3: error: unknown key 'kne' in 'figures[0]'\n  hint: did you mean 'knee'? known keys here: \(Pose.keys.joined(separator: ", "))",
            "pose.yaml:4:8: error: 'figures[0].hip' is 200 degrees; it must be from -30 to 150 degrees",
            "pose.yaml:5:11: error: 'figures[0].props[0]': a massage-ball needs the body part it lies under\n  hint: write `- massage-ball: buttock` (parts: head, chest, hips, knee, foot, hand, arm, leg, buttock, upper-back, lower-back, neck, belly, shoulder, elbow, forearm, thigh, calf, shoulder-blade)",
        ])
    }

    @Test("the newer pose keys, sided regions and placed props are checked the same way, located, with hints")
    func newerPoseErrors() {
        let (pose, diagnostics) = Self.pose("- view: front\n  base: sitting\n  neck-turn: 100\n  left-hand: claw\n  props: [strap, {wall: right-hnad}]\n  highlight: [right-calve]\n")
        #expect(pose == nil)
        #expect(diagnostics.sorted.map(\.commandLineText) == [
            "pose.yaml:3:14: error: 'figures[0].neck-turn' is 100 degrees; it must be from -80 to 80 degrees",
            "pose.yaml:4:14: error: 'figures[0].left-hand' must be one of open, fist, found 'claw'\n  hint: use one of: open, fist",
            "pose.yaml:5:11: error: 'figures[0].props[0]': a strap needs the body part it loops around\n  hint: write `- strap: foot` (parts: \(Pose.Part.allCases.map(\.rawValue).joined(separator: ", ")))",
            "pose.yaml:5:25: error: 'figures[0].props[1].wall' must be one of \(Pose.Part.allCases.map(\.rawValue).joined(separator: ", ")), found 'right-hnad'\n  hint: did you mean 'right-hand'? use one of: \(Pose.Part.allCases.map(\.rawValue).joined(separator: ", ")) (with `left-` or `right-` in front for one side)",
            "pose.yaml:6:15: error: 'figures[0].highlight[0]' must be one of \(Pose.Region.allCases.map(\.rawValue).joined(separator: ", ")), found 'right-calve'\n  hint: did you mean 'right-calf'? use one of: \(Pose.Region.allCases.map(\.rawValue).joined(separator: ", ")) (with `left-` or `right-` in front for one side)",
        ])
        // A side in front of a region or a part is kept.
        let (sided, _) = Self.pose("- view: side\n  base: standing\n  props: [{wall: right-hand}]\n  highlight: left-calf\n")
        #expect(sided?.highlight == [Pose.Highlight(region: .calf, side: .left)])
        #expect(sided?.props == [Pose.PlacedProp(prop: .wall, under: .hand, side: .right)])
    }

    @Test("a band runs between two parts, or a part and the table; anything else is an error with a hint")
    func bandEnds() {
        let (knees, _) = Self.pose("- view: front\n  base: standing\n  props:\n    - band: [left-knee, right-knee]\n")
        #expect(knees?.props == [Pose.PlacedProp(prop: .band, under: .knee, side: .left, to: .knee, toSide: .right)])
        let (table, _) = Self.pose("- view: side\n  base: sitting\n  props:\n    - table\n    - band: [right-foot, table]\n")
        #expect(table?.props.last == Pose.PlacedProp(prop: .band, under: .foot, side: .right, toTable: true))
        let (bad, diagnostics) = Self.pose("- view: side\n  base: sitting\n  props:\n    - band: right-foot\n")
        #expect(bad == nil)
        #expect(diagnostics.sorted.map(\.commandLineText).first?.hasPrefix("pose.yaml:4:13: error: 'figures[0].props[0].band': a band runs between two ends") == true)
    }

    @Test("drawing removes the pictures and lock entries of figures that no longer exist",
          .enabled(if: Rasteriser.program() != nil, "needs rsvg-convert (librsvg2-bin)"))
    func drawRemovesGoneFigures() async throws {
        let fixture = try await FixtureProject()
        var diagnostics = DiagnosticList()
        _ = await FigureDrawing.draw(ids: ["glute-bridge"], project: fixture.project, into: &diagnostics)
        #expect(!diagnostics.hasErrors)
        // A third picture left from an older pose, and one of an exercise that is gone.
        var records = FigureRecords.load(fixture.project)
        for name in ["glute-bridge-3.png", "no-such-exercise-1.png"] {
            records.pictures[name] = FigureRecords.Record(svg: "x", png: "y")
            try Data([1, 2, 3]).write(to: fixture.url("Exercises/images/\(name)"))
        }
        try records.encoded().write(to: fixture.url(FigureRecords.path))
        _ = await FigureDrawing.draw(ids: ["glute-bridge"], project: fixture.project, into: &diagnostics)
        var left = FigureRecords.load(fixture.project).pictures.keys.sorted()
        #expect(left.filter { $0.hasPrefix("glute-bridge-") || $0.hasPrefix("no-such-") } == ["glute-bridge-1.png", "glute-bridge-2.png", "no-such-exercise-1.png"])
        #expect(!FileManager.default.fileExists(atPath: fixture.url("Exercises/images/glute-bridge-3.png").path))
        // Drawing every exercise keeps exactly the pictures that exist.
        _ = await FigureDrawing.draw(ids: [], project: fixture.project, into: &diagnostics)
        #expect(!diagnostics.hasErrors)
        left = FigureRecords.load(fixture.project).pictures.keys.sorted()
        #expect(!left.contains("no-such-exercise-1.png") && left.contains("glute-bridge-2.png"))
        #expect(!FileManager.default.fileExists(atPath: fixture.url("Exercises/images/no-such-exercise-1.png").path))
    }

    @Test("generated alt text names the posture, what differs and the view")
    func altText() throws {
        let pose = try #require(Self.pose(Self.poses[0].1).0)
        #expect(pose.generatedAlt(title: "Glute bridge", number: 2, of: 2)
                == "Glute bridge, end: lying on your back with knees bent and hips lifted, seen from the side.")
    }

    @Test("hep check fails on a stale picture, located at its figure, with the draw command as the hint",
          .enabled(if: Rasteriser.program() != nil, "needs rsvg-convert (librsvg2-bin)"))
    func stalePicture() async throws {
        let fixture = try await FixtureProject()
        // The catalogue's bridge, drawn from its two figures.
        var diagnostics = DiagnosticList()
        _ = await FigureDrawing.draw(ids: ["glute-bridge"], project: fixture.project, into: &diagnostics)
        #expect(!diagnostics.hasErrors)
        let url = fixture.url("Exercises/integrate/glute-bridge.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "    knee: 110\n", with: "    knee: 100\n").write(to: url, atomically: true, encoding: .utf8)
        let report = await ProjectCheck.run(project: fixture.project, plans: [])
        let stale = report.diagnostics.sorted.map(\.commandLineText).filter { $0.contains("stale") }
        #expect(stale == [
            "Exercises/integrate/glute-bridge.md:43:5: error: Exercises/images/glute-bridge-2.png is stale: it was not drawn from this pose and the clinic's colour\n  hint: draw it again with `hep exercises draw glute-bridge`, then commit the picture and Exercises/images/figures.lock",
        ])
    }

    @Test("hep check fails on an exercise with no picture, located at its version, naming both ways to give one")
    func noPicture() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: ImageTests.existing + "\n", with: "")
        let result = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("""
        Exercises/integrate/glute-bridge.md:3:10: error: 'glute-bridge' has no picture
          hint: describe its start and end positions under `figures:` (see Exercises/README.md) and run `hep exercises draw glute-bridge`, or give the clinic's own picture under `images:`
        """), "\(result.errorText)")
    }

    @Test("a pose change is a new version to release; a handout issued before it is still reproduced byte for byte, with the old pictures",
          .enabled(if: Rasteriser.program() != nil, "needs rsvg-convert (librsvg2-bin)"))
    func poseChangeVersioned() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let issued = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil)
        let folder = try #require(issued.output.first)
        let manifest = try #require(Manifest.read(from: fixture.url(folder)))
        let bridge = try #require(manifest.exercises.first { $0.id == "glute-bridge" })
        // The manifest lists each picture beside the handout, with its hash, exercise, credit and licence.
        let pictures = try #require(manifest.pictures)
        #expect(pictures.filter { $0.exercise == "glute-bridge" }.count == 2)
        for picture in pictures {
            let bytes = try Data(contentsOf: fixture.url(folder).appendingPathComponent(picture.file))
            #expect(SHA256.hex(of: [UInt8](bytes)) == picture.sha256 && picture.licence == "CC0 1.0" && picture.credit == "Drawn by hep")
        }
        let oldPicture = try Data(contentsOf: fixture.url("Exercises/images/glute-bridge-2.png"))

        // The editor lifts the hips higher and redraws: the picture changes, so the exercise changed.
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: "    trunk: -20\n", with: "    trunk: -28\n")
        var drawn = DiagnosticList()
        _ = await FigureDrawing.draw(ids: ["glute-bridge"], project: fixture.project, into: &drawn)
        #expect(!drawn.hasErrors)
        #expect(try Data(contentsOf: fixture.url("Exercises/images/glute-bridge-2.png")) != oldPicture)
        let checked = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(checked.errorText.contains("error: 'glute-bridge' changed since version \(bridge.version) was released"))
        let release = await ReleaseCommand.run(project: fixture.project, note: "Hips higher in the end picture.", safety: false,
                                               date: CalendarDate(year: 2026, month: 12, day: 2))
        #expect(release.output.contains("  glute-bridge v\(bridge.version + 1)"), "\(release.output)")
        #expect(await CheckCommand.run(plans: [], project: fixture.project).exitCode == 0)

        #expect(FileManager.default.fileExists(atPath: fixture.url("Exercises/archive/images/\(SHA256.hex(of: [UInt8](oldPicture))).png").path),
                "the archive keeps the picture the first version had")

        // The handout issued before is rebuilt from the archived text and pictures, byte for byte.
        let reproduced = ReproduceCommand.run(path: fixture.url(folder).path, project: fixture.project)
        #expect(reproduced.exitCode == 0, "\(reproduced.outputText)\(reproduced.errorText)")
    }
}

@Suite("Figure records file read through JSONSerialization")
struct FigureRecordsFileTests {
    @Test("the records read as JSONDecoder reads them: the repository's file, and files it refuses")
    func decodeAsCodable() throws {
        let data = try Data(contentsOf: Repository.project.url(FigureRecords.path))
        let ours = try #require(FigureRecords.decode(data))
        #expect(ours == (try JSONDecoder().decode(FigureRecords.self, from: data)))
        #expect(ours.pictures.count > 50)
        for text in [#"{}"#, #"[]"#, #"{"pictures": {"a.png": {"svg": "x"}}}"#, #"{"pictures": {"a.png": {"svg": 1, "png": "y"}}}"#,
                     #"{"pictures": []}"#, "not json", ""] {
            let data = Data(text.utf8)
            #expect(FigureRecords.decode(data) == (try? JSONDecoder().decode(FigureRecords.self, from: data)), "\(text)")
        }
        let extra = Data(#"{"pictures": {"a.png": {"svg": "x", "png": "y", "more": 1}}, "other": true}"#.utf8)
        #expect(FigureRecords.decode(extra) == (try JSONDecoder().decode(FigureRecords.self, from: extra)))
    }
}
