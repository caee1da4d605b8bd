import Foundation

/// Email header values: refusing control characters (header injection), and RFC 2047
/// encoded-words for anything that is not plain ASCII text.
public enum MailHeaders {
    /// A header value hep refused to write.
    public struct UnsafeValue: Error, CustomStringConvertible, Sendable {
        /// Which header.
        public var header: String
        /// What is wrong.
        public var problem: String

        public var description: String { "the \(header) header \(problem); nothing was written" }
    }

    /// Refuses CR, LF, NUL and every other control character (and DEL), which could end a header
    /// early and inject another.
    public static func checked(_ value: String, header: String) throws -> String {
        for scalar in value.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029 {
            let name = switch scalar.value {
            case 0x0D: "a carriage return (CR)"
            case 0x0A: "a line feed (LF)"
            case 0x00: "a NUL byte"
            default: "a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
            throw UnsafeValue(header: header, problem: "contains \(name)")
        }
        return value
    }

    /// The value as one or more encoded-words when needed, else as is; folded for a header line.
    /// Encoded-words are `=?utf-8?B?...?=`, at most 75 characters each, split between characters.
    public static func encodedText(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !value.contains("=?")
            && value.count <= 60 {
            return value
        }
        // 36 bytes -> 48 base64 characters -> a 60-character word: with "Subject: " or a folding
        // space the line stays under RFC 2047's 76. Words split between characters, or between
        // scalars when one character (an emoji sequence) is longer than a word.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in value {
            var pieces = [Array(String(character).utf8)]
            if pieces[0].count > 36 { pieces = character.unicodeScalars.map { Array(String($0).utf8) } }
            for bytes in pieces {
                if chunk.count + bytes.count > 36 {
                    words.append(word(chunk))
                    chunk = []
                }
                chunk += bytes
            }
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    static func word(_ bytes: [UInt8]) -> String { "=?utf-8?B?\(Base64.encode(bytes))?=" }

    /// `Name <address>`, with the name quoted or encoded as needed.
    public static func mailbox(name: String?, address: String, header: String) throws -> String {
        let address = try checked(address, header: header)
        guard EmailAddress.isPlausible(address), address.allSatisfy(\.isASCII) else {
            throw UnsafeValue(header: header, problem: "has an address that is not a plain ASCII email address ('\(address)')")
        }
        guard let name = try name.map({ try checked($0, header: header) }), !name.isEmpty else { return "<\(address)>" }
        let atext = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar))
        }
        if atext && !name.contains("=?") { return "\(name) <\(address)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII }) && !name.contains("=?") && name.count <= 60 {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return "\(encodedText(name))\r\n <\(address)>"
    }
}

/// Base64 (RFC 4648) without line breaks, and wrapped at 76 for MIME bodies.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Lines of at most 76 characters joined by CRLF.
    static func wrapped(_ bytes: [UInt8]) -> String {
        let text = Array(encode(bytes).utf8)
        var lines: [String] = []
        var start = 0
        while start < text.count {
            let end = min(start + 76, text.count)
            lines.append(String(decoding: text[start..<end], as: UTF8.self))
            start = end
        }
        return lines.joined(separator: "\r\n")
    }
}

/// Quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var lines: [String] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            var encoded: [[UInt8]] = []  // one entry per source byte: its encoded form
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
                encoded.append(literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
            // Soft line breaks keep each physical line at most 76 characters, never inside an =XX.
            var current: [UInt8] = []
            var physical: [String] = []
            for piece in encoded {
                if current.count + piece.count > 75 {
                    physical.append(String(decoding: current + [UInt8(ascii: "=")], as: UTF8.self))
                    current = []
                }
                current += piece
            }
            physical.append(String(decoding: current, as: UTF8.self))
            lines.append(physical.joined(separator: "\r\n"))
        }
        return lines.joined(separator: "\r\n")
    }
}
