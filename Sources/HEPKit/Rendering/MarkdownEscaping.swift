internal import Mustache

/// Escapes text so CommonMark shows it literally: it can never become a heading, list, link, image,
/// emphasis, code, HTML or an entity.
public enum MarkdownEscaping {
    /// Text from a plan, ready to sit inside a Markdown paragraph, list item or heading.
    ///
    /// Line breaks and tabs become single spaces (patient text is one paragraph), other control
    /// characters are dropped, leading and trailing space is trimmed (so it cannot become a code
    /// block or a hard break), and only what CommonMark would read as structure is backslash-escaped,
    /// so the Markdown file stays readable: `\\ ` * _ [ ] <` always, `!` before `[` (an image), `&`
    /// before a letter, digit or `#` (an entity), `"` after a digit (an inch mark, which smart
    /// punctuation would turn into a closing quote), `--` and `..` (so smart punctuation leaves them
    /// as typed), and a block marker at the start (`#`, `>`, `-`, `+`, `=`, `:`, `~`, or digits
    /// followed by `.` or `)`). Apostrophes and other quotes are left to smart punctuation.
    ///
    /// Works on UTF-8 bytes: every special character is ASCII, and this runs for every value of
    /// every handout.
    public static func escape(_ text: String) -> String {
        var input = text
        return input.withUTF8 { bytes -> String in
            if isPlain(bytes) { return text }
            var flat = [UInt8]()
            flat.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
                var width = 1
                if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                    isSpace = true; width = 2  // U+0085 next line
                } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    isSpace = true; width = 3  // U+2028, U+2029
                }
                if isSpace {
                    pendingSpace = !flat.isEmpty
                } else if byte < 0x20 || byte == 0x7F {
                    // other control characters have no place in a handout
                } else {
                    if pendingSpace { flat.append(0x20); pendingSpace = false }
                    flat.append(byte)
                }
                index += width
            }
            var out = [UInt8]()
            out.reserveCapacity(flat.count + flat.count / 8 + 4)
            var leadingDigits = true
            for (position, byte) in flat.enumerated() {
                let next: UInt8 = position + 1 < flat.count ? flat[position + 1] : 0
                let isDigit = byte >= 0x30 && byte <= 0x39
                let previous: UInt8 = position > 0 ? flat[position - 1] : 0
                if isInlineSpecial(byte)
                    || (byte == 0x21 && next == 0x5B)                                // ![ image
                    || (byte == 0x26 && (isAlphanumeric(next) || next == 0x23))       // &name; &#1;
                    || (byte == 0x22 && previous >= 0x30 && previous <= 0x39)          // 18" inch mark
                    || ((byte == 0x2D || byte == 0x2E) && next == byte)             // -- ..
                    || (position == 0 && isBlockStarter(byte))
                    || (leadingDigits && position > 0 && (byte == 0x2E || byte == 0x29)) {  // 1. 1)
                    out.append(0x5C)
                }
                if !isDigit { leadingDigits = false }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// True when nothing in the text needs changing (the common case: plain words).
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || last == 0x20 || isBlockStarter(first) || (first >= 0x30 && first <= 0x39) { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || isInlineSpecial(byte) || byte == 0x21 || byte == 0x26 || byte == 0x22
                || byte == 0xC2 || byte == 0xE2 { return false }
            if (byte == 0x20 || byte == 0x2D || byte == 0x2E) && previous == byte { return false }
            previous = byte
        }
        return true
    }

    @inline(__always)
    private static func isInlineSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C: true  // \ ` * _ [ ] <
        default: false
        }
    }

    @inline(__always)
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    @inline(__always)
    private static func isBlockStarter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x23, 0x3E, 0x2D, 0x2B, 0x3D, 0x3A, 0x7E: true  // # > - + = : ~
        default: false
        }
    }
}

/// The `MARKDOWN` content type for swift-mustache: `{{value}}` in a Markdown template is escaped
/// for Markdown, not HTML.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownEscaping.escape(text) }

    /// Registers the content type once; swift-mustache keeps content types in a locked registry.
    static let register: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }()
}
