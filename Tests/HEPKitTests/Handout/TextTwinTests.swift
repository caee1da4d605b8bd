import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// The plain-text twin (`handout.txt`, the email's text part) is the whole handout: every section
/// of the HTML in the same order, and every word the practitioner wrote for the patient.
@Suite("Plain-text twin")
struct TextTwinTests {
    /// Text without tags or entities, with smart punctuation read as typed and space folded.
    static func text(_ html: String) -> String {
        PatientTextTests.visibleText(html)
    }

    static func folded(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{201C}", with: "\"").replacingOccurrences(of: "\u{201D}", with: "\"")
            .replacingOccurrences(of: "\u{2018}", with: "'").replacingOccurrences(of: "\u{2019}", with: "'")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The visible text of each `<h2>`/`<h3>` of the page body, in order.
    static func headings(_ html: String) -> [String] {
        let body = html.components(separatedBy: "<body").last ?? html
        return body.matches(of: /<h[23][^>]*>(.*?)<\/h[23]>/).map { Self.text(String($0.1)) }
    }

    @Test("every heading of the HTML is in the text twin, in the same order", arguments: GoldenHandoutTests.plans)
    func sectionsInOrder(_ name: String) async throws {
        let handout = try GoldenHandoutTests.render(name)
        let twin = Self.folded(handout.text).lowercased()
        let headings = Self.headings(handout.html)
        #expect(headings.count >= 8, "\(headings)")
        var cursor = twin.startIndex
        for heading in headings {
            let wanted = Self.folded(heading).lowercased()
            guard let found = twin.range(of: wanted, range: cursor..<twin.endIndex) else {
                Issue.record("\(name): '\(heading)' is missing from the text twin, or out of order")
                continue
            }
            cursor = found.upperBound
        }
    }

    @Test("every note, goal, movement line and piece of advice of the plan is in the text twin", arguments: GoldenHandoutTests.plans)
    func patientNotes(_ name: String) async throws {
        let handout = try GoldenHandoutTests.render(name)
        var diagnostics = DiagnosticList()
        let plan = try #require(Plan.parse(handout.planText, file: name, into: &diagnostics))
        let written = plan.goals + plan.movement + plan.notes + plan.advice
            + plan.muscles.compactMap(\.note) + plan.pain.compactMap(\.note) + plan.exercises.compactMap(\.note)
        #expect(!written.isEmpty)
        let twin = Self.folded(handout.text), page = Self.folded(Self.text(handout.html))
        for line in written {
            #expect(page.contains(Self.folded(line)), "\(name): the HTML lacks '\(line)'")
            #expect(twin.contains(Self.folded(line)), "\(name): the text twin lacks '\(line)'")
        }
        // The "not a diagnosis" line and the clinic's contact travel with it too.
        #expect(twin.contains("not a diagnosis") || plan.muscles.isEmpty && plan.pain.isEmpty)
        #expect(twin.contains("+44 117 496 0000"))
    }

    @Test("a step that wraps keeps its indent; headings stand out")
    func layout() async throws {
        let handout = try GoldenHandoutTests.render("low-back-pain.yaml")
        let lines = handout.text.split(separator: "\n", omittingEmptySubsequences: false)
        let step = try #require(lines.firstIndex { $0.hasPrefix("  3. Lift your hips until your body is a straight line") })
        #expect(lines[step + 1].hasPrefix("     "), "the continuation lines up under the step's text")
        #expect(lines.contains("YOUR EXERCISES"))
        #expect(lines.allSatisfy { $0.count <= 78 })
    }

    @Test("the side the plan prescribes is named in the start position and steps")
    func knownSide() async throws {
        let handout = try GoldenHandoutTests.render("low-back-pain.yaml")
        #expect(handout.markdown.contains("Lie on your side with your left leg on top."))
        #expect(!handout.markdown.contains("the leg you work"))
        #expect(KnownSide.apply(.right, to: "Hold the edge of the seat with the hand on the side you stretch.")
            == "Hold the edge of the seat with your right hand.")
        #expect(KnownSide.apply(.left, to: "The arm you work stays straight. A feeling in your buttock on the side you lift.")
            == "Your left arm stays straight. A feeling in your buttock on your left side.")
        #expect(KnownSide.apply(.both, to: "the leg you work") == "the leg you work")
    }
}
