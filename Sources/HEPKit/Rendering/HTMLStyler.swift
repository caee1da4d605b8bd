import Foundation

/// Styles libcmark's HTML for a handout: inline styles on every text element (email clients drop
/// `<style>` blocks), and blocks for print. Each `<h3>` section with `<h4>` parts (an exercise) is
/// wrapped in `<div class="exercise">`, the runs of everything else between exercises in
/// `<div class="flow">`, and each heading with what follows it up to the next heading (or `<hr>`)
/// in `<div class="part">`. The page template's print styles lay the flow out in two columns and
/// each exercise as one block across the page, itself in two columns, so a heading is never left
/// at the foot of a page, a "Stop if" list never goes without its exercise and the contact block
/// stays whole.
///
/// This rewrites tags by name only. That is safe because libcmark escapes every `<` in text as
/// `&lt;` and, in safe mode, emits no raw HTML: each `<` in its output starts one of its own tags.
struct HTMLStyler: Sendable {
    /// Inline style per element.
    let styles: [String: String]
    /// The same as bytes, matched byte by byte where a tag is written (no array made or hashed per tag).
    let styleList: [(name: [UInt8], style: [UInt8])]

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
        styleList = styles.sorted { $0.key < $1.key }.map { (name: Array($0.key.utf8), style: Array($0.value.utf8)) }
    }

    /// The styled fragment: one pass over the UTF-8 bytes. Each picture in `pictures` (keyed by its
    /// link) gets its display size and inline style where its tag is written.
    func style(_ html: String, pictures: [String: (width: Int, height: Int)] = [:]) -> String {
        var source = html
        return source.withUTF8 { bytes -> String in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count * 3)
            var inExercise = false, inPart = false, inFlow = false
            // Blocks open and close only at the top level: a heading inside a quote or a list item
            // (catalogue Markdown may nest one) must not close a <div> opened outside it.
            var nesting = 0
            var index = 0
            var atLineStart = true
            while index < bytes.count {
                if atLineStart {
                    atLineStart = false
                    if Self.containers.contains(where: { Self.hasPrefix(bytes, index, $0) }) { nesting += 1 }
                    if Self.containerEnds.contains(where: { Self.hasPrefix(bytes, index, $0) }) { nesting -= 1 }
                    let top = nesting <= 0
                    let h2 = top && Self.hasPrefix(bytes, index, Self.h2), h3 = top && Self.hasPrefix(bytes, index, Self.h3)
                    let h4 = top && Self.hasPrefix(bytes, index, Self.h4), hr = top && Self.hasPrefix(bytes, index, Self.hr)
                    if h2 || h3 || h4 || hr, inPart { out.append(contentsOf: Self.closeDiv); inPart = false }
                    if h2 || h3 || hr, inExercise { out.append(contentsOf: Self.closeDiv); inExercise = false }
                    // An `<h3>` section with `<h4>` parts is an exercise; one without ("How you
                    // moved") is an ordinary part of the flow.
                    if h3, Self.sectionHasParts(bytes, after: index) {
                        if inFlow { out.append(contentsOf: Self.closeDiv); inFlow = false }
                        out.append(contentsOf: Self.openExercise)
                        inExercise = true
                    } else if top, !inExercise, !inFlow {
                        out.append(contentsOf: Self.openFlow)
                        inFlow = true
                    }
                    if h2 || h3 || h4 {
                        out.append(contentsOf: Self.openPart)
                        inPart = true
                    }
                }
                // Text up to the next tag or line end is copied as one run.
                var end = index
                while end < bytes.count, bytes[end] != 0x3C, bytes[end] != 0x0A { end += 1 }
                if end > index {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    continue
                }
                let byte = bytes[index]
                if byte == 0x0A {
                    out.append(byte)
                    index += 1
                    atLineStart = true
                    continue
                }
                if byte == 0x3C, !pictures.isEmpty, Self.hasPrefix(bytes, index, Self.imageSource),
                   let close = (index + Self.imageSource.count..<bytes.count).first(where: { bytes[$0] == 0x22 }),
                   let size = pictures[String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + Self.imageSource.count)..<close]), as: UTF8.self)] {
                    out.append(contentsOf: bytes[index...close])
                    // Two pictures side by side in the 544px column of the email, one under the
                    // other on a phone.
                    let width = min(size.width, Self.pictureWidth)
                    let height = max(1, (size.height * width + size.width / 2) / max(size.width, 1))
                    out.append(contentsOf: Array(" width=\"\(width)\" height=\"\(height)\"".utf8))
                    out.append(contentsOf: Self.imageStyle)
                    index = close + 1
                    continue
                }
                if byte == 0x3C, let styled = tagName(bytes, index + 1) {
                    let (name, style) = styleList[styled]
                    out.append(0x3C)
                    out.append(contentsOf: name)
                    out.append(contentsOf: Self.styleOpen)
                    out.append(contentsOf: style)
                    out.append(0x22)
                    index += 1 + name.count
                    continue
                }
                out.append(byte)
                index += 1
            }
            if inPart || inExercise || inFlow, out.last != 0x0A { out.append(0x0A) }
            if inPart { out.append(contentsOf: Self.closeDiv) }
            if inExercise { out.append(contentsOf: Self.closeDiv) }
            if inFlow { out.append(contentsOf: Self.closeDiv) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The index in `styleList` of the styled tag whose name starts at `start` (followed by `>` or a space).
    private func tagName(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var end = start
        while end < bytes.count, end - start < 12,
              (bytes[end] >= 0x61 && bytes[end] <= 0x7A) || (bytes[end] >= 0x30 && bytes[end] <= 0x39) { end += 1 }
        guard end > start, end < bytes.count, bytes[end] == 0x3E || bytes[end] == 0x20 else { return nil }
        let length = end - start
        return styleList.firstIndex { $0.name.count == length && Self.hasPrefix(bytes, start, $0.name) }
    }

    /// Whether the `<h3>` section starting at `start` has an `<h4>` line before the next top-level
    /// `<h2>`, `<h3>` or `<hr>` (a line-start scan: catalogue Markdown nests no heading that matters).
    private static func sectionHasParts(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = start + 1
        // From line start to line start, finding each line end with memchr.
        while index < bytes.count, let found = memchr(base + index - 1, 0x0A, bytes.count - index + 1) {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            if hasPrefix(bytes, index, h4) { return true }
            if hasPrefix(bytes, index, h2) || hasPrefix(bytes, index, h3) || hasPrefix(bytes, index, hr) { return false }
            index += 1
        }
        return false
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    private static let h2 = Array("<h2".utf8), h3 = Array("<h3".utf8), h4 = Array("<h4".utf8), hr = Array("<hr".utf8)
    private static let containers = ["<blockquote", "<ul", "<ol"].map { Array($0.utf8) }
    private static let containerEnds = ["</blockquote>", "</ul>", "</ol>"].map { Array($0.utf8) }
    private static let styleOpen = Array(" style=\"".utf8)
    private static let imageSource = Array("<img src=\"".utf8)
    /// The width a picture is shown at: two fit side by side in the email's content column.
    static let pictureWidth = 260
    private static let imageStyle = Array(" style=\"display:inline-block;vertical-align:top;width:260px;max-width:100%;height:auto;margin:0 8px 8px 0;border:0;background-color:#ffffff;\"".utf8)
    private static let closeDiv = Array("</div>\n".utf8)
    private static let openExercise = Array("<div class=\"exercise\" style=\"break-inside:avoid;page-break-inside:avoid;\">\n".utf8)
    private static let openFlow = Array("<div class=\"flow\">\n".utf8)
    private static let openPart = Array("<div class=\"part\" style=\"break-inside:avoid;page-break-inside:avoid;\">\n".utf8)
}
