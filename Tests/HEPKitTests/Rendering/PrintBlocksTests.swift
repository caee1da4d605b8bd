import CommonMark
import Testing
@testable import HEPKit

/// The blocks `HTMLStyler` wraps libcmark's HTML in for print: each `###` section with `####` parts
/// an exercise, everything between exercises a flow, each heading with what follows it a part,
/// opened and closed only at the top level.
@Suite("Print blocks")
struct PrintBlocksTests {
    static func styled(_ markdown: String) -> String {
        HTMLStyler(brandColour: "#1f5f8b").style(CommonMark.html(from: markdown, options: .handout))
    }

    static func opened(_ html: String) -> Int { html.matches(of: /<div\s/).count }
    static func closed(_ html: String) -> Int { html.matches(of: /<\/div>/).count }

    @Test("each heading opens a part; an ### section is an exercise, closed at the next ## or rule; the rest is flow")
    func blocks() async {
        let html = Self.styled("# Title\n\nHi.\n\n## Your exercises\n\nIn order.\n\n### 1. Bridge\n\nWhy.\n\n#### Steps\n\n1. Lift.\n\n#### Stop if\n\n- Pain.\n\n## Any questions?\n\nCall us.\n\n---\n\n*Footer*\n")
        #expect(Self.opened(html) == 8 && Self.closed(html) == 8)
        #expect(html.hasPrefix("<div class=\"flow\">\n<h1"))
        let exercise = html.firstMatch(of: /<div class="exercise"[^>]*>([\s\S]*?)<\/div>\n<\/div>\n/).map { String($0.1) } ?? ""
        #expect(exercise.contains("1. Bridge") && exercise.contains("Pain.") && !exercise.contains("Any questions?"))
        #expect(html.contains("In order.</p>\n</div>\n</div>\n<div class=\"exercise\""), "the flow closes before an exercise")
        #expect(html.contains("</div>\n</div>\n<div class=\"flow\">\n<div class=\"part\" style=\"break-inside:avoid;page-break-inside:avoid;\">\n<h2"))
        #expect(html.hasSuffix("Footer</em></p>\n</div>\n"))
        #expect(html.contains("Call us.</p>\n</div>\n<hr"))
        #expect(!html.contains("<div class=\"part\" style=\"break-inside:avoid;page-break-inside:avoid;\">\n<h1"))
    }

    @Test("an ### section without #### parts (\"How you moved\") is part of the flow, not an exercise")
    func sectionWithoutParts() async {
        let html = Self.styled("## What we found\n\nNotes.\n\n### How you moved\n\n- Stiff.\n\n### 1. Bridge\n\n#### Steps\n\n1. Lift.\n")
        #expect(html.matches(of: /<div class="exercise"/).count == 1)
        #expect(html.contains(/<div class="flow">\n<div class="part"[^>]*>\n<h2[^>]*>What we found[\s\S]*How you moved[\s\S]*<\/div>\n<\/div>\n<div class="exercise"[^>]*>\n<div class="part"[^>]*>\n<h3[^>]*>1\. Bridge/))
        #expect(Self.opened(html) == Self.closed(html))
    }

    @Test("a heading inside a quote or a list item opens and closes nothing")
    func nested() async {
        let html = Self.styled("### 1. Bridge\n\n> #### Quoted\n>\n> text\n\n- #### In a list\n\n  more\n\n#### Stop if\n\n- Pain.\n")
        #expect(Self.opened(html) == 3 && Self.closed(html) == 3)
        #expect(html.hasSuffix("Pain.</li>\n</ul>\n</div>\n</div>\n"))
        #expect(html.contains(/<blockquote[^\n]*>\n<h4[^>]*>Quoted/) && html.contains(/<li[^\n]*>\n<h4[^>]*>In a list/))
    }
}
