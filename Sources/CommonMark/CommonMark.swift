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

    /// How many levels below the document a parse tree may reach, block and inline nodes alike:
    /// in `> Some *words*` the quote is level 1, its paragraph 2, the emphasis 3 and its text 4.
    ///
    /// Real handout Markdown reaches about eight (emphasis in a list in a list in a quote);
    /// 100 is the nesting limit markdown-it uses by default, so no sensible text comes near it.
    /// The limit exists because a `MarkdownNode` tree is a Swift value: Swift destroys, compares
    /// and hashes it recursively, one stack frame or more per level, and so does any code that
    /// walks `children` the natural way. libcmark itself builds and frees a tree of any depth
    /// without recursion, so `> > > … text` with 200,000 markers parses fine in C; only the copy
    /// into Swift must stop. At 100 levels even a kilobyte of stack per level stays far below the
    /// 512 KB a secondary thread gets on macOS.
    public static let maximumDepth = 100

    /// Parses CommonMark into a tree of Swift values; no C pointer outlives this call.
    ///
    /// The tree is copied without recursion and never deeper than `maximumDepth`: when the
    /// Markdown nests deeper, `tooDeep` says where the first node below the limit starts and the
    /// tree stops at the limit (so a caller must check `tooDeep` before trusting the tree).
    public static func parse(_ markdown: String, options: MarkdownOptions = .handout) -> MarkdownDocument {
        var source = markdown
        return source.withUTF8 { buffer -> MarkdownDocument in
            guard let base = buffer.baseAddress,
                  let document = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, { pointer in
                      cmark_parse_document(pointer, buffer.count, options.cmarkValue)
                  })
            else { return MarkdownDocument(root: MarkdownNode(kind: .document), tooDeep: nil) }
            defer { cmark_node_free(document) }
            return copy(document)
        }
    }

    /// Copies libcmark's tree depth first with an explicit stack: `open[i]` is the node being
    /// filled at depth `i` (the document at 0), closed into its parent once its last child is done.
    private static func copy(_ document: OpaquePointer) -> MarkdownDocument {
        var open = [MarkdownNode(copyingFieldsOf: document)]
        var tooDeep: MarkdownPosition?
        var next = cmark_node_first_child(document)
        walk: while let node = next {
            // `node` sits at depth `open.count`.
            if open.count > maximumDepth {
                tooDeep = MarkdownPosition(line: Int(cmark_node_get_start_line(node)),
                                           column: Int(cmark_node_get_start_column(node)))
                break walk
            }
            open.append(MarkdownNode(copyingFieldsOf: node))
            if let child = cmark_node_first_child(node) {
                next = child
                continue walk
            }
            // A node without children is done; so is each ancestor whose last child it was.
            var finished = node
            while true {
                let done = open.removeLast()
                open[open.count - 1].children.append(done)
                if let sibling = cmark_node_next(finished) {
                    next = sibling
                    continue walk
                }
                guard let parent = cmark_node_parent(finished), parent != document else { break walk }
                finished = parent
            }
        }
        // Close what is still open (only when the walk stopped at the limit).
        while open.count > 1 {
            let done = open.removeLast()
            open[open.count - 1].children.append(done)
        }
        return MarkdownDocument(root: open[0], tooDeep: tooDeep)
    }
}

/// A parsed CommonMark document.
public struct MarkdownDocument: Sendable, Hashable {
    /// The document node. When `tooDeep` is set, nodes below `CommonMark.maximumDepth` are missing.
    public var root: MarkdownNode
    /// Where the first node nested deeper than `CommonMark.maximumDepth` starts; nil when none is.
    public var tooDeep: MarkdownPosition?

    /// Makes a parse result by hand (tests).
    public init(root: MarkdownNode, tooDeep: MarkdownPosition? = nil) {
        self.root = root
        self.tooDeep = tooDeep
    }
}

/// A place in Markdown source: 1-based line, and 1-based column counted in UTF-8 bytes (libcmark's).
public struct MarkdownPosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
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

    /// Copies one node's own fields, without its children (`CommonMark.parse` adds those).
    init(copyingFieldsOf node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        kind = Self.kind(of: type)
        literal = cmark_node_get_literal(node).map { String(cString: $0) }
        headingLevel = kind == .heading ? Int(cmark_node_get_heading_level(node)) : nil
        isOrderedList = kind == .list && cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        url = (kind == .link || kind == .image) ? cmark_node_get_url(node).map { String(cString: $0) } : nil
        line = Int(cmark_node_get_start_line(node))
        column = Int(cmark_node_get_start_column(node))
        endLine = Int(cmark_node_get_end_line(node))
        children = []
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
    ///
    /// Walks with an explicit stack, so a tree built by hand of any depth cannot overflow it.
    public var plainText: String {
        var text = ""
        var pending: [MarkdownNode] = [self]
        while let node = pending.popLast() {
            switch node.kind {
            case .text, .code: text += node.literal ?? ""
            case .softBreak, .lineBreak: text += " "
            default: pending.append(contentsOf: node.children.reversed())
            }
        }
        return text
    }

    /// This node and all its descendants, depth first (each node before its children).
    ///
    /// Walks with an explicit stack, so a tree built by hand of any depth cannot overflow it.
    public var allNodes: [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        var pending: [MarkdownNode] = [self]
        while let node = pending.popLast() {
            nodes.append(node)
            pending.append(contentsOf: node.children.reversed())
        }
        return nodes
    }
}
