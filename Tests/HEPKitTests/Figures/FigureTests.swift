import Foundation
import Testing
@testable import HEPKit
@testable import hep

@Suite("Figures: poses drawn as pictures")
struct FigureTests {
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
            "pose.yaml:5:11: error: 'figures[0].props[0]': a massage-ball needs the body part it lies under\n  hint: write `- massage-ball: buttock` (parts: head, chest, hips, knee, foot, hand, arm, leg, buttock, upper-back, lower-back)",
        ])
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
        // The bridge described by two figures instead of its hand-made picture.
        try fixture.edit("Exercises/integrate/glute-bridge.md", replacing: """
        images:
          - file: glute-bridge.png
            alt: A person lying on their back with knees bent and hips lifted, so the body makes a straight line from knees to shoulders.
            licence: CC0 1.0
            credit: Drawn for hep

        """, with: """
        figures:
          - view: side
            base: lying-back
            hip: 45
            knee: 115
            ankle: 20
            props: [mat]
            highlight: buttock
          - view: side
            base: lying-back
            trunk: -20
            neck: 20
            knee: 110
            props: [mat]
            arrow: {part: hips, direction: up}
            highlight: buttock

        """)
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
}
