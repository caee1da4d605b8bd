import Foundation
import Testing
@testable import HEPKit
@testable import hep

@Suite("Illustrations")
struct ImageTests {
    static let bridge = "Exercises/integrate/glute-bridge.md"
    /// The drawn figures the glute bridge has in the catalogue; these tests give it the clinic's own
    /// picture instead.
    static let existing = """
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
    """

    @Test("hep check refuses an image without alt text or a licence, a missing file, or a file that is not PNG or JPEG")
    func refused() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try FileManager.default.copyItem(at: Repository.url("Exercises/images/glute-bridge.png"), to: fixture.url("Exercises/images/bridge.png"))
        try fixture.edit(Self.bridge, replacing: Self.existing, with: "")
        try Data("GIF89a....".utf8).write(to: fixture.url("Exercises/images/bridge.gif"))
        try fixture.edit(Self.bridge, replacing: "changelog:", with: """
        images:
          - file: bridge.png
          - file: bridge.gif
            alt: A bridge.
            licence: CC0 1.0
          - file: nowhere.png
            alt: Nothing.
            licence: CC0 1.0
        changelog:
        """)
        let result = await CheckCommand.run(plans: [], project: fixture.project)
        #expect(result.exitCode == 1)
        for expected in [
            "Exercises/integrate/glute-bridge.md:37:5: error: an image needs `alt:` text describing what it shows",
            "Exercises/integrate/glute-bridge.md:37:5: error: an image needs a `licence:`",
            "Exercises/integrate/glute-bridge.md:38:11: error: Exercises/images/bridge.gif is not a PNG or JPEG image",
            "Exercises/integrate/glute-bridge.md:41:11: error: no image at Exercises/images/nowhere.png",
        ] {
            #expect(result.errorText.contains(expected), "\(expected)\n\(result.errorText)")
        }
    }

    @Test("12. the images are copied beside the HTML and embedded in the email, every cid: reference matching a Content-ID")
    func embedded() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try fixture.edit(Self.bridge, replacing: Self.existing, with: "images:\n  - file: glute-bridge.png\n    alt: Hips lifted.\n    licence: CC0 1.0\n")
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan.replacingOccurrences(of: "  name: Test Patient", with: "  name: Test Patient\n  email: sam@example.com"))
        let result = await RenderCommand.run(plans: [plan.path], project: fixture.project, output: nil, eml: true)
        #expect(result.exitCode == 0, "\(result.errorText)")
        let folder = fixture.url(try #require(result.output.first))
        let html = try String(contentsOf: folder.appendingPathComponent("handout.html"), encoding: .utf8)
        let sources = html.matches(of: /<img src="([^"]+)"/).map { String($0.1) }
        let own = FileManager.default.contents(atPath: fixture.url("Exercises/images/glute-bridge.png").path)
        let image = try #require(sources.first { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) == own },
                                 "the clinic's own picture is copied beside the handout")
        let tag = try #require(html.firstMatch(of: /<img [^>]*alt="Hips lifted."[^>]*>/)).output
        #expect(tag.contains("alt=\"Hips lifted.\"") && tag.contains("width=\"260\"") && tag.contains("height=\"130\"") && tag.contains("max-width:100%;height:auto"))

        let eml = String(decoding: try Data(contentsOf: folder.appendingPathComponent("handout.eml")), as: UTF8.self)
        let htmlPart = eml.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        let references = Set(htmlPart.matches(of: /src="cid:([^"]+)"/).map { String($0.1) })
        let contentIDs = Set(eml.matches(of: /Content-ID: <([^>]+)>/).map { String($0.1) })
        #expect(!references.isEmpty && references == contentIDs)
        #expect(eml.contains("Content-Disposition: inline; filename=\"\(image.dropFirst("images/".count))\""))
        #expect(eml.contains("Content-Type: image/png\r\nContent-Transfer-Encoding: base64"))
        let parsed = try EMLTests.oracle(Array(eml.utf8))
        #expect((parsed["defects"] as? [String]) == [])
        #expect((parsed["structure"] as? [String]) == ["multipart/alternative", "text/plain", "multipart/related", "text/html"]
                + Array(repeating: "image/png", count: Set(sources).count), "one part per picture")
    }
}
