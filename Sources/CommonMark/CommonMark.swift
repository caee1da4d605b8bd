internal import Ccmark
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Options for converting Markdown with libcmark.
///
/// > Warning: There is deliberately no "unsafe" option. Handouts are emailed and opened by patients,
/// > so raw HTML in the Markdown is always dropped and `javascript:`, `vbscript:`, `file:` and
/// > non-image `data:` links are always emptied by libcmark's safe mode.
public struct MarkdownOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Straight quotes to curly, `--` to en dash, `---` to em dash, `...` to an ellipsis.
    public static let smartPunctuation = MarkdownOptions(rawValue: 1 << 0)
    /// Replace invalid UTF-8 with U+FFFD instead of passing it through.
    public static let validateUTF8 = MarkdownOptions(rawValue: 1 << 1)
    /// Record `data-sourcepos` on block elements (for debugging templates).
    public static let sourcePositions = MarkdownOptions(rawValue: 1 << 2)

    /// What handouts use: smart punctuation and UTF-8 validation.
    public static let handout: MarkdownOptions = [.smartPunctuation, .validateUTF8]

    var cmarkValue: Int32 {
        var value: Int32 = 0  // CMARK_OPT_DEFAULT: safe, raw HTML omitted.
        if contains(.smartPunctuation) { value |= CMARK_OPT_SMART }
        if contains(.validateUTF8) { value |= CMARK_OPT_VALIDATE_UTF8 }
        if contains(.sourcePositions) { value |= CMARK_OPT_SOURCEPOS }
        return value
    }
}

/// Markdown conversion and parsing through libcmark. The only module that touches the C library.
public enum CommonMark {
    /// The version of the libcmark linked at run time, e.g. `0.30.2`.
    public static var version: String {
        guard let cString = cmark_version_string() else { return "unknown" }
        return String(cString: cString)
    }

    /// Converts CommonMark to an HTML fragment in safe mode.
    public static func html(from markdown: String, options: MarkdownOptions = .handout) -> String {
        var source = markdown
        return source.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress else { return "" }
            let raw = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                cmark_markdown_to_html(pointer, buffer.count, options.cmarkValue)
            }
            guard let raw else { return "" }
            defer { free(raw) }
            return String(cString: raw)
        }
    }

    /// Parses CommonMark into a tree of Swift values; no C pointer outlives this call.
    public static func parse(_ markdown: String, options: MarkdownOptions = .handout) -> MarkdownNode {
        var source = markdown
        return source.withUTF8 { buffer -> MarkdownNode in
            guard let base = buffer.baseAddress,
                  let document = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, { pointer in
                      cmark_parse_document(pointer, buffer.count, options.cmarkValue)
                  })
            else { return MarkdownNode(kind: .document) }
            defer { cmark_node_free(document) }
            return MarkdownNode(copying: document)
        }
    }
}

/// One node of a parsed CommonMark document, copied out of libcmark.
public struct MarkdownNode: Sendable, Hashable {
    /// The node types of CommonMark.
    public enum Kind: String, Sendable, Hashable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading
        case thematicBreak, text, softBreak, lineBreak, code, htmlInline, customInline, emphasis
        case strong, link, image, unknown
    }

    /// What kind of node this is.
    public var kind: Kind
    /// Text of `text`, `code`, `codeBlock`, `htmlBlock` and `htmlInline` nodes.
    public var literal: String?
    /// Heading level (1-6) for headings.
    public var headingLevel: Int?
    /// Whether a list is ordered (numbered).
    public var isOrderedList: Bool
    /// Destination of a link or image.
    public var url: String?
    /// 1-based line where the node starts in the source.
    public var line: Int
    /// 1-based column where the node starts in the source.
    public var column: Int
    /// 1-based line where the node ends in the source.
    public var endLine: Int
    /// Child nodes in document order.
    public var children: [MarkdownNode]

    /// Makes a node by hand (tests, synthetic trees).
    public init(kind: Kind, literal: String? = nil, headingLevel: Int? = nil, isOrderedList: Bool = false,
                url: String? = nil, line: Int = 0, column: Int = 0, endLine: Int = 0, children: [MarkdownNode] = []) {
        self.kind = kind
        self.literal = literal
        self.headingLevel = headingLevel
        self.isOrderedList = isOrderedList
        self.url = url
        self.line = line
        self.column = column
        self.endLine = endLine
        self.children = children
    }

    init(copying node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        kind = Self.kind(of: type)
        literal = cmark_node_get_literal(node).map { String(cString: $0) }
        headingLevel = kind == .heading ? Int(cmark_node_get_heading_level(node)) : nil
        isOrderedList = kind == .list && cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        url = (kind == .link || kind == .image) ? cmark_node_get_url(node).map { String(cString: $0) } : nil
        line = Int(cmark_node_get_start_line(node))
        column = Int(cmark_node_get_start_column(node))
        endLine = Int(cmark_node_get_end_line(node))
        var copied: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            copied.append(MarkdownNode(copying: current))
            child = cmark_node_next(current)
        }
        children = copied
    }

    private static func kind(of type: cmark_node_type) -> Kind {
        switch type {
        case CMARK_NODE_DOCUMENT: .document
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_LIST: .list
        case CMARK_NODE_ITEM: .item
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: .customBlock
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_THEMATIC_BREAK: .thematicBreak
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: .customInline
        case CMARK_NODE_EMPH: .emphasis
        case CMARK_NODE_STRONG: .strong
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_IMAGE: .image
        default: .unknown
        }
    }

    /// The plain text of this node and its descendants (soft breaks as spaces).
    public var plainText: String {
        switch kind {
        case .text, .code: return literal ?? ""
        case .softBreak, .lineBreak: return " "
        default: return children.map(\.plainText).joined()
        }
    }

    /// This node and all its descendants, depth first.
    public var allNodes: [MarkdownNode] {
        [self] + children.flatMap(\.allNodes)
    }
}
