import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// The example plans' handouts are reviewed artefacts: any change to wording, templates, catalogue
/// text or the pipeline shows here as a diff.
@Suite("Golden handouts")
struct GoldenHandoutTests {
    static let plans: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.url("Examples/plans").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    static func render(_ name: String) throws -> RenderedHandout {
        var diagnostics = DiagnosticList()
        let workspace = try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics), "\(diagnostics.report)")
        let plan = try #require(workspace.loadPlan(at: Repository.url("Examples/plans/\(name)"), into: &diagnostics), "\(diagnostics.report)")
        let items = try #require(workspace.prepare(plan, into: &diagnostics), "\(diagnostics.report)")
        #expect(diagnostics.all.isEmpty, "\(diagnostics.report)")
        return workspace.render(plan, items: items)
    }

    @Test("there are example plans")
    func examplesExist() async {
        #expect(Self.plans.count >= 2)
    }

    @Test("Markdown and HTML match the golden files", arguments: plans)
    func golden(_ name: String) async throws {
        let handout = try Self.render(name)
        let stem = name.replacingOccurrences(of: ".yaml", with: "")
        Snapshot.assert(handout.markdown, named: "handouts/\(stem).md")
        Snapshot.assert(handout.html, named: "handouts/\(stem).html")
    }

    @Test("the view model the templates receive is pinned")
    func viewModel() async throws {
        let handout = try Self.render("low-back-pain.yaml")
        var text = ""
        dump(handout.viewModel, to: &text)
        Snapshot.assert(text, named: "view-model/low-back-pain.txt")
    }

    @Test("the handout follows the order the content guide sets")
    func sectionOrder() async throws {
        let markdown = try Self.render("low-back-pain.yaml").markdown
        // The goals, then the exercises, then the findings behind them: on a phone the first exercise
        // starts within two screens (the exercises each say why they are there).
        let headings = ["# Your home exercise plan", "## Your goals, in your words", "## Your exercises", "## What we found",
                        "## How much pain is OK?", "## Call emergency services now", "## Call us or your doctor today", "## Other things that help", "## Your next visit",
                        "## Any questions?", "## Please note", "Reference "]
        let positions = headings.map { markdown.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "missing a section")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "sections out of order")
    }

    @Test("exercises are ordered release, then activate, then integrate")
    func exerciseOrder() async throws {
        let handout = try Self.render("low-back-pain.yaml")
        let phases = handout.viewModel.exercises.map(\.phase)
        #expect(phases == ["Release", "Wake up", "Put it to work", "Put it to work"])
    }

    @Test("the HTML is self-contained: no remote resources, scripts or styles from elsewhere", arguments: plans)
    func selfContained(_ name: String) async throws {
        let html = try Self.render(name).html
        for forbidden in ["<script", "<link", "@import", "src=\"http", "url(", "<iframe", "<form", "<svg", "javascript:"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        let hrefs = html.matches(of: /href="([^"]*)"/).map { String($0.1) }
        for href in hrefs {
            #expect(href.hasPrefix("tel:") || href.hasPrefix("mailto:") || href.hasPrefix("https://harbour-osteopathy.example"), "\(href)")
        }
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("break-inside:avoid"))
    }

    @Test("no text is set below 16px in the handout body", arguments: plans)
    func readableSizes(_ name: String) async throws {
        let html = try Self.render(name).html
        let sizes = html.matches(of: /font-size:(\d+)px/).map { Int($0.1)! }
        #expect(!sizes.isEmpty)
        #expect(sizes.allSatisfy { $0 >= 16 }, "\(sizes.filter { $0 < 16 })")
    }
}
