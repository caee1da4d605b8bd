import Foundation
internal import Mustache

/// The clinic's Mustache templates (`Templates/*.mustache`), loaded so that every problem is a
/// located diagnostic and never an empty string in a patient's handout.
///
/// Rules checked at load time:
/// - every `*.md.mustache` file declares `{{% CONTENT_TYPE: MARKDOWN }}` on its first line, so values
///   are escaped for Markdown (swift-mustache resets the content type inside each partial, so each
///   partial must declare it too);
/// - unescaped output (`{{{x}}}` or `{{&x}}`) is only allowed for keys whose name ends in `Markdown`
///   (catalogue Markdown) in Markdown templates and `HTML` (libcmark's output) in HTML templates;
/// - every partial named exists; every key used is one the view model documents.
public struct TemplateLibrary: Sendable {
    /// The kinds of template file.
    enum Format: String, Sendable {
        case markdown = "md", html = "html", text = "txt"
    }

    struct Entry: Sendable {
        let name: String
        let format: Format
        let file: String
        let template: MustacheTemplate
    }

    let entries: [String: Entry]
    let library: MustacheLibrary
    /// Templates that exist but have errors (already reported).
    let failed: Set<String>

    /// Names of all templates and partials, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Loads every template under `Templates/`, checking the rules above.
    static func load(from project: Project, knownKeys: Set<String>, into diagnostics: inout DiagnosticList) -> TemplateLibrary {
        _ = MarkdownContentType.register
        var entries: [String: Entry] = [:]
        let folder = project.url("Templates")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var sources: [String: (Format, String, String)] = [:]
        for url in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) where url.pathExtension == "mustache" {
            let base = url.deletingPathExtension()
            let file = project.displayPath(of: url)
            guard let format = Format(rawValue: base.pathExtension) else {
                diagnostics.error(SourceLocation(file: file), "template file names end in .md.mustache, .txt.mustache or .html.mustache",
                                  hint: "rename it so hep knows how to escape values in it")
                continue
            }
            let name = base.deletingPathExtension().lastPathComponent
            guard let text = TextFile.read(url, shownAs: file, into: &diagnostics) else { continue }
            sources[name] = (format, file, text)
        }
        for (name, (format, file, text)) in sources {
            var found = DiagnosticList()
            TemplateLint.check(text, file: file, format: format, partials: Set(sources.keys), knownKeys: knownKeys, into: &found)
            do {
                let template = try MustacheTemplate(string: text)
                if !found.hasErrors { entries[name] = Entry(name: name, format: format, file: file, template: template) }
            } catch let error as MustacheTemplate.ParserError {
                found.error(SourceLocation(file: file, line: error.context.lineNumber, column: error.context.columnNumber),
                            "template syntax error: \(TemplateLint.describe(error.error))",
                            hint: "check that every {{#section}} has a matching {{/section}} and every tag is closed with }}")
            } catch {
                found.error(SourceLocation(file: file, line: 1, column: 1), "template syntax error: \(error)")
            }
            diagnostics.append(contentsOf: found)
        }
        var library = MustacheLibrary()
        for entry in entries.values { library.register(entry.template, named: entry.name) }
        return TemplateLibrary(entries: entries, library: library, failed: Set(sources.keys).subtracting(entries.keys))
    }

    /// Checks that a template the settings name exists, with the right format.
    func require(_ name: String, format: Format, setting: String, into diagnostics: inout DiagnosticList) {
        if let entry = entries[name] {
            if entry.format != format {
                diagnostics.error(SourceLocation(file: "Templates/clinic.yaml", line: 1, column: 1),
                                  "'\(setting)' names '\(name)', which is a .\(entry.format.rawValue) template; it must be .\(format.rawValue).mustache")
            }
            return
        }
        if failed.contains(name) { return }  // exists; its own errors are already reported
        var hint: Hint = "templates in Templates/: \(names.joined(separator: ", "))"
        if let close = Suggestions.closest(to: name, in: names) { hint = hint.prefixed("did you mean '\(close)'? ") }
        diagnostics.error(SourceLocation(file: "Templates/clinic.yaml", line: 1, column: 1),
                          "unknown template '\(name)' (no Templates/\(name).\(format.rawValue).mustache)", hint: hint)
    }

    /// Renders the template `name` with a view model. The template was checked at load time.
    func render(_ name: String, with context: Any) -> String {
        entries[name]?.template.render(context, library: library) ?? ""
    }
}

/// Static checks of template text (the template library itself renders silently).
enum TemplateLint {
    /// One tag found in a template.
    struct Tag {
        var sigil: Character?
        var name: String
        var line: Int
        var column: Int
    }

    static func check(_ text: String, file: String, format: TemplateLibrary.Format, partials: Set<String>,
                      knownKeys: Set<String>, into diagnostics: inout DiagnosticList) {
        let firstLine = text.prefix { $0 != "\n" }.replacingOccurrences(of: " ", with: "")
        if format == .markdown && firstLine != "{{%CONTENT_TYPE:MARKDOWN}}" {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1),
                              "a Markdown template must start with `{{% CONTENT_TYPE: MARKDOWN }}`",
                              hint: "without it, values would be escaped for HTML and patient text could become Markdown")
        }
        if format == .text && firstLine != "{{%CONTENT_TYPE:TEXT}}" {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1),
                              "a plain-text template must start with `{{% CONTENT_TYPE: TEXT }}`",
                              hint: "without it, values would be HTML-escaped (&amp;) in the plain-text email")
        }
        for tag in tags(in: text) {
            let location = SourceLocation(file: file, line: tag.line, column: tag.column)
            switch tag.sigil {
            case "!", "%", "=", "/": continue
            case ">":
                if !partials.contains(tag.name) {
                    var hint: Hint = "add Templates/\(tag.name).\(format.rawValue).mustache"
                    if let close = Suggestions.closest(to: tag.name, in: partials) { hint = hint.prefixed("did you mean '\(close)'? ") }
                    diagnostics.error(location, "missing partial '\(tag.name)'", hint: hint)
                }
                continue
            case "{", "&":
                let suffix = format == .html ? "HTML" : "Markdown"
                if !tag.name.hasSuffix(suffix) {
                    diagnostics.error(location, "unescaped output of '\(tag.name)' is not allowed",
                                      hint: "use {{\(tag.name)}}; only keys ending in '\(suffix)' may be unescaped here, so patient text always stays text")
                }
            default: break
            }
            if tag.name == "." { continue }
            for component in tag.name.split(separator: ".") where !knownKeys.contains(String(component)) {
                var hint: Hint = "Templates/README.md lists every key"
                if let close = Suggestions.closest(to: String(component), in: knownKeys) { hint = hint.prefixed("did you mean '\(close)'? ") }
                diagnostics.error(location, "unknown key '\(tag.name)'", hint: hint)
                break
            }
        }
    }

    /// Every `{{...}}` tag with its position (standard delimiters only). Columns count characters.
    static func tags(in text: String) -> [Tag] {
        let bytes = Array(text.utf8)
        var result: [Tag] = []
        var line = 1, column = 1
        var index = 0
        func advance(to end: Int) {
            while index < end {
                if bytes[index] == 0x0A { line += 1; column = 1 } else if bytes[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
        }
        while index + 1 < bytes.count {
            guard bytes[index] == 0x7B, bytes[index + 1] == 0x7B else { advance(to: index + 1); continue }
            var close = index + 2
            while close + 1 < bytes.count, !(bytes[close] == 0x7D && bytes[close + 1] == 0x7D) { close += 1 }
            guard close + 1 < bytes.count else { break }
            var inner = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)[...]
            var end = close + 2
            if inner.hasPrefix("{"), end < bytes.count, bytes[end] == 0x7D { end += 1 }
            var sigil: Character?
            if let first = inner.first, "#^/>&{!%=$<".contains(first) {
                sigil = first
                inner = inner.dropFirst()
            }
            let name = String(inner).trimmed.split(separator: "(").last.map { String($0.filter { $0 != ")" }) } ?? ""
            if sigil != "!" && sigil != "%" {
                result.append(Tag(sigil: sigil, name: name.trimmed, line: line, column: column))
            }
            advance(to: end)
        }
        return result
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "a section is closed with a different name than it was opened with"
        case MustacheTemplate.Error.unfinishedName: "a tag is not finished"
        case MustacheTemplate.Error.expectedSectionEnd: "a section is opened but never closed"
        case MustacheTemplate.Error.invalidSetDelimiter: "a set-delimiter tag is malformed"
        case MustacheTemplate.Error.invalidConfigVariableSyntax: "a {{% pragma }} is malformed"
        case MustacheTemplate.Error.unrecognisedConfigVariable: "unknown {{% pragma }}"
        default: "\(error)"
        }
    }
}
