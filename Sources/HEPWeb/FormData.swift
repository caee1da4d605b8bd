import Foundation
import Hummingbird

/// A submitted HTML form (`application/x-www-form-urlencoded`), fields in the order sent, names
/// repeated for lists (`exercise=a&exercise=b`). Values are text, never markup: pages escape them.
public struct FormData: Sendable {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// The first value named `name`.
    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value named `name`, in order.
    public func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The first value, trimmed, or nil when missing or blank.
    public func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Parses a urlencoded body or query; bytes that are not UTF-8 become U+FFFD, never an error.
    /// One pass over the bytes (the editor's live preview posts some 130 fields per keystroke).
    public static func parse(_ text: String) -> FormData {
        var form = FormData()
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                var end = index
                var equals = -1
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") {
                    if equals < 0 && bytes[end] == UInt8(ascii: "=") { equals = end }
                    end += 1
                }
                if end > index {
                    let nameEnd = equals < 0 ? end : equals
                    let name = decode(UnsafeBufferPointer(rebasing: bytes[index..<nameEnd]))
                    let value = equals < 0 ? "" : decode(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end]))
                    form.fields.append((name, value))
                }
                index = end + 1
            }
        }
        return form
    }

    /// `+` as a space and `%XX` as its byte; a `%` not followed by two hex digits stays as written.
    static func decode(_ part: UnsafeBufferPointer<UInt8>) -> String {
        if !part.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) { return String(decoding: part, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.count)
        var index = 0
        while index < part.count {
            let byte = part[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < part.count, let high = hexValue(part[index + 1]), let low = hexValue(part[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
