import Foundation
import Testing
@testable import HEPKit

/// hep's byte reader for plain block YAML must give exactly what Yams gives for every document it
/// takes (same text, quoting style, line and column of every node), and hand everything else over.
@Suite("Block YAML reader")
struct BlockYAMLTests {
    /// What the reader gives, in the composer tests' dump form; nil when it hands the text over.
    static func read(_ text: String) -> String? {
        BlockYAML.read(text).map { YAMLComposerTests.dump($0) }
    }

    @Test("every YAML file of the repository is read here, as Yams reads it (block text excepted)")
    func repository() throws {
        let documents = try YAMLComposerTests.repositoryDocuments()
        var read = 0
        for (path, text) in documents {
            let usesBlockText = text.split(separator: "\n").contains { $0.hasSuffix(": >-") || $0.hasSuffix(": |") || $0.hasSuffix(": >") || $0.hasSuffix(": |-") }
            guard let ours = Self.read(text) else {
                // The new-exercise skeleton holds `{placeholders}` where values go.
                #expect(usesBlockText || path.hasSuffix("exercise-skeleton.md"), "handed over: \(path)")
                continue
            }
            read += 1
            #expect(ours == YAMLComposerTests.yams(text), "differs from Yams: \(path)")
        }
        #expect(read > 100)
    }

    @Test("the composer's examples: what is read here reads as Yams reads it")
    func examples() {
        for text in YAMLComposerTests.examples {
            if let ours = Self.read(text) {
                #expect(ours == YAMLComposerTests.yams(text), "differs from Yams: \(text.debugDescription)")
            }
        }
        let taken = [
            "key: value\n",
            "a: 1\nb: '2'\nc: \"th\\\"ree\"\nd: ~\ne:\nf: null\n",
            "flow: {a: 1, b: [2, 3], c: {}}\nempty: []\n",
            "unicode: \"Köln — ½ 日本\"\nemoji: 🙂\nlist: [é, ½ b, c]\n",
            "  indented: yes\n  other: no\n",
            "- one\n- two\n",
            "key: value # comment\n# end\n",
            "list:\n  - a\n  - b: c\n    d: [e, 'f', {g: h}]\n",
            "props: [mat, towel: knee, {a: b}, [c, d: 'e']]\n",
            "per-day:\n  one: once\n  \"=2\": twice\n  'x y': z\n  lower back: [a b: c, {d e: f}]\n",
            "top:\n- a\n- b\nnext: 'it''s'\n",
            "a:\n  b:\n    c: 1\n  d:\n    - x: 1\n      y: [1, 2]\n    - z\ne: end",
            "k: v\n   # comment indented\n\n  \nl: w\n",
            (0..<40).map { "k\($0): v\($0)\n" }.joined(),
        ]
        for text in taken {
            let ours = Self.read(text)
            #expect(ours != nil, "handed over: \(text.debugDescription)")
            #expect(ours == YAMLComposerTests.yams(text), "differs from Yams: \(text.debugDescription)")
        }
        let handed = [
            "", "# only\n", "---\na: 1\n", "%YAML 1.1\n---\na: 1\n", "text: |\n  a\n", "a: >-\n  b\n",
            "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "? a\n: b\n", "a: 1\na: 2\n",
            "a: b: c\n", "a: 'x\n  y'\n", "a: x\n  y\n", "a:\tb\n", "a: b\r\n", "a: \"\\n\"\n",
            "a: [1, 2\n", "a: [1,]\n", "a: {b: }\n", "a: - b\n", "-\n  a: 1\n", "- - a\n",
            "a: 1\n b: 2\n", "  a: 1\nb: 2\n", "a: 1\n...\n", "a: x\u{2028}y\n", "a: x\u{85}\n", "\u{FEFF}a: 1\n",
            "plain scalar\n", "a: 'b'c\n", "a: x # c\n  more\n",
        ]
        for text in handed {
            #expect(Self.read(text) == nil, "read here, not handed over: \(text.debugDescription)")
        }
    }

    @Test("5,000 generated documents: what is read here reads as Yams reads it")
    func generated() {
        var random = SplitMix(seed: 20261203)
        var taken = 0
        for _ in 0..<5_000 {
            let text = YAMLComposerTests.generate(&random, depth: 0, indent: "")
            if let ours = Self.read(text) {
                taken += 1
                #expect(ours == YAMLComposerTests.yams(text), "differs from Yams: \(text.debugDescription)")
            }
        }
        #expect(taken > 500, "\(taken) read here")
    }

    /// A document changed in one small way: a character that means something to YAML put in, a
    /// few bytes taken out, a line indented differently, repeated, or joined to the next.
    static func mutate(_ text: String, _ random: inout SplitMix) -> String {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return text }
        let place = Int(random.next() % UInt64(bytes.count))
        let pieces = [":", ": ", " #", "#", "-", "- ", "[", "]", "{", "}", ",", "'", "\"", "\\", "&a ", "*a", "!",
                      "|", ">", "?", "%", "@", "`", "\n", " ", "  ", "\t", "\r", "...", "---", "é", "\u{2028}", "~", "\n-"]
        switch random.next() % 6 {
        case 0, 1:
            bytes.insert(contentsOf: Array(pieces[Int(random.next() % UInt64(pieces.count))].utf8), at: place)
        case 2:
            bytes.removeSubrange(place..<min(bytes.count, place + 1 + Int(random.next() % 3)))
        default:
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let line = Int(random.next() % UInt64(lines.count))
            switch random.next() % 4 {
            case 0: lines[line] = " " + lines[line]
            case 1: if lines[line].hasPrefix(" ") { lines[line].removeFirst() }
            case 2: lines.insert(lines[line], at: line)
            default: if line + 1 < lines.count { lines[line] += lines.remove(at: line + 1) }
            }
            return lines.joined(separator: "\n")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("6,000 mutated repository documents: what is read here reads as Yams reads it")
    func mutated() throws {
        let documents = try YAMLComposerTests.repositoryDocuments().sorted { $0.0 < $1.0 }
        var random = SplitMix(seed: 31)
        var taken = 0
        var handed = 0
        for index in 0..<6_000 {
            let (path, original) = documents[index % documents.count]
            var text = original
            for _ in 0...(random.next() % 2) { text = Self.mutate(text, &random) }
            guard let ours = Self.read(text) else {
                handed += 1
                continue
            }
            taken += 1
            #expect(ours == YAMLComposerTests.yams(text), "differs from Yams: \(path) mutated to \(text.debugDescription)")
        }
        // Both outcomes are exercised.
        #expect(taken > 1_000 && handed > 1_000, "\(taken) read here, \(handed) handed over")
    }

    @Test("long lines and deep nesting are read or handed over without a crash")
    func hostile() {
        let wide = "a: [" + Array(repeating: "x", count: 200_000).joined(separator: ", ") + "]\n"
        if let node = BlockYAML.read(wide), case .mapping(let mapping) = node, case .sequence(let list) = mapping[0].value {
            #expect(list.count == 200_000)
            #expect(list[199_999].mark.column == 5 + 3 * 199_999)
        } else {
            Issue.record("a wide flow list is read here")
        }
        let deep = (0..<2_000).map { String(repeating: " ", count: $0) + "k:\n" }.joined() + String(repeating: " ", count: 2_000) + "v: 1\n"
        #expect(BlockYAML.read(deep) == nil)
        let flow = "a: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        #expect(BlockYAML.read(flow) == nil)
        let keys = (0..<20_000).map { "k\($0): v\n" }.joined()
        #expect(BlockYAML.read(keys).map { if case .mapping(let m) = $0 { m.count } else { 0 } } == 20_000)
    }
}
