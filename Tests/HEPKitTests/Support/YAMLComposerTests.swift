import Foundation
import Testing
@testable import HEPKit
import Yams

/// hep's own YAML composer (libyaml's events straight to `YAMLNode`) must read every document
/// exactly as Yams does: same text, quoting style, line and column for every node, and Yams's
/// own result for everything it hands over (anchors, tags, repeated keys, errors).
@Suite("YAML composer")
struct YAMLComposerTests {
    /// A readable dump of a node: kind, place, style and text, one node per line.
    static func dump(_ node: YAMLNode, indent: String = "") -> String {
        let at = "\(node.mark.line):\(node.mark.column)"
        switch node {
        case .scalar(let scalar):
            return "\(indent)\(at) \(scalar.style) \(scalar.string.debugDescription)\n"
        case .sequence(let sequence):
            return "\(indent)\(at) list\n" + sequence.map { dump($0, indent: indent + "  ") }.joined()
        case .mapping(let mapping):
            return "\(indent)\(at) mapping\n" + mapping.map { dump($0.key, indent: indent + "  ") + dump($0.value, indent: indent + "    ") }.joined()
        }
    }

    /// What Yams composes, in the same form (nil when it finds no document; the error's text when it fails).
    static func yams(_ text: String) -> String {
        do {
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else { return "empty" }
            return dump(YAMLNode(node))
        } catch {
            return "error: \(error)"
        }
    }

    /// What hep's composer gives, falling back to Yams where it says so.
    static func ours(_ text: String) -> (String, handled: Bool) {
        switch YAMLComposer.compose(text) {
        case .node(let node): (dump(node), true)
        case .empty: ("empty", true)
        case .useYams: (yams(text), false)
        }
    }

    /// Every YAML text of the repository: plans, settings, wording, vocabulary, packs and each
    /// exercise's front matter.
    static func repositoryDocuments() throws -> [(String, String)] {
        var found: [(String, String)] = []
        let root = Repository.root
        for folder in ["Examples", "Templates", "Exercises"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where ["yaml", "md"].contains(url.pathExtension) {
                let text = try String(contentsOf: url, encoding: .utf8)
                if url.pathExtension == "yaml" {
                    found.append((url.path, text))
                } else if text.hasPrefix("---\n") {
                    var diagnostics = DiagnosticList()
                    if let document = FrontMatterDocument.split(text, file: url.path, into: &diagnostics) {
                        found.append((url.path, document.yaml))
                    }
                }
            }
        }
        return found
    }

    @Test("every YAML file of the repository composes as Yams composes it, without handing over")
    func repository() throws {
        let documents = try Self.repositoryDocuments()
        #expect(documents.count > 100)
        for (path, text) in documents {
            let (ours, handled) = Self.ours(text)
            #expect(handled, "handed to Yams: \(path)")
            #expect(ours == Self.yams(text), "differs from Yams: \(path)")
        }
    }

    static let examples: [String] = [
        "",
        "# only a comment\n",
        "---\n",
        "key: value\n",
        "a: 1\nb: '2'\nc: \"three\\n\\u00e9\\0x\"\nd: ~\ne:\nf: null\n",
        "text: |\n  line one\n  line two\n\nfolded: >-\n  one\n  two\n",
        "list:\n  - a\n  - b: c\n    d: [e, 'f', {g: h}]\n  -\n  - - nested\n",
        "flow: {a: 1, b: [2, 3], c: {}}\nempty: []\n",
        "unicode: \"Köln — ½ 日本\"\nemoji: 🙂\n",
        "  indented: yes\n  other: no\n",
        "plain scalar at the top\n",
        "- one\n- two\n",
        "key: value # comment\n# end\n",
        "multi: this is\n  a plain scalar\n  over lines\n",
        (0..<40).map { "k\($0): v\($0)\n" }.joined(),
        // Handed to Yams: anchors and aliases, tags, complex keys, repeated keys, errors, two documents.
        "a: &x 1\nb: *x\n",
        "base: &b {x: 1}\nother: *b\n",
        "n: !!int 5\n",
        "s: !!str yes\n",
        "? [a, b]\n: c\n",
        "a: 1\na: 2\n",
        (0..<40).map { "k\($0): v\($0)\n" }.joined() + "k3: again\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "\ta: 1\n",
        "a: 1\n---\nb: 2\n",
        "key: 'unterminated\n",
        "patient: " + String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000) + "\n",
    ]

    @Test("hand-written documents, and those handed to Yams, read as Yams reads them")
    func examples() {
        for text in Self.examples {
            #expect(Self.ours(text).0 == Self.yams(text), "differs from Yams: \(text.debugDescription)")
        }
        // The common shapes are composed here, not handed over.
        for text in Self.examples.prefix(15) {
            #expect(Self.ours(text).handled, "handed to Yams: \(text.debugDescription)")
        }
        for text in Self.examples.dropFirst(15) {
            #expect(!Self.ours(text).handled, "composed, not handed to Yams: \(text.debugDescription)")
        }
    }

    /// A random document: mostly well-formed nesting of the scalars hep's files hold, now and then
    /// something handed to Yams (an anchor, an alias, a tag, a repeated key, a broken line).
    static func generate(_ random: inout SplitMix, depth: Int, indent: String) -> String {
        let scalars = ["a", "b c", "'q'", "\"d\\tq\"", "~", "1", "é ½", "x # comment", "'it''s'", "\"\""]
        let odd = ["&a v", "*a", "!!str t", "[", "'", "a: b: c", "\tx", "{k: v", "? k"]
        func scalar() -> String {
            random.next() % 12 == 0 ? odd[Int(random.next() % UInt64(odd.count))] : scalars[Int(random.next() % UInt64(scalars.count))]
        }
        var text = ""
        let entries = 1 + Int(random.next() % 4)
        let isList = random.next() % 3 == 0
        for key in 0..<entries {
            let head = isList ? "\(indent)- " : "\(indent)k\(random.next() % 25 == 0 ? 0 : key):"
            switch depth < 3 ? random.next() % 5 : 0 {
            case 1, 2:
                text += head + "\n" + generate(&random, depth: depth + 1, indent: indent + "  ")
            case 3:
                text += head + " |\n\(indent)  block line\n\(indent)  another\n"
            default:
                text += head + " " + scalar() + "\n"
            }
        }
        return text
    }

    @Test("5,000 generated documents read as Yams reads them")
    func generated() {
        var random = SplitMix(seed: 20261203)
        var handled = 0
        for _ in 0..<5_000 {
            let text = Self.generate(&random, depth: 0, indent: "")
            let (ours, composed) = Self.ours(text)
            #expect(ours == Self.yams(text), "differs from Yams: \(text.debugDescription)")
            if composed { handled += 1 }
        }
        // Both paths are exercised: most documents composed here, the rest by Yams.
        #expect(handled > 1_000 && handled < 4_500, "\(handled) composed here")
    }
}
