internal import Mustache

/// Escapes text so CommonMark shows it literally: it can never become a heading, list, link, image,
/// emphasis, code, HTML or an entity.
public enum MarkdownEscaping {
    /// Characters that have inline meaning anywhere in a line.
    /// Quotes are escaped so smart punctuation leaves a patient's text exactly as typed.
    private static let inlineSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "!", "&", "~", "|", "\"", "'"]
    /// Characters that start a block when first on a line.
    private static let blockStarters: Set<Character> = ["#", ">", "-", "+", "=", ":"]

    /// Text from a plan, ready to sit inside a Markdown paragraph, list item or heading.
    ///
    /// Line breaks become spaces (patient text is one paragraph), leading and trailing space is
    /// trimmed (so it cannot become a code block or a hard break), inline specials are
    /// backslash-escaped, and a block marker at the start (`#`, `>`, `-`, `+`, `=`, `1.`) is escaped.
    public static func escape(_ text: String) -> String {
        var flattened = ""
        flattened.reserveCapacity(text.utf8.count + 8)
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isBreak = scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar.value == 0x0B || scalar.value == 0x0C
                || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
            if isBreak || scalar == " " {
                if !lastWasSpace { flattened.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                continue  // other control characters have no place in a handout
            } else {
                flattened.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        let trimmed = flattened.trimmingCharacters(in: .whitespaces)
        var result = ""
        result.reserveCapacity(trimmed.utf8.count + 8)
        var atStart = true
        var leadingDigits = true
        let characters = Array(trimmed)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if inlineSpecials.contains(character) {
                result.append("\\")
            } else if (character == "-" && next == "-") || (character == "." && next == ".") {
                result.append("\\")  // "--" and "..." would become dashes and an ellipsis
            } else if atStart && blockStarters.contains(character) {
                result.append("\\")
            } else if leadingDigits && !atStart && (character == "." || character == ")") {
                result.append("\\")  // "1. text" would start a numbered list
            }
            if !character.isNumber { leadingDigits = false }
            atStart = false
            result.append(character)
        }
        return result
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
