/// Styles libcmark's HTML for a handout: inline styles on every text element (email clients drop
/// `<style>` blocks), and each exercise wrapped so print keeps it on one page where it fits.
///
/// This rewrites tags by name only. That is safe because libcmark escapes every `<` in text as
/// `&lt;` and, in safe mode, emits no raw HTML: each `<` in its output starts one of its own tags.
struct HTMLStyler: Sendable {
    /// Inline style per element.
    let styles: [String: String]

    /// Styles for a clinic's brand colour.
    init(brandColour: String) {
        let font = "font-family:Helvetica,Arial,sans-serif;color:#1a1a1a;"
        styles = [
            "h1": font + "font-size:28px;line-height:1.3;margin:0 0 16px;color:\(brandColour);",
            "h2": font + "font-size:23px;line-height:1.3;margin:32px 0 12px;color:\(brandColour);",
            "h3": font + "font-size:20px;line-height:1.35;margin:24px 0 8px;",
            "h4": font + "font-size:18px;line-height:1.4;margin:16px 0 6px;",
            "p": font + "font-size:17px;line-height:1.55;margin:0 0 12px;",
            "ul": font + "font-size:17px;line-height:1.55;margin:0 0 12px;padding-left:24px;",
            "ol": font + "font-size:17px;line-height:1.55;margin:0 0 12px;padding-left:24px;",
            "li": font + "font-size:17px;line-height:1.55;margin:0 0 6px;",
            "strong": "font-weight:bold;",
            "em": "font-style:italic;",
            "a": "color:\(brandColour);text-decoration:underline;",
            "blockquote": font + "font-size:17px;line-height:1.55;margin:0 0 12px;padding:8px 16px;border-left:4px solid \(brandColour);background-color:#f4f6f8;",
            "hr": "border:0;border-top:1px solid #cccccc;margin:24px 0;",
            "code": "font-family:Menlo,Consolas,monospace;font-size:16px;",
        ]
    }

    /// The styled fragment.
    func style(_ html: String) -> String {
        wrapExercises(addStyles(html))
    }

    func addStyles(_ html: String) -> String {
        var result = ""
        result.reserveCapacity(html.utf8.count * 2)
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            result += html[index..<open]
            let nameStart = html.index(after: open)
            let nameEnd = html[nameStart...].firstIndex { !$0.isLetter && !$0.isNumber } ?? html.endIndex
            let name = String(html[nameStart..<nameEnd])
            if let style = styles[name], nameEnd < html.endIndex, html[nameEnd] == ">" || html[nameEnd] == " " {
                result += "<\(name) style=\"\(style)\""
                index = nameEnd
            } else {
                result += "<"
                index = nameStart
            }
        }
        result += html[index...]
        return result
    }

    /// Wraps each `<h3>` section (one exercise) in a block that print keeps together.
    func wrapExercises(_ html: String) -> String {
        let lines = html.split(separator: "\n", omittingEmptySubsequences: false)
        var output: [Substring] = []
        var open = false
        for line in lines {
            if line.hasPrefix("<h2") || line.hasPrefix("<h3") || line.hasPrefix("<hr") {
                if open { output.append("</div>"); open = false }
            }
            if line.hasPrefix("<h3") {
                output.append("<div class=\"exercise\" style=\"break-inside:avoid;page-break-inside:avoid;\">")
                open = true
            }
            output.append(line)
        }
        if open {
            if output.last == "" { output.insert("</div>", at: output.count - 1) } else { output.append("</div>") }
        }
        return output.joined(separator: "\n")
    }
}
