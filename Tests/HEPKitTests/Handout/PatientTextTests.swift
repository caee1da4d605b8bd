import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// Patient text is data, never markup: hostile strings in every free-text field of a plan add no
/// element to the handout and show up literally.
@Suite("Patient text stays text")
struct PatientTextTests {
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x>", "![x](https://t.example/p.gif)", "[a](javascript:alert(1))",
        "# Heading", "{{name}}", "*stars*", "O'Brien & Sons", "1. not a list", "> not a quote", "`code`",
        "<https://t.example/auto>", "&copy; entity", "line one\n\n# line two", "--- dashes ...", "    indented",
        "| a | b |", "~~~", "[ref]: https://t.example", "_under_",
        "right-to-left \u{202E}evil\u{202C} override", "zero\u{200B}width\u{200D}joiners", String(repeating: "W", count: 10_000),
        "Subject: x\r\nBcc: victim@example.com",
    ]

    static func plan(_ text: (Int) -> String) -> String {
        """
        patient:
          id: t-002
          name: \(quoted(String(text(0).prefix(200))))
          preferred-name: \(quoted(String(text(1).prefix(200))))
          language: en
        session:
          date: 2026-11-20
          practitioner: \(quoted(text(2)))
        findings:
          muscles:
            - muscle: gluteus-medius
              side: left
              status: inhibited
              note: \(quoted(text(3)))
          pain:
            - region: lower-back
              score: 4
              note: \(quoted(text(4)))
          movement:
            - \(quoted(text(5)))
          notes:
            - \(quoted(text(6)))
        goals:
          - \(quoted(text(7)))
          - \(quoted(text(8)))
        exercises:
          - id: side-lying-hip-abduction
            side: left
            note: \(quoted(text(9)))
          - id: glute-bridge
            note: \(quoted(text(10)))
        advice:
          - \(quoted(text(11)))
          - \(quoted(text(12)))

        """
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func render(_ planText: String) throws -> RenderedHandout {
        var diagnostics = DiagnosticList()
        let workspace = try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics))
        let plan = try #require(Plan.parse(planText, file: "plan.yaml", into: &diagnostics), "\(diagnostics.report)")
        let items = try #require(workspace.prepare(plan, into: &diagnostics), "\(diagnostics.report)")
        return workspace.render(plan, items: items)
    }

    /// Opening tags by name, with counts: the element structure.
    static func elements(_ html: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for match in html.matches(of: /<([a-zA-Z][a-zA-Z0-9]*)/) { counts[String(match.1).lowercased(), default: 0] += 1 }
        return counts
    }

    /// The text a reader sees: tags removed, entities decoded, white space folded.
    /// The text a reader sees, with smart punctuation's curly quotes and apostrophes read as the
    /// straight ones typed (a typographic change, never a change of words or structure).
    static func visibleText(_ html: String) -> String {
        let body = html.components(separatedBy: "<body").last ?? html
        let noTags = body.replacing(/<[^>]*>/, with: " ")
        let decoded = noTags.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "\u{201C}", with: "\"").replacingOccurrences(of: "\u{201D}", with: "\"")
            .replacingOccurrences(of: "\u{2018}", with: "'").replacingOccurrences(of: "\u{2019}", with: "'")
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("every hostile string in every field leaves the element structure unchanged", arguments: hostile)
    func structureUnchanged(_ attack: String) async throws {
        let clean = try Self.render(Self.plan { "Plain words \($0)" })
        let attacked = try Self.render(Self.plan { _ in attack })
        #expect(Self.elements(attacked.html) == Self.elements(clean.html))
        let shown = attack.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(Self.visibleText(attacked.html).contains(shown), "'\(attack)' is not shown literally")
    }

    @Test("the issue's hostile strings appear literally in the HTML text")
    func literal() async throws {
        let strings = ["<script>", "\"><img src=x>", "![x](https://t.example/p.gif)", "[a](javascript:alert(1))",
                       "# Heading", "{{name}}", "*stars*", "O'Brien & Sons"]
        let handout = try Self.render(Self.plan { strings[$0 % strings.count] })
        let text = Self.visibleText(handout.html)
        for string in strings { #expect(text.contains(string), "\(string)") }
        #expect(handout.html.matches(of: /<img src="([^"]*)"/).allSatisfy { $0.1.hasPrefix("images/") }, "only the catalogue's own pictures")
        #expect(!handout.html.contains("<script"))
        #expect(!handout.html.contains("href=\"javascript"))
        #expect(!handout.html.contains("=\"https://t.example"), "no link or image to the attacker's site")
    }
}

@Suite("Markdown escaping")
struct MarkdownEscapingTests {
    @Test("inline and block syntax is escaped", arguments: [
        ("*stars*", "\\*stars\\*"), ("# Heading", "\\# Heading"), ("1. item", "1\\. item"), ("- item", "\\- item"),
        ("a - b", "a - b"), ("[a](b)", "\\[a\\](b)"), ("<b>", "\\<b>"), ("O'Brien & Sons", "O'Brien & Sons"),
        ("Child's Pose", "Child's Pose"), ("a chair 16-18\" high", "a chair 16-18\\\" high"), ("say \"hi\"", "say \"hi\""),
        ("&copy; &#169;", "\\&copy; \\&#169;"), ("![x](y)", "\\!\\[x\\](y)"), ("wow!", "wow!"), ("~~~", "\\~~~"), ("| a | b |", "| a | b |"),
        ("two\nlines", "two lines"), ("  padded  ", "padded"), ("a--b", "a\\--b"), ("wait...", "wait\\.\\.."),
        ("3.5 kg", "3\\.5 kg"), ("bell\u{07}", "bell"),
    ])
    func escapes(_ input: String, _ expected: String) {
        #expect(MarkdownEscaping.escape(input) == expected)
    }
}
