internal import CYaml
internal import Yams

/// A YAML node as hep reads it: text scalars (with their quoting style), lists and mappings, each
/// with the line and column it starts at. Tags are not kept: hep reads numbers, dates and booleans
/// itself, with its own messages.
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    struct Mark: Sendable, Equatable {
        /// 1-based, as in a diagnostic.
        let line: Int
        let column: Int
    }

    enum Style: Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    struct Scalar: Sendable {
        let string: String
        let style: Style
        let mark: Mark
    }

    struct Mapping: Sendable, RandomAccessCollection {
        let pairs: [(key: YAMLNode, value: YAMLNode)]
        let mark: Mark
        var startIndex: Int { 0 }
        var endIndex: Int { pairs.count }
        subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { pairs[position] }
        var keys: [YAMLNode] { pairs.map(\.key) }
    }

    struct Sequence: Sendable, RandomAccessCollection {
        let nodes: [YAMLNode]
        let mark: Mark
        var startIndex: Int { 0 }
        var endIndex: Int { nodes.count }
        subscript(position: Int) -> YAMLNode { nodes[position] }
    }

    var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// A scalar's text; nil for a list or a mapping.
    var string: String? { scalar?.string }
}

/// Builds `YAMLNode`s straight from libyaml's events (the parser inside Yams).
///
/// Why not `Yams.compose`: it builds a tagged, anchored, resolver-carrying node tree and hashes
/// every mapping's keys to find duplicates; hep reads only text, style and place, and that tree
/// cost about 1.5 times libyaml's own parsing (a fifth of one render). This composer handles the
/// YAML hep's files are made of (plain, quoted and block text, lists and mappings with text keys).
/// Anything else, and every error, is handed to Yams, so anchors, aliases, tags, complex keys,
/// duplicate keys and malformed input get exactly Yams's result and messages. Before libyaml,
/// `BlockYAML` tries the plainest of these documents (most of hep's files) straight from their bytes.
enum YAMLComposer {
    enum Outcome {
        case node(YAMLNode)
        case empty
        /// Not handled here: compose with Yams instead.
        case useYams
    }

    static func compose(_ text: String) -> Outcome {
        // The plain block YAML of hep's own files, read without libyaml.
        if let node = BlockYAML.read(text) { return .node(node) }
        var copy = text
        return copy.withUTF8 { bytes in
            // On the heap and never copied: libyaml's string reader points back at the parser.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return .useYams }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
            var events = Events(parser: parser)
            return events.document()
        }
    }

    /// The event stream and what was composed so far.
    private struct Events {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        var event = yaml_event_t()
        var failed = false

        init(parser: UnsafeMutablePointer<yaml_parser_t>) { self.parser = parser }

        /// Moves to the next event; false (and `failed`) on a parse error.
        mutating func next() -> Bool {
            yaml_event_delete(&event)
            guard yaml_parser_parse(parser, &event) == 1 else {
                failed = true
                event = yaml_event_t()
                return false
            }
            return true
        }

        var mark: YAMLNode.Mark {
            YAMLNode.Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        }

        mutating func document() -> Outcome {
            defer { yaml_event_delete(&event) }
            guard next(), event.type == YAML_STREAM_START_EVENT, next() else { return .useYams }
            if event.type == YAML_STREAM_END_EVENT { return .empty }
            guard event.type == YAML_DOCUMENT_START_EVENT, next(), let root = node() else { return .useYams }
            // The document's end, then the stream's: a second document is Yams's error to report.
            guard next(), event.type == YAML_DOCUMENT_END_EVENT, next(), event.type == YAML_STREAM_END_EVENT else {
                return .useYams
            }
            return .node(root)
        }

        /// The node starting at the current event; nil to hand the whole text to Yams.
        mutating func node() -> YAMLNode? {
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil, let style = Self.style(scalar.style) else { return nil }
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                return .scalar(.init(string: text, style: style, mark: mark))
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                guard start.anchor == nil, start.tag == nil else { return nil }
                let mark = self.mark
                var nodes: [YAMLNode] = []
                while next(), event.type != YAML_SEQUENCE_END_EVENT {
                    guard let item = node() else { return nil }
                    nodes.append(item)
                }
                return failed ? nil : .sequence(.init(nodes: nodes, mark: mark))
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                guard start.anchor == nil, start.tag == nil else { return nil }
                let mark = self.mark
                var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                var keys: Set<String> = []
                while next(), event.type != YAML_MAPPING_END_EVENT {
                    // Text keys only; a repeated key is Yams's error to report.
                    guard event.type == YAML_SCALAR_EVENT, let key = node(), let name = key.string,
                          !YAMLNode.repeats(name, in: pairs, seen: &keys), next(), let value = node() else { return nil }
                    pairs.append((key, value))
                }
                return failed ? nil : .mapping(.init(pairs: pairs, mark: mark))
            default:
                // An alias (or anything unexpected).
                return nil
            }
        }


        static func style(_ style: yaml_scalar_style_t) -> YAMLNode.Style? {
            switch style {
            case YAML_PLAIN_SCALAR_STYLE: .plain
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: nil
            }
        }
    }
}

extension YAMLNode {
    /// The same node from Yams's tree (aliases already resolved by Yams).
    init(_ node: Node) {
        let mark = node.mark.map { Mark(line: $0.line, column: $0.column) } ?? Mark(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            let style: Style = switch scalar.style {
            case .plain, .any: .plain
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            }
            self = .scalar(.init(string: scalar.string, style: style, mark: mark))
        case .mapping(let mapping):
            self = .mapping(.init(pairs: mapping.map { (YAMLNode($0.key), YAMLNode($0.value)) }, mark: mark))
        case .sequence(let sequence):
            self = .sequence(.init(nodes: sequence.map(YAMLNode.init), mark: mark))
        case .alias(let alias):
            // Yams resolves aliases while composing; an unresolved one reads as empty text.
            self = .scalar(.init(string: "", style: .plain, mark: alias.mark.map { Mark(line: $0.line, column: $0.column) } ?? mark))
        }
    }
}

extension YAMLNode {
    /// Whether `name` is already a key of a mapping being read (libyaml's events or the byte
    /// reader): compared in place for small mappings, by a set beyond.
    static func repeats(_ name: String, in pairs: [(key: YAMLNode, value: YAMLNode)], seen: inout Set<String>) -> Bool {
        if pairs.count < 16 {
            for pair in pairs where pair.key.string == name { return true }
            return false
        }
        if seen.isEmpty { seen = Set(pairs.compactMap(\.key.string)) }
        return !seen.insert(name).inserted
    }
}
