internal import Mustache

/// A Mustache template parsed once into a tree of nodes and filled straight from the view model,
/// with the same output as swift-mustache 2.1 byte for byte: the same standalone-line and partial
/// indentation rules, content types, context stack, list positions and transforms.
///
/// It covers what clinic templates use: text, `{{key}}`, `{{{key}}}`, `{{&key}}`, sections,
/// inverted sections, partials, comments and `{{% CONTENT_TYPE: ... }}`. A template outside that
/// (other delimiters, blocks, inheritance, dynamic partials, or text where Characters and bytes
/// would split differently around the syntax) does not compile, and the library renders every
/// template with swift-mustache instead; a template with a syntax error does not compile either,
/// and swift-mustache's parser reports it.
struct CompiledTemplate: Sendable {
    /// How values are escaped.
    enum ContentType: Sendable {
        case html, text, markdown

        func escape(_ text: String) -> String {
            switch self {
            case .html: HTMLEscaping.escape(text)
            case .text: text
            case .markdown: MarkdownEscaping.escape(text)
            }
        }
    }

    /// Where a name is looked up (swift-mustache's `getChild`).
    enum Lookup: Sendable, Equatable {
        /// `.` (and an empty name): the innermost value.
        case current
        /// An empty name with transforms (`last()`): the position in the list being shown.
        case position
        /// `.a.b`: `a` only in the innermost value.
        case local([String])
        /// `a.b`: `a` in the innermost value that has it.
        case stack([String])
    }

    /// A name with its transforms, outermost first (as written).
    struct Name: Sendable {
        let lookup: Lookup
        let transforms: [String]

        init(_ name: String, transforms: [String]) {
            self.transforms = transforms
            if name == "." {
                lookup = .current
            } else if name.isEmpty, !transforms.isEmpty {
                lookup = .position
            } else if name.first == "." {
                let parts = name.split(separator: ".").map(String.init)
                lookup = parts.isEmpty ? .current : .local(parts)
            } else {
                let parts = name.split(separator: ".").map(String.init)
                lookup = parts.isEmpty ? .current : .stack(parts)
            }
        }
    }

    indirect enum Node: Sendable {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, [Node], inverted: Bool)
        case partial(String, indentation: String?)
        case contentType(ContentType)
    }

    let nodes: [Node]

    /// Compiles `text`; nil when it uses what this compiler leaves to swift-mustache, or has an error.
    init?(_ text: String) {
        guard Self.isPlain(text) else { return nil }
        var parser = TemplateParser(bytes: Array(text.utf8))
        guard let nodes = try? parser.parse(TemplateParser.State()) else { return nil }
        self.nodes = nodes
    }

    /// True when every byte the syntax looks at (`{`, `}`, line ends, spaces and tabs) is a
    /// Character of its own, and there are no line ends or spaces other than LF, space and tab
    /// that swift-mustache's Character tests would treat differently from bytes.
    static func isPlain(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            switch byte {
            case 0x0B, 0x0C, 0x0D: return false
            case 0x80...: ascii = false
            default: continue
            }
        }
        if ascii { return true }
        // Only Characters near non-ASCII bytes can fail, and only those are walked: two ASCII
        // bytes in a row (CR is refused above) always have a Character break between them, so a
        // stretch from the ASCII byte before a non-ASCII run to the one after it breaks into the
        // same Characters alone as inside the whole text.
        let bytes = text.utf8
        var index = bytes.startIndex
        while let run = bytes[index...].firstIndex(where: { $0 >= 0x80 }) {
            var start = run
            if start > bytes.startIndex { start = bytes.index(before: start) }
            var end = run
            // The stretch goes on while no two ASCII bytes in a row end it.
            var asciiInRow = 0
            while end < bytes.endIndex {
                asciiInRow = bytes[end] < 0x80 ? asciiInRow + 1 : 0
                end = bytes.index(after: end)
                if asciiInRow == 2 { end = bytes.index(before: end); break }
            }
            for character in text[start..<end] {
                let scalars = character.unicodeScalars
                if scalars.count > 1, scalars.contains(where: { $0.isASCII }) { return false }
                if let scalar = scalars.first, scalars.count == 1, !scalar.isASCII,
                   character.isNewline || character.isWhitespace { return false }
            }
            index = end
        }
        return true
    }
}

// MARK: Parsing

/// swift-mustache 2.1's parser (`Template+Parser.swift`), step for step, over UTF-8 bytes.
private struct TemplateParser {
    struct Failure: Error {}

    struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true

        func withSection(_ name: String, newLine: Bool, transforms: [String]) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            if !newLine { state.newLine = false }
            return state
        }
    }

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }
    /// The current byte, 0 at the end (swift-mustache's "\0").
    var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    @discardableResult
    mutating func skip(while test: (UInt8) -> Bool) -> Range<Int> {
        let start = position
        while position < bytes.count, test(bytes[position]) { position += 1 }
        return start..<position
    }

    /// Consumes `}}` (or one `}`) when it is next.
    mutating func read(_ literal: [UInt8]) -> Bool {
        guard position + literal.count <= bytes.count, Array(bytes[position..<(position + literal.count)]) == literal else { return false }
        position += literal.count
        return true
    }

    static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    /// Character.isWhitespace for the ASCII left by `isPlain` (non-ASCII white space fails the parse).
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x2D, 0x5F, 0x3F, 0x2A: true  // 0-9 A-Z a-z . - _ ? *
        default: false
        }
    }
    static func isNameOrBracket(_ byte: UInt8) -> Bool { isNameCharacter(byte) || byte == 0x28 || byte == 0x29 }
    static func isPartialNameCharacter(_ byte: UInt8) -> Bool { isNameOrBracket(byte) || byte == 0x2F }

    static let open: [UInt8] = [0x7B, 0x7B], close: [UInt8] = [0x7D, 0x7D]

    mutating func parse(_ start: State) throws -> [CompiledTemplate.Node] {
        var nodes: [CompiledTemplate.Node] = []
        var state = start
        var whiteSpaceBefore = ""
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty {
                nodes.append(.text(whiteSpaceBefore))
                whiteSpaceBefore = ""
            }
        }
        while !atEnd {
            if state.newLine {
                whiteSpaceBefore = string(skip(while: Self.isSpaceOrTab))
            }
            let text = try readUntilDelimiterOrNewline()
            if current == 0x0A {
                nodes.append(.text(whiteSpaceBefore + text + "\n"))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            switch current {
            case 0x23, 0x5E:  // # ^
                let inverted = current == 0x5E
                position += 1
                let (name, transforms) = try parseName()
                if isStandalone(state) {
                    setNewLine = true
                } else {
                    flushWhiteSpace()
                }
                let inner = try parse(state.withSection(name, newLine: setNewLine, transforms: transforms))
                nodes.append(.section(.init(name, transforms: transforms), inner, inverted: inverted))
            case 0x2F:  // /
                position += 1
                let (name, transforms) = try parseName()
                guard name == state.sectionName, transforms == state.sectionTransforms else { throw Failure() }
                if !isStandalone(state) { flushWhiteSpace() }
                return nodes
            case 0x21:  // ! comment
                position += 1
                var closed = false
                while !atEnd {
                    if read(Self.close) { closed = true; break }
                    position += 1
                }
                guard closed else { throw Failure() }
                setNewLine = isStandalone(state)
            case 0x7B, 0x26:  // { &
                let triple = current == 0x7B
                flushWhiteSpace()
                position += 1
                let (name, transforms) = try parseName()
                if triple { guard read([0x7D]) else { throw Failure() } }
                nodes.append(.variable(.init(name, transforms: transforms), escaped: false))
            case 0x3E:  // > partial
                position += 1
                skip(while: Self.isWhitespace)
                if current == 0x2A { throw Failure() }  // dynamic partials: swift-mustache's
                let name = try parsePartialName()
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name, indentation: whiteSpaceBefore))
                } else {
                    nodes.append(.partial(name, indentation: nil))
                }
                whiteSpaceBefore = ""
            case 0x25:  // % pragma
                position += 1
                nodes.append(.contentType(try readContentType()))
                setNewLine = isStandalone(state)
            case 0x3C, 0x24, 0x3D:  // < $ = : inheritance, blocks and delimiters are swift-mustache's
                throw Failure()
            default:
                flushWhiteSpace()
                let (name, transforms) = try parseName()
                nodes.append(.variable(.init(name, transforms: transforms), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw Failure() }
        return nodes
    }

    /// Text up to a line end (not consumed) or past `{{`. A `{` as the very last character is an
    /// error, as in swift-mustache (which reads two characters there).
    mutating func readUntilDelimiterOrNewline() throws -> String {
        var text: [UInt8] = []
        while !atEnd {
            let run = skip { $0 != 0x0A && $0 != 0x7B }
            text += bytes[run]
            if current == 0x0A { break }
            if current == 0x7B {
                guard position + 1 < bytes.count else { throw Failure() }
                if read(Self.open) { break }
                text.append(0x7B)
                position += 1
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    mutating func parseName() throws -> (String, [String]) {
        skip(while: Self.isWhitespace)
        let text = bytes[skip(while: Self.isNameOrBracket)]
        skip(while: Self.isWhitespace)
        guard read(Self.close) else { throw Failure() }
        var index = text.startIndex
        func readName() -> String {
            let start = index
            while index < text.endIndex, Self.isNameCharacter(text[index]) { index += 1 }
            return String(decoding: text[start..<index], as: UTF8.self)
        }
        let first = readName()
        if index == text.endIndex { return (String(decoding: text, as: UTF8.self), []) }
        guard text[index] == 0x28 else { throw Failure() }
        index += 1
        var transforms = [first]
        while true {
            let name = readName()
            guard index < text.endIndex else { throw Failure() }
            if text[index] == 0x29 {
                index += 1
                var closing = 0
                while index < text.endIndex, text[index] == 0x29 { closing += 1; index += 1 }
                guard closing + 1 == transforms.count, index == text.endIndex else { throw Failure() }
                return (name, transforms)
            }
            guard text[index] == 0x28 else { throw Failure() }
            index += 1
            transforms.append(name)
        }
    }

    mutating func parsePartialName() throws -> String {
        skip(while: Self.isWhitespace)
        let name = string(skip(while: Self.isPartialNameCharacter))
        skip(while: Self.isWhitespace)
        guard read(Self.close) else { throw Failure() }
        return name
    }

    mutating func readContentType() throws -> CompiledTemplate.ContentType {
        skip(while: Self.isWhitespace)
        let variable = string(skip(while: Self.isNameCharacter))
        skip(while: Self.isWhitespace)
        guard read([0x3A]) else { throw Failure() }
        skip(while: Self.isWhitespace)
        let value = string(skip(while: Self.isNameCharacter))
        skip(while: Self.isWhitespace)
        guard read(Self.close), variable == "CONTENT_TYPE" else { throw Failure() }
        switch value {
        case "HTML": return .html
        case "TEXT": return .text
        case "MARKDOWN": return .markdown
        default: throw Failure()
        }
    }

    /// On a line of its own so far, and only spaces or tabs to the line end (consumed with it).
    mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var end = position
        while end < bytes.count, Self.isSpaceOrTab(bytes[end]) { end += 1 }
        guard end < bytes.count, bytes[end] == 0x0A else { return false }
        position = end + 1
        return true
    }
}

// MARK: Rendering

/// The compiled templates of a library, filled from a `TemplateNode`.
struct CompiledTemplates: Sendable {
    let templates: [String: CompiledTemplate]

    /// swift-mustache's `MustacheSequenceContext`: where an item is in the list being shown.
    struct Position {
        var first: Bool
        var last: Bool
        var index: Int

        func transform(_ name: String) -> TemplateValue? {
            switch name {
            case "first": .flag(first)
            case "last": .flag(last)
            case "index": .number(index)
            case "even": .flag((index & 1) == 0)
            case "odd": .flag((index & 1) == 1)
            default: nil
            }
        }
    }

    /// Where filling is: the context stack (innermost last), the list position, the indentation of
    /// the partial being filled and the content type. Changed in place and put back after each
    /// section and partial, so no level copies the stack.
    struct Context {
        var stack: [TemplateValue]
        var position: Position?
        var indentation: String?
        var contentType: CompiledTemplate.ContentType = .html
    }

    /// Renders the template `name` with `object` at the bottom of the context stack.
    func render(_ name: String, with object: Any) -> String {
        guard let template = templates[name] else { return "" }
        var out = ""
        out.reserveCapacity(16_384)
        var context = Context(stack: [TemplateValue(object)])
        context.stack.reserveCapacity(8)
        render(template.nodes, &context, into: &out)
        return out
    }

    /// Fills `nodes`; a content type set among them holds until their end.
    func render(_ nodes: [CompiledTemplate.Node], _ context: inout Context, into out: inout String) {
        let contentType = context.contentType
        defer { context.contentType = contentType }
        if let indentation = context.indentation, !indentation.isEmpty {
            // Each piece after a line end is indented (swift-mustache indents per token, not per line).
            var local = ""
            for node in nodes {
                var piece = ""
                render(node, &context, into: &piece)
                if !piece.isEmpty, local.utf8.last == 0x0A { local += indentation }
                local += piece
            }
            out += local
        } else {
            for node in nodes { render(node, &context, into: &out) }
        }
    }

    func render(_ node: CompiledTemplate.Node, _ context: inout Context, into out: inout String) {
        switch node {
        case .text(let text):
            out += text
        case .variable(let name, let escaped):
            guard let value = value(of: name, in: context) else { return }
            let text = Self.text(of: value)
            out += escaped ? context.contentType.escape(text) : text
        case .section(let name, let nodes, let inverted):
            let value = value(of: name, in: context)
            if inverted {
                renderInverted(value, nodes, &context, into: &out)
            } else {
                renderSection(value, nodes, &context, into: &out)
            }
        case .partial(let name, let indented):
            guard let template = templates[name] else { return }
            let (position, indentation, contentType) = (context.position, context.indentation, context.contentType)
            context.position = nil
            if let indented { context.indentation = (indentation ?? "") + indented }
            context.contentType = .html
            render(template.nodes, &context, into: &out)
            (context.position, context.indentation, context.contentType) = (position, indentation, contentType)
        case .contentType(let type):
            context.contentType = type
        }
    }

    /// Fills `nodes` with `value` pushed on the stack, at `position` (none when it is not a list item).
    func render(_ nodes: [CompiledTemplate.Node], pushing value: TemplateValue, at position: Position? = nil,
                _ context: inout Context, into out: inout String) {
        let outer = context.position
        context.stack.append(value)
        context.position = position
        render(nodes, &context, into: &out)
        context.stack.removeLast()
        context.position = outer
    }

    func renderSection(_ value: TemplateValue?, _ nodes: [CompiledTemplate.Node], _ context: inout Context, into out: inout String) {
        guard let value else { return }
        func each(_ count: Int, _ item: (Int) -> TemplateValue) {
            for index in 0..<count {
                render(nodes, pushing: item(index), at: Position(first: index == 0, last: index == count - 1, index: index), &context, into: &out)
            }
        }
        switch value {
        case .texts(let texts): each(texts.count) { .text(texts[$0]) }
        case .nodes(let items): each(items.count) { .node(items[$0]) }
        case .flag(let yes): if yes { render(nodes, &context, into: &out) }
        case .text, .node, .group, .number: render(nodes, pushing: value, &context, into: &out)
        case .position, .other:
            let object = value.any
            if let items = Self.items(of: object) {
                each(items.count) { TemplateValue(items[$0]) }
            } else if let yes = object as? Bool {
                if yes { render(nodes, &context, into: &out) }
            } else if !Self.isFast(object), let null = object as? MustacheCustomRenderable, null.isNull {
                return
            } else {
                render(nodes, pushing: value, &context, into: &out)
            }
        }
    }

    func renderInverted(_ value: TemplateValue?, _ nodes: [CompiledTemplate.Node], _ context: inout Context, into out: inout String) {
        guard let value else { return render(nodes, &context, into: &out) }
        switch value {
        case .texts(let texts): if texts.isEmpty { render(nodes, pushing: value, &context, into: &out) }
        case .nodes(let items): if items.isEmpty { render(nodes, pushing: value, &context, into: &out) }
        case .flag(let yes): if !yes { render(nodes, &context, into: &out) }
        case .text, .node, .group, .number: return
        case .position, .other:
            let object = value.any
            if let items = Self.items(of: object) {
                if items.isEmpty { render(nodes, pushing: value, &context, into: &out) }
            } else if let yes = object as? Bool {
                if !yes { render(nodes, &context, into: &out) }
            } else if !Self.isFast(object), let null = object as? MustacheCustomRenderable, null.isNull {
                render(nodes, &context, into: &out)
            }
        }
    }

    /// The items of a list (swift-mustache's `MustacheSequence`: arrays, sets, reversed collections).
    static func items(of value: Any) -> [Any]? {
        if let nodes = value as? [TemplateNode] { return nodes }
        if let texts = value as? [String] { return texts }
        if value is String || value is TemplateNode || value is Int || value is Bool || value is [String: Any] { return nil }
        guard let sequence = value as? any MustacheSequence else { return nil }
        func elements(_ sequence: some Sequence) -> [Any] { sequence.map { $0 as Any } }
        return elements(sequence)
    }

    /// The types the view model and the wording give, which need none of swift-mustache's protocol checks.
    static func isFast(_ value: Any) -> Bool {
        // The exact types first, by comparing type metadata (a cast that fails costs a lookup).
        let type = type(of: value)
        if type == String.self || type == TemplateNode.self || type == [String: Any].self || type == Int.self
            || type == [TemplateNode].self || type == [String].self { return true }
        return value is String || value is TemplateNode || value is Int || value is [String: Any] || value is [TemplateNode] || value is [String]
    }

    /// A value as text: swift-mustache's `String(describing:)` of it, optionals unwrapped.
    static func text(of value: TemplateValue) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number): return String(number)
        default: break
        }
        let value = value.any
        if let text = value as? String { return text }
        if let number = value as? Int { return String(number) }
        if let renderable = value as? MustacheCustomRenderable { return renderable.renderText }
        if let optional = value as? OptionalValue, let wrapped = optional.wrappedValue { return String(describing: wrapped) }
        return String(describing: value)
    }

    // MARK: Looking up names

    func value(of name: CompiledTemplate.Name, in context: Context) -> TemplateValue? {
        var found: TemplateValue?
        switch name.lookup {
        case .current:
            found = context.stack.last!
        case .position:
            found = context.position.map(TemplateValue.position)
        case .local(let parts):
            found = Self.value(at: parts[...], in: context.stack.last!)
        case .stack(let parts):
            for object in context.stack.reversed() {
                if let child = Self.child(parts[0], of: object) {
                    found = Self.value(at: parts.dropFirst(), in: child)
                    break
                }
            }
        }
        if case .other(let object)? = found, !Self.isFast(object), let custom = object as? MustacheCustomRepresentation {
            found = custom.representation.map(TemplateValue.init)
        }
        guard var value = found else { return nil }
        for transform in name.transforms.reversed() {
            guard let next = Self.transform(value, transform) else { return nil }
            value = next
        }
        return value
    }

    /// swift-mustache's transforms: those the project's templates use on the view model's kinds
    /// directly, the rest as swift-mustache does them.
    static func transform(_ value: TemplateValue, _ name: String) -> TemplateValue? {
        switch (value, name) {
        case (.position(let position), _): return position.transform(name)
        case (.texts(let texts), "empty"): return .flag(texts.isEmpty)
        case (.texts(let texts), "count"): return .number(texts.count)
        case (.nodes(let nodes), "empty"): return .flag(nodes.isEmpty)
        case (.nodes(let nodes), "count"): return .number(nodes.count)
        case (.text(let text), "uppercased"): return .text(text.uppercased())
        case (.text(let text), "lowercased"): return .text(text.lowercased())
        case (.text(let text), "empty"): return .flag(text.isEmpty)
        default:
            guard let transformable = value.any as? MustacheTransformable, let next = transformable.transform(name) else { return nil }
            return TemplateValue(next)
        }
    }

    static func value(at parts: ArraySlice<String>, in object: TemplateValue) -> TemplateValue? {
        guard let first = parts.first else { return object }
        guard let child = child(first, of: object) else { return nil }
        return value(at: parts.dropFirst(), in: child)
    }

    /// One key of a value: swift-mustache's `_getImmediateChild`.
    static func child(_ name: String, of value: TemplateValue) -> TemplateValue? {
        switch value {
        case .node(let node): return node.value(name)
        case .group(let group): return group[name]
        // Text, numbers and lists have no labelled children to reflect.
        case .text, .number, .texts, .nodes: return nil
        case .flag, .position, .other: return child(name, of: value.any).map(TemplateValue.init)
        }
    }

    /// One key of a value of any other type, as swift-mustache finds it.
    static func child(_ name: String, of object: Any) -> Any? {
        if let node = object as? TemplateNode { return node.child(named: name) }
        if let group = object as? [String: Any] { return group[name] }
        if object is String || object is Int || object is [String] || object is [TemplateNode] { return nil }
        let represented: Any? = if let custom = object as? MustacheCustomRepresentation { custom.representation } else { object }
        if let parent = represented as? MustacheParent { return parent.child(named: name) }
        guard let represented else { return nil }
        guard let matched = Mirror(reflecting: represented).children.first(where: { $0.label == name }) else { return nil }
        let mirror = Mirror(reflecting: matched.value)
        guard mirror.displayStyle == .optional else { return matched.value }
        return mirror.children.first?.value
    }
}

/// An Optional seen through `Any`.
private protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrappedValue: Any? { self }
}

/// swift-mustache's HTML escaping of values.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        // ASCII by bytes; otherwise by Characters, as swift-mustache does ("<" with a combining mark stays).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + 16)
            for byte in text.utf8 {
                switch byte {
                case 0x3C: out += Array("&lt;".utf8)
                case 0x3E: out += Array("&gt;".utf8)
                case 0x26: out += Array("&amp;".utf8)
                case 0x22: out += Array("&quot;".utf8)
                case 0x27: out += Array("&#39;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension CompiledTemplates {
    /// Compiles named template texts (nil when one does not compile).
    init?(texts: [String: String]) {
        var templates: [String: CompiledTemplate] = [:]
        for (name, text) in texts {
            guard let template = CompiledTemplate(text) else { return nil }
            templates[name] = template
        }
        self.init(templates: templates)
    }

    /// `name` rendered by swift-mustache from the same texts: what the compiled templates are held
    /// to (by the tests). Nil when a text does not parse.
    static func reference(_ texts: [String: String], render name: String, with object: Any) -> String? {
        _ = MarkdownContentType.register
        var library = MustacheLibrary()
        for (name, text) in texts {
            guard let template = try? MustacheTemplate(string: text) else { return nil }
            library.register(template, named: name)
        }
        return library.render(object, withTemplate: name)
    }
}
