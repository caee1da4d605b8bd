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
    public static func parse(_ text: String) -> FormData {
        var form = FormData()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            form.fields.append((name, value))
        }
        return form
    }

    static func decode(_ part: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count)
        var iterator = Array(part.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if let high = iterator.next(), let low = iterator.next(), let value = UInt8(String(bytes: [high, low], encoding: .ascii) ?? "", radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(UInt8(ascii: "%"))
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
