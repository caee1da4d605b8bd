/// A JSON value with where it starts in its file, so an import can point at the exact term.
/// Foundation's parser keeps no positions, and a located error is the whole point of an import
/// check, so this small reader parses RFC 8259 JSON itself.
indirect enum JSONValue: Sendable, Hashable {
    case object([(key: String, value: Located<JSONValue>)])
    case array([Located<JSONValue>])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// "a string", "a list", ... for messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// Parses JSON text into located values.
struct JSONDocument {
    /// Deepest nesting accepted; an import row is three levels deep.
    static let maximumDepth = 100

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// The parsed root, or nil with one located error.
    static func parse(_ text: String, file: String, into diagnostics: inout DiagnosticList) -> Located<JSONValue>? {
        var parser = JSONDocument(bytes: Array(text.utf8), file: file)
        do {
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            if parser.index < parser.bytes.count { throw parser.problem("unexpected text after the end of the JSON value") }
            return value
        } catch let problem as Problem {
            diagnostics.error(problem.location, "malformed JSON: \(problem.message)",
                              hint: "a free-exercise-db file is one list of objects: `[{\"name\": \"...\", ...}, ...]`")
            return nil
        } catch {
            return nil
        }
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private struct Problem: Error {
        var location: SourceLocation
        var message: String
    }

    /// The current position; the column counts characters (UTF-8 continuation bytes are skipped).
    /// Counted on from the last position asked for on the same line, not from the line's start: a
    /// file written as one long line (as `json.dump` writes) would otherwise cost the square of its
    /// length (900 exercises took 6 s).
    private var location: SourceLocation {
        mutating get {
            let end = min(index, bytes.count)
            if counted.line != line || counted.index < lineStart || counted.index > end { counted = (line, lineStart, 1) }
            var column = counted.column
            for byte in bytes[counted.index..<end] where byte & 0xC0 != 0x80 { column += 1 }
            counted = (line, end, column)
            return SourceLocation(file: file, line: line, column: column)
        }
    }
    private var counted: (line: Int, index: Int, column: Int) = (1, 0, 1)

    private mutating func problem(_ message: String) -> Problem { Problem(location: location, message: message) }

    private var found: String {
        guard index < bytes.count else { return "the end of the file" }
        let scalar = String(decoding: bytes[index..<min(index + 4, bytes.count)], as: UTF8.self).prefix(1)
        return "'\(scalar)'"
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard index < bytes.count, bytes[index] == byte else { throw problem("expected \(what), found \(found)") }
        index += 1
    }

    private mutating func value(depth: Int) throws -> Located<JSONValue> {
        guard depth < Self.maximumDepth else { throw problem("nested more than \(Self.maximumDepth) levels deep") }
        let start = location
        guard index < bytes.count else { throw problem("expected a value, found the end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(key: String, value: Located<JSONValue>)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return Located(.object(members), at: start) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw problem("expected a key in quotes, found \(found)") }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return Located(.object(members), at: start)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Located<JSONValue>] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return Located(.array(items), at: start) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return Located(.array(items), at: start)
            }
        case UInt8(ascii: "\""):
            return Located(.string(try string()), at: start)
        case UInt8(ascii: "t"): try word("true"); return Located(.bool(true), at: start)
        case UInt8(ascii: "f"): try word("false"); return Located(.bool(false), at: start)
        case UInt8(ascii: "n"): try word("null"); return Located(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let first = index
            while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[first..<index], as: UTF8.self)
            guard Double(text) != nil else { index = first; throw problem("'\(text)' is not a number") }
            return Located(.number(text), at: start)
        default:
            throw problem("expected a value, found \(found)")
        }
    }

    private mutating func word(_ word: String) throws {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw problem("expected a value, found \(found)")
        }
        index += expected.count
    }

    private mutating func string() throws -> String {
        let open = location
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw problem("a \\u escape pairs a high surrogate with '\(String(low, radix: 16))'") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw problem("\\u escape '\(String(code, radix: 16))' is not a character") }
                    out.append(contentsOf: Array(String(scalar).utf8))
                default:
                    index -= 1
                    throw problem("unknown escape '\\\(String(decoding: [escape], as: UTF8.self))' in a string")
                }
            case 0x00..<0x20:
                throw problem(byte == 0x0A ? "a string runs to the end of the line; close it with '\"'" : "a control character in a string; write it as an escape")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw Problem(location: open, message: "this string is never closed")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw problem("a \\u escape needs four hex digits")
        }
        index += 4
        return code
    }
}
