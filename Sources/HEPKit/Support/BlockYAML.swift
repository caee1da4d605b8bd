/// Reads the plain block YAML that nearly every hep file is written in, straight from its bytes,
/// giving exactly the `YAMLNode` that libyaml's events give (same text, style, line and column).
///
/// Why hep has its own: libyaml and the composer over it were the largest single cost of loading a
/// plan or an exercise (about a sixth of `hep check`, most of a batch's exercise parsing). The files
/// are small and regular: `key: value` lines, `- item` lines, one-line `[a, b]` and `{k: v}`,
/// plain and one-line quoted text, comments. This reader takes only that, and answers nil the moment
/// it meets anything else (a tab, a carriage return, a control or line-separator character, a block
/// or multi-line scalar, an anchor, alias, tag or directive, a complex, quoted or repeated key, a
/// document marker, an escape other than `\"` and `\\`, very deep nesting, or anything malformed),
/// so that libyaml, and Yams after it, read the text instead, with their own results and messages.
/// Tests compare it with Yams on every file of the repository and on many generated and mutated
/// documents.
enum BlockYAML {
    /// The document's root node; nil to hand the text to libyaml.
    static func read(_ text: String) -> YAMLNode? {
        var copy = text
        return copy.withUTF8 { bytes in
            guard bytes.count > 0, onlyPlainCharacters(bytes) else { return nil }
            var reader = Reader(bytes: bytes)
            return reader.document()
        }
    }

    /// False at the first byte libyaml treats specially or refuses: a control character other than
    /// the line feed (tab and carriage return included), DEL, C1 controls with NEL, the line and
    /// paragraph separators, a byte-order mark, and the two non-characters U+FFFE and U+FFFF.
    static func onlyPlainCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { return false }
                index += 1
                continue
            }
            let second: UInt8 = index + 1 < count ? bytes[index + 1] : 0
            let third: UInt8 = index + 2 < count ? bytes[index + 2] : 0
            switch byte {
            case 0xC2 where second < 0xA0: return false
            case 0xE2 where second == 0x80 && (third == 0xA8 || third == 0xA9): return false
            case 0xEF where (second == 0xBB && third == 0xBF) || (second == 0xBF && (third == 0xBE || third == 0xBF)):
                return false
            default: break
            }
            index += 1
        }
        return true
    }

    /// Deepest nesting read here; deeper documents go to libyaml (and never deepen the stack).
    static let maximumDepth = 64
    /// Longest key read here (libyaml refuses a simple key past 1,024 characters).
    static let maximumKeyLength = 256

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The current byte.
        var position = 0
        /// The first byte of the current line, and its 1-based number.
        var lineStart = 0
        var line = 1
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { position >= bytes.count }
        var current: UInt8 { position < bytes.count ? bytes[position] : 0x0A }
        func byte(at index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0x0A }

        /// The last column counted on the current line, so that a long line is counted once
        /// (marks on one line are asked for left to right).
        var counted = (index: 0, column: 1)

        /// The 1-based column of `index` on the current line, in characters (as libyaml counts).
        mutating func column(_ index: Int) -> Int {
            var (scan, column) = counted.index >= lineStart && counted.index <= index ? counted : (lineStart, 1)
            while scan < index {
                if bytes[scan] & 0xC0 != 0x80 { column += 1 }
                scan += 1
            }
            counted = (index, column)
            return column
        }

        mutating func mark(_ index: Int) -> YAMLNode.Mark { YAMLNode.Mark(line: line, column: column(index)) }


        /// Moves to the first character of the next line that holds something other than spaces
        /// or a comment; false at the end of the text. Called at the end of a line.
        mutating func nextContentLine() -> Bool {
            while true {
                // Past this line's end.
                while position < bytes.count && bytes[position] != 0x0A { position += 1 }
                guard position < bytes.count else { return false }
                position += 1
                line += 1
                lineStart = position
                while position < bytes.count && bytes[position] == 0x20 { position += 1 }
                guard position < bytes.count else { return false }
                let byte = bytes[position]
                if byte != 0x0A && byte != 0x23 { return true }
            }
        }

        /// The current line's indentation (the current position is its first non-space).
        var indent: Int { position - lineStart }

        /// Skips spaces, then requires the end of the line or a comment after at least one space.
        mutating func endOfLine() -> Bool {
            let start = position
            while current == 0x20 && !atEnd { position += 1 }
            if current == 0x0A { return true }
            return current == 0x23 && position > start
        }

        mutating func document() -> YAMLNode? {
            // The first content line (the text may open with comments and blank lines).
            while position < bytes.count && bytes[position] == 0x20 { position += 1 }
            if atEnd { return nil }
            if current == 0x0A || current == 0x23 {
                guard nextContentLine() else { return nil }
            }
            let indent = self.indent
            // A directive or a document marker opens the text: libyaml's to read.
            if indent == 0 && (current == 0x25 || startsMarker) { return nil }
            guard let root = blockNode(indent: indent) else { return nil }
            // Nothing may follow the root (a dedented line is an error, a marker a new document).
            return atEnd ? root : nil
        }

        /// `---` or `...` followed by a space or the line's end, at the current position.
        var startsMarker: Bool {
            let first = current
            guard first == 0x2D || first == 0x2E, byte(at: position + 1) == first, byte(at: position + 2) == first else { return false }
            let after = byte(at: position + 3)
            return after == 0x20 || after == 0x0A
        }

        /// A mapping or a list whose first line starts at the current position, indented `indent`.
        mutating func blockNode(indent: Int) -> YAMLNode? {
            if current == 0x2D && (byte(at: position + 1) == 0x20 || byte(at: position + 1) == 0x0A) {
                return sequence(indent: indent)
            }
            return mapping(indent: indent)
        }

        /// Where the colon is when a plain key starts at the current position: key characters
        /// (words may be separated by single spaces), then `:` and a space or the line's end.
        func keyEnd() -> Int? {
            var scan = position
            let first = byte(at: scan)
            guard Self.isKeyStart(first) else { return nil }
            while scan < bytes.count {
                let byte = bytes[scan]
                if Self.isKeyCharacter(byte) {
                    scan += 1
                } else if byte == 0x20, Self.isKeyCharacter(self.byte(at: scan + 1)) {
                    scan += 2
                } else {
                    break
                }
            }
            guard scan - position <= BlockYAML.maximumKeyLength, byte(at: scan) == 0x3A else { return nil }
            let after = byte(at: scan + 1)
            return after == 0x20 || after == 0x0A ? scan : nil
        }

        /// A block mapping's key, plain or quoted on one line; the position is left at its colon.
        mutating func blockKey() -> YAMLNode? {
            let start = position
            if current == 0x22 || current == 0x27 {
                guard let key = current == 0x22 ? doubleQuoted() : singleQuoted(),
                      position - start <= BlockYAML.maximumKeyLength, current == 0x3A,
                      byte(at: position + 1) == 0x20 || byte(at: position + 1) == 0x0A else { return nil }
                return key
            }
            guard let keyEnd = keyEnd() else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<keyEnd]), as: UTF8.self)
            let key = YAMLNode.scalar(.init(string: name, style: .plain, mark: mark(position)))
            position = keyEnd
            return key
        }

        static func isKeyStart(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }

        static func isKeyCharacter(_ byte: UInt8) -> Bool { isKeyStart(byte) || byte == 0x2D || byte == 0x2E }

        /// `key: value` lines at `indent`, the first at the current position (possibly after `- `).
        mutating func mapping(indent: Int) -> YAMLNode? {
            guard depth < BlockYAML.maximumDepth else { return nil }
            depth += 1
            defer { depth -= 1 }
            let mappingMark = mark(position)
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var keys: Set<String> = []
            while true {
                guard let key = blockKey(), let name = key.string, !YAMLNode.repeats(name, in: pairs, seen: &keys) else { return nil }
                position += 1
                let afterColon = mark(position)
                let value: YAMLNode
                guard endOfLineOrValue() else {
                    // The value is on this line.
                    guard let inline = inlineValue(), endOfLine() else { return nil }
                    pairs.append((key, inline))
                    guard nextContentLine() else { return .mapping(.init(pairs: pairs, mark: mappingMark)) }
                    if self.indent == indent { continue }
                    if self.indent < indent { return .mapping(.init(pairs: pairs, mark: mappingMark)) }
                    // A more indented line after a one-line value: a continued or misplaced value.
                    return nil
                }
                // The value starts on a later line, or there is none.
                let empty = YAMLNode.scalar(.init(string: "", style: .plain, mark: afterColon))
                guard nextContentLine() else {
                    pairs.append((key, empty))
                    return .mapping(.init(pairs: pairs, mark: mappingMark))
                }
                let next = self.indent
                if next > indent {
                    guard let nested = blockNode(indent: next) else { return nil }
                    value = nested
                } else if next == indent && current == 0x2D && (byte(at: position + 1) == 0x20 || byte(at: position + 1) == 0x0A) {
                    // A list at the key's own indentation.
                    guard let list = sequence(indent: indent) else { return nil }
                    value = list
                } else {
                    pairs.append((key, empty))
                    if next == indent { continue }
                    return .mapping(.init(pairs: pairs, mark: mappingMark))
                }
                pairs.append((key, value))
                if atEnd { return .mapping(.init(pairs: pairs, mark: mappingMark)) }
                if self.indent == indent { continue }
                if self.indent < indent { return .mapping(.init(pairs: pairs, mark: mappingMark)) }
                return nil
            }
        }

        /// After a key's colon: skips spaces; true when the line ends there (or holds only a comment).
        mutating func endOfLineOrValue() -> Bool {
            while current == 0x20 && !atEnd { position += 1 }
            return current == 0x0A || current == 0x23
        }

        /// `- item` lines at `indent`, the first at the current position.
        mutating func sequence(indent: Int) -> YAMLNode? {
            guard depth < BlockYAML.maximumDepth else { return nil }
            depth += 1
            defer { depth -= 1 }
            let sequenceMark = mark(position)
            var nodes: [YAMLNode] = []
            while true {
                // At `-`, followed by a space or the line's end.
                guard current == 0x2D else { return nil }
                position += 1
                while current == 0x20 && !atEnd { position += 1 }
                // An item on later lines, a nested list on this one: libyaml's to read.
                if current == 0x0A || current == 0x23 { return nil }
                if current == 0x2D && (byte(at: position + 1) == 0x20 || byte(at: position + 1) == 0x0A) { return nil }
                if keyEnd() != nil {
                    // `- key: value`: a mapping indented to its first key.
                    guard let item = mapping(indent: column(position) - 1) else { return nil }
                    nodes.append(item)
                    if atEnd { return .sequence(.init(nodes: nodes, mark: sequenceMark)) }
                } else {
                    guard let item = inlineValue(), endOfLine() else { return nil }
                    nodes.append(item)
                    guard nextContentLine() else { return .sequence(.init(nodes: nodes, mark: sequenceMark)) }
                }
                if self.indent > indent { return nil }
                guard self.indent == indent, current == 0x2D,
                      byte(at: position + 1) == 0x20 || byte(at: position + 1) == 0x0A else {
                    return .sequence(.init(nodes: nodes, mark: sequenceMark))
                }
            }
        }

        /// A value on one line, in block context: plain or quoted text, or a one-line flow collection.
        mutating func inlineValue() -> YAMLNode? {
            switch current {
            case 0x22: return doubleQuoted()
            case 0x27: return singleQuoted()
            case 0x5B: return flowSequence()
            case 0x7B: return flowMapping()
            default: return plain()
            }
        }

        /// Plain text to the line's end or a comment, trailing spaces dropped.
        mutating func plain() -> YAMLNode? {
            let first = current
            switch first {
            // Indicators that open something else, or are errors, where text would start.
            case 0x5D, 0x7D, 0x2C, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x25, 0x40, 0x60, 0x3F, 0x3A, 0x0A:
                return nil
            case 0x2D:
                let next = byte(at: position + 1)
                if next == 0x20 || next == 0x0A { return nil }
            default: break
            }
            let start = position
            var end = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0x0A { break }
                if byte == 0x20 {
                    let next = self.byte(at: position + 1)
                    if next == 0x23 { break }
                } else {
                    if byte == 0x3A {
                        let next = self.byte(at: position + 1)
                        // `: ` inside a value is a mapping where none may be.
                        if next == 0x20 || next == 0x0A { return nil }
                    }
                    end = position + 1
                }
                position += 1
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            return .scalar(.init(string: text, style: .plain, mark: mark(start)))
        }

        /// `'text'` on one line; `''` is one quote.
        mutating func singleQuoted() -> YAMLNode? {
            let start = position
            position += 1
            var text: [UInt8] = []
            var plainRun = position
            while true {
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                if byte == 0x0A { return nil }
                if byte == 0x27 {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainRun..<position]))
                    if self.byte(at: position + 1) == 0x27 {
                        text.append(0x27)
                        position += 2
                        plainRun = position
                        continue
                    }
                    position += 1
                    break
                }
                position += 1
            }
            return .scalar(.init(string: String(decoding: text, as: UTF8.self), style: .singleQuoted, mark: mark(start)))
        }

        /// `"text"` on one line; only `\"` and `\\` as escapes.
        mutating func doubleQuoted() -> YAMLNode? {
            let start = position
            position += 1
            var text: [UInt8] = []
            var plainRun = position
            while true {
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                if byte == 0x0A { return nil }
                if byte == 0x22 {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainRun..<position]))
                    position += 1
                    break
                }
                if byte == 0x5C {
                    let escaped = self.byte(at: position + 1)
                    guard escaped == 0x22 || escaped == 0x5C else { return nil }
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainRun..<position]))
                    text.append(escaped)
                    position += 2
                    plainRun = position
                    continue
                }
                position += 1
            }
            return .scalar(.init(string: String(decoding: text, as: UTF8.self), style: .doubleQuoted, mark: mark(start)))
        }

        mutating func skipSpaces() {
            while current == 0x20 && !atEnd { position += 1 }
        }

        /// `[a, b]` on one line.
        mutating func flowSequence() -> YAMLNode? {
            guard depth < BlockYAML.maximumDepth else { return nil }
            depth += 1
            defer { depth -= 1 }
            let sequenceMark = mark(position)
            position += 1
            skipSpaces()
            var nodes: [YAMLNode] = []
            if current == 0x5D {
                position += 1
                return .sequence(.init(nodes: nodes, mark: sequenceMark))
            }
            while true {
                if let keyEnd = keyEnd(), byte(at: keyEnd + 1) == 0x20 {
                    // `[towel: head]`: a mapping of one pair, placed at its key.
                    let keyMark = mark(position)
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<keyEnd]), as: UTF8.self)
                    position = keyEnd + 1
                    skipSpaces()
                    guard let value = flowNode() else { return nil }
                    let key = YAMLNode.scalar(.init(string: name, style: .plain, mark: keyMark))
                    nodes.append(.mapping(.init(pairs: [(key, value)], mark: keyMark)))
                } else {
                    guard let item = flowNode() else { return nil }
                    nodes.append(item)
                }
                skipSpaces()
                if current == 0x2C {
                    position += 1
                    skipSpaces()
                    // A trailing or doubled comma: libyaml's to judge.
                    if current == 0x5D || current == 0x2C { return nil }
                    continue
                }
                guard current == 0x5D, !atEnd else { return nil }
                position += 1
                return .sequence(.init(nodes: nodes, mark: sequenceMark))
            }
        }

        /// `{k: v, k2: v2}` on one line.
        mutating func flowMapping() -> YAMLNode? {
            guard depth < BlockYAML.maximumDepth else { return nil }
            depth += 1
            defer { depth -= 1 }
            let mappingMark = mark(position)
            position += 1
            skipSpaces()
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var keys: Set<String> = []
            if current == 0x7D {
                position += 1
                return .mapping(.init(pairs: pairs, mark: mappingMark))
            }
            while true {
                // A plain key, `:` and a space.
                guard let keyEnd = keyEnd(), byte(at: keyEnd + 1) == 0x20 else { return nil }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<keyEnd]), as: UTF8.self)
                if YAMLNode.repeats(name, in: pairs, seen: &keys) { return nil }
                let key = YAMLNode.scalar(.init(string: name, style: .plain, mark: mark(position)))
                position = keyEnd + 1
                skipSpaces()
                guard let value = flowNode() else { return nil }
                pairs.append((key, value))
                skipSpaces()
                if current == 0x2C {
                    position += 1
                    skipSpaces()
                    if current == 0x7D || current == 0x2C { return nil }
                    continue
                }
                guard current == 0x7D, !atEnd else { return nil }
                position += 1
                return .mapping(.init(pairs: pairs, mark: mappingMark))
            }
        }

        /// An item of a flow collection: quoted or plain text, or a nested collection.
        mutating func flowNode() -> YAMLNode? {
            switch current {
            case 0x22: return doubleQuoted()
            case 0x27: return singleQuoted()
            case 0x5B: return flowSequence()
            case 0x7B: return flowMapping()
            default: return flowPlain()
            }
        }

        /// Plain text inside `[...]` or `{...}`: up to `,`, `]` or `}`, trailing spaces dropped.
        mutating func flowPlain() -> YAMLNode? {
            let first = current
            // Letters, digits and a few safe characters open it; anything else is libyaml's to read.
            guard Self.isKeyStart(first) || first >= 0x80 || first == 0x2E || first == 0x2B
                    || (first == 0x2D && Self.isKeyStart(byte(at: position + 1))) else { return nil }
            let start = position
            var end = position
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case 0x0A: return nil
                case 0x2C, 0x5D, 0x7D:
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    return .scalar(.init(string: text, style: .plain, mark: mark(start)))
                // Mapping values, comments, quotes and nested collections inside an item.
                case 0x3A, 0x23, 0x22, 0x5B, 0x7B, 0x3F, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x25, 0x40, 0x60:
                    return nil
                case 0x20: break
                default: end = position + 1
                }
                position += 1
            }
            return nil
        }
    }
}
