import CommonMark
import Foundation
import Testing
@testable import hep
@testable import HEPKit

/// Markdown nested far deeper than any handout: a located error or a clean render, never a stack overflow.
///
/// 200,000 levels is ten times what used to crash `hep exercises show`. Swift values of that
/// depth cannot even be destroyed without recursion, so nothing may build them.
@Suite("Deep nesting")
struct DeepNestingTests {
    static let depth = 200_000
    static let exercise = "Exercises/integrate/glute-bridge.md"
    static let paragraph = "Lie on your back on a mat."

    /// Puts the starting position of the fixture's glute bridge inside `depth` quotes; returns its line.
    static func deepenStartingPosition(_ fixture: FixtureProject) throws -> Int {
        let lines = try fixture.read(exercise).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.hasPrefix(paragraph) }) + 1
        try fixture.edit(exercise, replacing: paragraph, with: String(repeating: "> ", count: depth) + paragraph)
        return line
    }

    /// What `hep check` prints for the glute bridge. The 101st quote, two columns per `> `, starts at column 201.
    static func expectedError(line: Int, column: Int = 201) -> String {
        """
        \(exercise):\(line):\(column): error: the Markdown is nested more than 100 levels deep
          hint: quotes and lists this deep cannot be printed; use plain paragraphs and one numbered list of steps
        1 error, 0 warnings

        """
    }

    @Test("hep check: a starting position in 200,000 quotes is a located error")
    func check() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let line = try Self.deepenStartingPosition(fixture)
        let result = try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
        #expect(result.exitCode == 1)
        #expect(result.errorText == Self.expectedError(line: line))
    }

    @Test("hep render: a plan using that exercise fails with the located error and writes nothing")
    func render() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let line = try Self.deepenStartingPosition(fixture)
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        let result = try await #require(try HEP.parseAsRoot(["render", "--project", fixture.root.path, plan.path]) as? HEP.Render).result()
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        \(Self.exercise):\(line):201: error: the Markdown is nested more than 100 levels deep
          hint: quotes and lists this deep cannot be printed; use plain paragraphs and one numbered list of steps
        plans/sam.yaml:23:9: error: exercise 'glute-bridge' has errors (see above) and cannot be used
          hint: fix the exercise file; `hep check` lists every problem
        2 errors, 0 warnings

        """)
        #expect(result.output == ["Nothing was written."])
        #expect(fixture.outputIsEmpty)
    }

    @Test("hep exercises show: the located error, not a crash")
    func show() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let line = try Self.deepenStartingPosition(fixture)
        let result = try #require(try HEP.parseAsRoot(["exercises", "show", "--project", fixture.root.path, "glute-bridge"]) as? HEP.Exercises.Show).result()
        #expect(result.exitCode == 1)
        #expect(result.errorText == Self.expectedError(line: line))
    }

    @Test("a list nested 200,000 deep in the steps is the same located error")
    func deepList() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let step = "2. Squeeze your buttocks."
        let lines = try fixture.read(Self.exercise).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0 == step }) + 1
        // "2. - - - … text": the step's item holds a list holding an item holding a list…
        try fixture.edit(Self.exercise, replacing: step, with: "2. " + String(repeating: "- ", count: Self.depth) + "Squeeze your buttocks.")
        let result = try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
        #expect(result.exitCode == 1)
        // Depth 1 is the numbered list, 2 its item, then list and item by turns: depth 101 is a list at column 4 + 2 * 49.
        #expect(result.errorText == Self.expectedError(line: line, column: 102))
    }

    /// Where a plan note goes; every one is text the practitioner typed, Markdown-escaped in the handout.
    /// `findings.notes` is not in the plain-text twin (its template has no notes section).
    static let noteCases: [(String, @Sendable (String) -> String)] = [
        ("findings.muscles[].note", { note in
            FixtureProject.plan.replacingOccurrences(of: "      status: inhibited\n", with: "      status: inhibited\n      note: \"\(note)\"\n") }),
        ("exercises[].note", { note in
            FixtureProject.plan.replacingOccurrences(of: "  - id: glute-bridge\n", with: "  - id: glute-bridge\n    note: \"\(note)\"\n") }),
        ("findings.notes[]", { note in
            FixtureProject.plan.replacingOccurrences(of: "goals:\n", with: "  notes:\n    - \"\(note)\"\ngoals:\n") }),
    ]

    @Test("a plan note of 200,000 quote markers renders as plain text", arguments: noteCases.map(\.0))
    func planNote(_ field: String) async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let makePlan = try #require(Self.noteCases.first { $0.0 == field }?.1)
        let note = String(repeating: "> ", count: Self.depth) + "Keep going."
        let planText = makePlan(note)
        #expect(planText != FixtureProject.plan, "the note was not added")
        let plan = try fixture.write("plans/sam.yaml", planText)
        let result = try await #require(try HEP.parseAsRoot(["render", "--project", fixture.root.path, plan.path]) as? HEP.Render).result()
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(result.outputText == "Output/t-001/2026-11-20/\n")

        // Escaped: the first `>` (the only one that could start a quote), and every `>` stays literal
        // text, one unbroken run of it in the HTML (no block quotes).
        // (Booleans first: a failing `contains` would print half a megabyte.)
        let markdown = try fixture.read("Output/t-001/2026-11-20/handout.md")
        let heldInMarkdown = markdown.contains(String(repeating: "> ", count: Self.depth - 1) + "Keep going.")
        let startsNoQuote = !markdown.split(separator: "\n").contains { $0.hasPrefix("> > ") || $0.hasPrefix("- > > ") }
        #expect(heldInMarkdown, "handout.md does not hold the note")
        #expect(startsNoQuote, "a line of handout.md starts an unescaped quote")
        let html = try fixture.read("Output/t-001/2026-11-20/handout.html")
        let textInHTML = html.contains(String(repeating: "&gt; ", count: Self.depth) + "Keep going.")
        #expect(textInHTML, "handout.html does not hold the note as text")
        guard field != "findings.notes[]" else { return }
        // The plain-text twin wraps the note's 200,000 one-character words at 78 columns.
        let text = try fixture.read("Output/t-001/2026-11-20/handout.txt")
        let noteLines = text.split(separator: "\n").filter { $0.contains("> > >") }
        #expect(noteLines.count >= 2 * Self.depth / 78)
        #expect(noteLines.allSatisfy { $0.count <= 78 })
        let ending = text.contains("> Keep going.")
        #expect(ending, "handout.txt lost the end of the note")
    }
}

/// The libcmark wrapper on its own, on a thread with a small stack: passing proves there is no recursion.
@Suite("libcmark wrapper: deep nesting")
struct CommonMarkDepthTests {
    /// A stack this small overflows after a few thousand levels of any recursive walk.
    static let smallStack = 256 * 1024

    final class Box<Value>: @unchecked Sendable {
        var value: Value?
    }

    /// Runs `body` on a new thread with only `smallStack` bytes of stack and waits for it.
    static func onSmallStack<Value>(_ body: @escaping @Sendable () -> Value) -> Value {
        let box = Box<Value>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = smallStack
        thread.start()
        done.wait()
        return box.value!
    }

    @Test("200,000 nested quotes: the position of the first level past the limit, and a tree cut off there",
          arguments: ["> ", "- ", "1. "])
    func deepBlocks(_ marker: String) {
        let source = "Intro.\n\n" + String(repeating: marker, count: 200_000) + "text\n"
        let (tooDeep, depth, nodes, plain) = Self.onSmallStack { () -> (MarkdownPosition?, Int, Int, String) in
            let parsed = CommonMark.parse(source)
            return (parsed.tooDeep, Self.depth(of: parsed.root), parsed.root.allNodes.count, parsed.root.plainText)
        }
        #expect(depth == CommonMark.maximumDepth)
        #expect(nodes == 1 + 2 + CommonMark.maximumDepth, "the document, the intro paragraph and its text, then one node per level")
        #expect(plain == "Intro.", "the text below the limit is cut off")
        switch marker {
        case "> ": #expect(tooDeep == MarkdownPosition(line: 3, column: 201))  // quote 101
        case "- ": #expect(tooDeep == MarkdownPosition(line: 3, column: 101))  // levels alternate list, item: 101 is list 51
        default: #expect(tooDeep == MarkdownPosition(line: 3, column: 151))    // three columns per "1. "
        }
    }

    @Test("inline nesting counts too: emphasis and images 100,000 deep")
    func deepInlines() async {
        let emphasis = String(repeating: "*a ", count: 100_000) + "x" + String(repeating: " b*", count: 100_000)
        let images = String(repeating: "![", count: 100_000) + "x" + String(repeating: "](u)", count: 100_000)
        let results = Self.onSmallStack { [emphasis, images] in
            [emphasis, images].map { source in
                let parsed = CommonMark.parse(source)
                return (parsed.tooDeep != nil, Self.depth(of: parsed.root))
            }
        }
        for (tooDeep, depth) in results {
            #expect(tooDeep)
            #expect(depth == CommonMark.maximumDepth)
        }
    }

    @Test("exactly at the limit is accepted, one past it is not")
    func boundary() async {
        // N quotes, a paragraph and its text are N + 2 levels.
        let atLimit = CommonMark.parse(String(repeating: "> ", count: CommonMark.maximumDepth - 2) + "text\n")
        #expect(atLimit.tooDeep == nil)
        #expect(Self.depth(of: atLimit.root) == CommonMark.maximumDepth)
        #expect(atLimit.root.plainText == "text")
        let overLimit = CommonMark.parse(String(repeating: "> ", count: CommonMark.maximumDepth - 1) + "text\n")
        #expect(overLimit.tooDeep == MarkdownPosition(line: 1, column: 2 * (CommonMark.maximumDepth - 1) + 1))
    }

    @Test("plainText and allNodes walk a hand-built tree 50,000 deep without recursion")
    func deepHandBuiltTree() async {
        let (plain, count) = Self.onSmallStack { () -> (String, Int) in
            var node = MarkdownNode(kind: .text, literal: "x")
            for _ in 0..<50_000 { node = MarkdownNode(kind: .emphasis, children: [node]) }
            // Swift destroys nested values recursively, so this test keeps its tree for good.
            let keeper = Box<MarkdownNode>()
            keeper.value = node
            _ = Unmanaged.passRetained(keeper)
            return (node.plainText, node.allNodes.count)
        }
        #expect(plain == "x")
        #expect(count == 50_001)
    }

    @Test("libcmark's HTML of 200,000 nested quotes (the final handout's conversion) needs no Swift recursion")
    func deepHTML() async {
        let html = Self.onSmallStack { CommonMark.html(from: String(repeating: "> ", count: 200_000) + "text\n") }
        #expect(html.hasPrefix("<blockquote>\n<blockquote>\n"))
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == 200_000)
    }

    /// How many levels below the document the tree reaches, counted without recursion.
    static func depth(of root: MarkdownNode) -> Int {
        var deepest = 0
        var pending = [(root, 0)]
        while let (node, depth) = pending.popLast() {
            deepest = max(deepest, depth)
            pending.append(contentsOf: node.children.map { ($0, depth + 1) })
        }
        return deepest
    }
}
