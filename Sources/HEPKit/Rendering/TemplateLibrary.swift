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
/// - every partial named exists;
/// - every tag names a key that is there at that point of the template, resolved against the
///   sections around it as swift-mustache resolves it (partials in the scope they are included
///   from), and every `{{key}}` shows text, never a list or a group (see `TemplateScopeCheck`).
public struct TemplateLibrary: Sendable {
    /// The kinds of template file.
    enum Format: String, Sendable {
        case markdown = "md", html = "html", text = "txt"

        /// What a template of this format receives when the settings name it (`Workspace.render`):
        /// the handout and its plain-text twin the handout's view model, the page the page's.
        var root: TemplateSchema.ViewType { self == .html ? .page : .handout }
    }

    struct Entry: Sendable {
        let name: String
        let format: Format
        let file: String
        /// The template compiled by hep (nil when it uses what only swift-mustache renders).
        let compiled: CompiledTemplate?
        /// The template parsed by swift-mustache, when some template did not compile.
        var template: MustacheTemplate?
    }

    let entries: [String: Entry]
    /// The compiled templates, when every template compiled; else nil and `library` renders.
    let compiled: CompiledTemplates?
    let library: MustacheLibrary
    /// Templates that exist but have errors (already reported).
    let failed: Set<String>

    /// Names of all templates and partials, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Loads every template under `Templates/`, checking the rules above. Keys are checked from the
    /// templates the clinic's settings name, each with the view model it receives.
    static func load(from project: Project, schema: TemplateSchema, clinic: ClinicSettings?,
                     into diagnostics: inout DiagnosticList) -> TemplateLibrary {
        _ = MarkdownContentType.register
        var entries: [String: Entry] = [:]
        let folder = project.url("Templates")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var sources: [String: (format: Format, file: String, text: String)] = [:]
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
        var found: [String: DiagnosticList] = [:]
        var parsed: [String: Entry] = [:]
        // Each file's tags, found once for both checks (a partial is walked once per scope it is included in).
        let tags = sources.mapValues { TemplateLint.tags(in: $0.text) }
        for (name, (format, file, text)) in sources {
            TemplateLint.check(text, tags: tags[name] ?? [], file: file, format: format, partials: Set(sources.keys),
                               into: &found[name, default: DiagnosticList()])
            // hep's compiler first; swift-mustache's parser only for what it does not take (and its errors).
            if let compiled = CompiledTemplate(text) {
                parsed[name] = Entry(name: name, format: format, file: file, compiled: compiled, template: nil)
                continue
            }
            do {
                parsed[name] = Entry(name: name, format: format, file: file, compiled: nil, template: try MustacheTemplate(string: text))
            } catch let error as MustacheTemplate.ParserError {
                found[name, default: DiagnosticList()].error(
                    SourceLocation(file: file, line: error.context.lineNumber, column: error.context.columnNumber),
                    "template syntax error: \(TemplateLint.describe(error.error))",
                    hint: "check that every {{#section}} has a matching {{/section}} and every tag is closed with }}")
            } catch {
                found[name, default: DiagnosticList()].error(SourceLocation(file: file, line: 1, column: 1), "template syntax error: \(error)")
            }
        }
        // Keys, in the scope of each tag: a template that failed to parse is not followed.
        var scopes = TemplateScopeCheck(schema: schema, sources: sources.filter { parsed[$0.key] != nil }.mapValues { (file: $0.file, text: $0.text) },
                                        tags: tags)
        for (name, root) in roots(of: sources.mapValues(\.format), clinic: clinic) { scopes.check(name, as: root) }
        let names = Dictionary(sources.map { ($0.value.file, $0.key) }, uniquingKeysWith: { a, _ in a })
        for diagnostic in scopes.diagnostics.all {
            if let name = names[diagnostic.file] { found[name, default: DiagnosticList()].append(diagnostic) }
        }
        for (name, list) in found.sorted(by: { $0.key < $1.key }) {
            if let entry = parsed[name], !list.hasErrors { entries[name] = entry }
            diagnostics.append(contentsOf: list)
        }
        var library = MustacheLibrary()
        var compiled: CompiledTemplates?
        if entries.values.allSatisfy({ $0.compiled != nil }) {
            compiled = CompiledTemplates(templates: entries.compactMapValues(\.compiled))
        } else {
            // One template needs swift-mustache, so all render with it (partials come from one library).
            for (name, entry) in entries {
                let template = entry.template ?? sources[name].flatMap { try? MustacheTemplate(string: $0.text) }
                entries[name]?.template = template
                if let template { library.register(template, named: name) }
            }
        }
        return TemplateLibrary(entries: entries, compiled: compiled, library: library, failed: Set(sources.keys).subtracting(entries.keys))
    }

    /// The templates whose keys are checked from the top, with what each receives: the three the
    /// settings name, in their own format (a wrong format is `require`'s error). Partials are
    /// checked where they are included; a template nothing names or includes is not checked.
    static func roots(of formats: [String: Format], clinic: ClinicSettings?) -> [(String, TemplateSchema.ViewType)] {
        // Without readable settings (already an error), the settings' defaults.
        let named = clinic.map { [($0.handoutTemplate, Format.markdown), ($0.textTemplate, .text), ($0.pageTemplate, .html)] }
            ?? [("handout", .markdown), ("handout-text", .text), ("page", .html)]
        var roots: [String: TemplateSchema.ViewType] = [:]
        for (name, format) in named where formats[name] == format {
            roots[name] = format.root
        }
        return roots.sorted { $0.key < $1.key }
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
        if let compiled { return compiled.render(name, with: context) }
        return entries[name]?.template?.render(context, library: library) ?? ""
    }
}

/// Static checks of template text (the template library itself renders silently).
enum TemplateLint {
    /// One tag found in a template.
    struct Tag {
        var sigil: Character?
        /// The key (`goals` in `{{^empty(goals)}}`; empty in `{{^last()}}`), or the partial's name.
        var name: String
        /// Transforms, outermost first (`["empty"]` in `{{^empty(goals)}}`).
        var transforms: [String] = []
        var line: Int
        var column: Int

        /// The name as written, with its transforms: `empty(goals)`.
        var shown: String { transforms.reversed().reduce(name) { "\($1)(\($0))" } }
    }

    /// The rules each file must follow on its own (keys are checked in scope by `TemplateScopeCheck`).
    /// `tags` are `tags(in: text)`, when already found.
    static func check(_ text: String, tags found: [Tag]? = nil, file: String, format: TemplateLibrary.Format, partials: Set<String>,
                      into diagnostics: inout DiagnosticList) {
        let firstLine = String(text.prefix { $0 != "\n" }.filter { $0 != " " })
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
        for tag in found ?? tags(in: text) {
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
        }
    }

    /// The characters that open a tag of a kind other than `{{key}}`.
    static let sigils: [Character] = ["#", "^", "/", ">", "&", "{", "!", "%", "=", "$", "<"]

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
            if let first = inner.first, Self.sigils.contains(first) {
                sigil = first
                inner = inner.dropFirst()
            }
            if sigil != "!" && sigil != "%" {
                // `a(b(c))`: the key is `c`, the transforms `a`, `b` (swift-mustache's syntax), split
                // by bytes (`(` and `)` are ASCII).
                let inner = String(inner).trimmed
                var parts = inner.utf8.split(separator: 0x28, omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self).trimmed
                }
                let name = String(decoding: parts.removeLast().utf8.filter { $0 != 0x29 }, as: UTF8.self).trimmed
                result.append(Tag(sigil: sigil, name: name, transforms: parts, line: line, column: column))
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

/// Resolves every tag of the templates against the context stack at that point, as swift-mustache
/// 2.1 does when it renders, so that a key that would print nothing, or print a Swift list or
/// dictionary, is an error at its tag:
/// - `{{#x}}` over a list pushes each item (and `first()`, `last()`, `index()` work inside it); over
///   an object or a wording group pushes it; over a text pushes that text; over yes/no (a transform
///   such as `empty(goals)`) pushes nothing. `{{^x}}` pushes nothing (over an empty list, the list);
/// - `a.b.c` finds `a` in the innermost value that has it, then `b` and `c` strictly inside; `.x`
///   looks only in the innermost value, `.` is the innermost value itself;
/// - a partial is checked in the scope it is included from (each scope once), where swift-mustache
///   forgets the list position; a partial that includes itself is an error (rendering would never
///   end), reported once and not followed again.
struct TemplateScopeCheck {
    /// What a name gives at one point of a template.
    enum Value: Hashable {
        case kind(TemplateSchema.Kind)
        /// A transform's yes or no (`empty(goals)`, `last()`).
        case yesNo
        /// Not known, already reported: anything inside it passes, so one typo is one error.
        case unknown
    }

    /// The context at one point: the values sections pushed, the template's view model first, and
    /// whether the innermost section goes through a list.
    struct Scope: Hashable {
        var stack: [Value]
        var inList: Bool
    }

    struct Visit: Hashable {
        var template: String
        var scope: Scope
    }

    let schema: TemplateSchema
    /// Templates that parsed, by name.
    let sources: [String: (file: String, text: String)]
    private(set) var diagnostics = DiagnosticList()
    private var reported = Set<String>()
    private var visited = Set<Visit>()

    /// Each template's tags (`TemplateLint.tags`), found once.
    private var tags: [String: [TemplateLint.Tag]]

    /// `tags` holds the tags of some of `sources`, already found; the others' are found when walked.
    init(schema: TemplateSchema, sources: [String: (file: String, text: String)], tags: [String: [TemplateLint.Tag]] = [:]) {
        self.schema = schema
        self.sources = sources
        self.tags = tags
    }

    static let readme = "Templates/README.md lists every key"
    static let listPosition = ["first", "last", "index", "even", "odd"]

    /// Checks a template that receives a `root`, and every partial it includes.
    mutating func check(_ name: String, as root: TemplateSchema.ViewType) {
        walk(name, in: Scope(stack: [.kind(.object(root))], inList: false), chain: [])
    }

    mutating func walk(_ name: String, in start: Scope, chain: [String]) {
        guard let source = sources[name], visited.insert(Visit(template: name, scope: start)).inserted else { return }
        var scope = start
        var open: [(tag: TemplateLint.Tag, outer: Scope)] = []
        let found = tags[name] ?? TemplateLint.tags(in: source.text)
        tags[name] = found
        for tag in found {
            let location = SourceLocation(file: source.file, line: tag.line, column: tag.column)
            switch tag.sigil {
            case "=":
                return  // other delimiters: the tags after this one are not found
            case "#", "^":
                let value = resolve(tag, in: scope, at: location)
                open.append((tag, scope))
                scope = entering(value, inverted: tag.sigil == "^", from: scope)
            case "$":
                open.append((tag, scope))
            case ">", "<":
                if tag.sigil == "<" { open.append((tag, scope)) }
                if chain.contains(tag.name) || tag.name == name {
                    let cycle = (chain + [name, tag.name]).drop { $0 != tag.name }
                    error(location, "partial '\(tag.name)' includes itself (\(cycle.joined(separator: " → ")))",
                          hint: "rendering it would never end; remove this {{\(tag.sigil!) \(tag.name)}}")
                    continue
                }
                walk(tag.name, in: Scope(stack: scope.stack, inList: false), chain: chain + [name])
            case "/":
                // A mismatch is a syntax error, reported as such: stop following this template.
                guard let last = open.popLast(), last.tag.name == tag.name, last.tag.transforms == tag.transforms else { return }
                scope = last.outer
            default:
                requireText(resolve(tag, in: scope, at: location), tag, at: location)
            }
        }
    }

    /// The scope inside a section over `value`.
    func entering(_ value: Value, inverted: Bool, from outer: Scope) -> Scope {
        var scope = outer
        switch value {
        case .yesNo:
            break  // a yes/no section renders in the same context, list position included
        case .unknown:
            if !inverted { scope = Scope(stack: outer.stack + [.unknown], inList: false) }
        case .kind(let kind):
            switch kind {
            case .textList, .list:
                if inverted {
                    scope = Scope(stack: outer.stack + [value], inList: false)
                } else {
                    let item: TemplateSchema.Kind = if case .list(let type) = kind { .object(type) } else { .text }
                    scope = Scope(stack: outer.stack + [.kind(item)], inList: true)
                }
            case .optionalText:
                if !inverted { scope = Scope(stack: outer.stack + [.kind(.text)], inList: false) }
            case .text, .number, .object, .wording:
                if !inverted { scope = Scope(stack: outer.stack + [value], inList: false) }
            }
        }
        return scope
    }

    // MARK: Resolving names

    /// What looking up one key in a value finds.
    enum Child {
        case found(Value)
        case missing
        case mixed([String: TemplateSchema.Kind])
    }

    func child(_ key: String, of value: Value) -> Child {
        switch value {
        case .unknown: return .found(.unknown)
        case .yesNo: return .missing
        case .kind(.object(let type)):
            return schema.kind(of: key, in: type).map { .found(.kind($0)) } ?? .missing
        case .kind(.wording(let path)):
            switch schema.wordingChild(key, of: path) {
            case .unchecked: return .found(.unknown)
            case .found(let kind): return .found(.kind(kind))
            case .missing: return .missing
            case .mixed(let kinds): return .mixed(kinds)
            }
        case .kind: return .missing
        }
    }

    /// The keys a value has, in order.
    func keys(of value: Value) -> [String] {
        switch value {
        case .kind(.object(let type)): schema.keys(of: type).map(\.name)
        case .kind(.wording(let path)): schema.wordingKeys(of: path)
        default: []
        }
    }

    /// What a tag's name and transforms give in `scope`; reports what does not resolve.
    mutating func resolve(_ tag: TemplateLint.Tag, in scope: Scope, at location: SourceLocation) -> Value {
        var transforms = Array(tag.transforms.reversed())  // innermost first, as they run
        var value: Value
        var expression = tag.name
        if tag.name.isEmpty {
            // `last()`: a transform of the position in the list being shown.
            guard let position = transforms.first else { return .unknown }
            transforms.removeFirst()
            expression = "\(position)()"
            switch position {
            case "first", "last", "even", "odd": value = .yesNo
            case "index": value = .kind(.number)
            default:
                let close = Suggestions.closest(to: position, in: Self.listPosition).map { "\($0)()" }
                error(location, "unknown transform '\(position)()'",
                      hint: Self.hint(close: close, ["in a list section these work: \(Self.listPosition.map { "\($0)()" }.joined(separator: ", "))"]))
                return .unknown
            }
            guard scope.inList else {
                let effect = switch tag.sigil { case "^": "this section would always show"; case "#": "this section would never show"; default: "it would print nothing" }
                error(location, "'\(tag.shown)' only works directly inside a list section",
                      hint: "outside one, \(effect); use it between {{#list}} and {{/list}}, e.g. {{#goals}}{{.}}{{^last()}}, {{/last()}}{{/goals}} (a partial does not see the list it is included in)")
                return .unknown
            }
        } else if tag.name == "." {
            value = scope.stack.last!
        } else {
            let dotted = tag.name.hasPrefix(".")
            let parts = Self.dotted(dotted ? String(tag.name.dropFirst()) : tag.name)
            guard let resolved = lookUp(parts, strictlyInTop: dotted, tag: tag, in: scope, at: location) else { return .unknown }
            value = resolved
        }
        for transform in transforms {
            guard let next = applying(transform, to: value) else {
                let kinds = Self.transforms(of: value)
                error(location, "'\(transform)' does not work on '\(expression)', \(describe(value))",
                      hint: Self.hint(close: Suggestions.closest(to: transform, in: kinds),
                                      [kinds.isEmpty ? "nothing can be applied to \(describe(value))" : "\(describe(value)) takes: \(kinds.joined(separator: ", "))"]))
                return .unknown
            }
            value = next
            expression = "\(transform)(\(expression))"
        }
        return value
    }

    /// Looks up `a.b.c`: `a` in the innermost value that has it (or only the innermost, for `.a`),
    /// then `b` and `c` strictly inside. Nil when it does not resolve (reported).
    /// `a.b.c` split at its dots; ASCII by bytes (the same pieces, without Character breaking).
    static func dotted(_ name: String) -> [String] {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        return name.utf8.split(separator: 0x2E, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func lookUp(_ parts: [String], strictlyInTop: Bool, tag: TemplateLint.Tag, in scope: Scope, at location: SourceLocation) -> Value? {
        let first = parts[0]
        var value: Value?
        for frame in (strictlyInTop ? [scope.stack.last!] : scope.stack.reversed()) {
            switch child(first, of: frame) {
            case .found(let found): value = found
            case .mixed(let kinds): reportMixed(kinds, name: first, at: location); return nil
            case .missing: continue
            }
            break
        }
        guard var value else {
            reportNotInScope(first, tag: tag, in: scope, at: location)
            return nil
        }
        for (index, key) in parts.enumerated().dropFirst() {
            switch child(key, of: value) {
            case .found(let found):
                value = found
            case .mixed(let kinds):
                reportMixed(kinds, name: parts[...index].joined(separator: "."), at: location)
                return nil
            case .missing:
                reportNoChild(key, of: value, parent: parts[..<index].joined(separator: "."), tag: tag, at: location)
                return nil
            }
        }
        return value
    }

    // MARK: Transforms

    /// swift-mustache's transforms for each kind of value (`Transform.swift`), and what they give.
    func applying(_ transform: String, to value: Value) -> Value? {
        switch value {
        case .unknown: return .unknown
        case .yesNo: return nil
        case .kind(let kind):
            switch (kind, transform) {
            case (.text, "empty"), (.optionalText, "empty"): return .yesNo
            case (.text, "capitalized"), (.text, "lowercased"), (.text, "uppercased"), (.text, "reversed"),
                 (.optionalText, "capitalized"), (.optionalText, "lowercased"), (.optionalText, "uppercased"), (.optionalText, "reversed"):
                return .kind(.text)
            case (.number, "equalzero"), (.number, "even"), (.number, "odd"): return .yesNo
            case (.number, "plusone"), (.number, "minusone"): return .kind(.number)
            case (.textList, "first"), (.textList, "last"): return .kind(.optionalText)
            case (.textList, "reversed"), (.textList, "sorted"): return .kind(.textList)
            case (.list(let type), "first"), (.list(let type), "last"): return .kind(.object(type))
            case (.list, "reversed"): return value
            case (.textList, "count"), (.list, "count"), (.wording, "count"): return .kind(.number)
            case (.textList, "empty"), (.list, "empty"), (.wording, "empty"): return .yesNo
            default: return nil
            }
        }
    }

    static func transforms(of value: Value) -> [String] {
        switch value {
        case .kind(.text), .kind(.optionalText): ["empty", "capitalized", "lowercased", "uppercased", "reversed"]
        case .kind(.number): ["equalzero", "even", "odd", "plusone", "minusone"]
        case .kind(.textList): ["first", "last", "reversed", "sorted", "count", "empty"]
        case .kind(.list): ["first", "last", "reversed", "count", "empty"]
        case .kind(.wording): ["count", "empty"]
        default: []
        }
    }

    // MARK: Diagnostics

    /// A `{{key}}` must give text.
    mutating func requireText(_ value: Value, _ tag: TemplateLint.Tag, at location: SourceLocation) {
        let shown = tag.shown
        let subject = shown == "." ? "'.' here" : "'\(shown)'"
        switch value {
        case .unknown, .kind(.text), .kind(.number), .kind(.optionalText):
            return
        case .yesNo:
            error(location, "\(subject) is yes or no, not text",
                  hint: "use it as a section: {{#\(shown)}}...{{/\(shown)}}")
        case .kind(.textList) where shown == ".", .kind(.list) where shown == ".":
            error(location, "\(subject) is the empty list this {{^section}} is for, not text",
                  hint: "show a phrase here instead, e.g. {{text.contact}}")
        case .kind(.textList):
            error(location, "\(subject) is a list, not text",
                  hint: "show each item with {{#\(shown)}}{{.}}{{/\(shown)}}; \(Self.readme)")
        case .kind(.list(let type)):
            error(location, "\(subject) is a list of \(type.plural), not text",
                  hint: "show each one with {{#\(shown)}}...{{/\(shown)}}; \(Self.readme)")
        case .kind(.object(let type)):
            let example = schema.keys(of: type).first { $0.kind == .text }?.name ?? "..."
            error(location, "\(subject) is a group of values (\(type.one)), not text",
                  hint: "name one of them, e.g. {{\(shown == "." ? example : "\(shown).\(example)")}}; \(Self.readme)")
        case .kind(.wording(let path)):
            let keys = schema.wordingKeys(of: path)
            let example = keys.first { if case .found(.text) = schema.wordingChild($0, of: path) { true } else { false } } ?? keys.first ?? "..."
            error(location, "\(subject) is a group of phrases, not text",
                  hint: "name one of its phrases, e.g. {{\(shown == "." ? example : "\(shown).\(example)")}}; \(Self.readme)")
        }
    }

    /// The first part of a name is in no value of the scope.
    mutating func reportNotInScope(_ key: String, tag: TemplateLint.Tag, in scope: Scope, at location: SourceLocation) {
        var close = Suggestions.closest(to: key, in: Set(scope.stack.flatMap(keys(of:))))
        var hints = whereToFind(key, from: scope, asText: tag.sigil != "#" && tag.sigil != "^")
        let message = hints.isEmpty ? "unknown key '\(tag.name)'" : "'\(key)' is not available here"
        if Self.listPosition.contains(key) {
            close = "\(key)()"
            hints.append("with brackets, '\(key)()' works inside a list section, e.g. {{#goals}}{{.}}{{^last()}}, {{/last()}}{{/goals}}")
        }
        error(location, message, hint: Self.hint(close: close, hints + [Self.readme]))
    }

    /// "did you mean 'x'? a; b; c".
    static func hint(close: String?, _ parts: [String]) -> String {
        (close.map { "did you mean '\($0)'? " } ?? "") + parts.joined(separator: "; ")
    }

    /// Where else `key` is: the sections that lead to a view-model level that has it, else a
    /// top-level wording phrase of that name.
    func whereToFind(_ key: String, from scope: Scope, asText: Bool) -> [String] {
        var found: [String] = [], writes: [String] = []
        for type in TemplateSchema.ViewType.allCases where type.declaredKeys.contains(where: { $0.name == key }) {
            guard let path = path(to: type, from: scope) else {
                found.append("'\(key)' is a key of \(type.one), which this template does not receive")
                continue
            }
            var open = "", close = "", prefix: [String] = []
            for (step, isList) in path {
                prefix.append(step)
                if isList {
                    let section = prefix.joined(separator: ".")
                    open += "{{#\(section)}}"
                    close = "{{/\(section)}}" + close
                    prefix = []
                }
            }
            let expression = "{{\((prefix + [key]).joined(separator: "."))}}"
            if open.isEmpty {
                writes.append(expression)
            } else {
                found.append("'\(key)' is a key of \(type.each), so it works only inside \(open)\(prefix.isEmpty ? "..." : expression)\(close)")
            }
        }
        // A wording phrase of that name, only when no view-model value has it (those are worded already).
        switch schema.wordingChild(key, of: []) {
        case .found(.text) where found.isEmpty && writes.isEmpty: writes.append("{{text.\(key)}}")
        case .found where !asText && found.isEmpty && writes.isEmpty: writes.append("{{text.\(key)}}")
        default: break
        }
        if !writes.isEmpty { found.insert("write \(writes.joined(separator: " or "))", at: 0) }
        return found
    }

    /// The shortest way from a view-model level in the scope (innermost first) to `type`: each
    /// key taken and whether it is a list.
    func path(to type: TemplateSchema.ViewType, from scope: Scope) -> [(String, Bool)]? {
        for case .kind(.object(let start)) in scope.stack.reversed() {
            var queue: [(TemplateSchema.ViewType, [(String, Bool)])] = [(start, [])]
            var seen: Set<TemplateSchema.ViewType> = [start]
            while !queue.isEmpty {
                let (current, path) = queue.removeFirst()
                if current == type { return path }
                for key in current.declaredKeys {
                    switch key.kind {
                    case .object(let next) where seen.insert(next).inserted: queue.append((next, path + [(key.name, false)]))
                    case .list(let next) where seen.insert(next).inserted: queue.append((next, path + [(key.name, true)]))
                    default: break
                    }
                }
            }
        }
        return nil
    }

    /// A later part of a name is not inside what the earlier parts give.
    mutating func reportNoChild(_ key: String, of parent: Value, parent name: String, tag: TemplateLint.Tag, at location: SourceLocation) {
        var hints: [String] = []
        let siblings = keys(of: parent).filter { $0 != TemplateSchema.wordingKey }
        let close = Suggestions.closest(to: key, in: siblings).map { "\(name).\($0)" }
        switch parent {
        case .kind(.object(let type)):
            hints.append("\(type.one) has no '\(key)'; it has \(siblings.joined(separator: ", "))")
        case .kind(.wording(let path)):
            if case .missing(let files) = schema.wordingChild(key, of: path) {
                hints.append("\(files.joined(separator: " and ")) \(files.count == 1 ? "has" : "have") no '\((path + [key]).joined(separator: "."))'")
            }
        case .kind(.textList), .kind(.list):
            hints.append("'\(name)' is a list: show each item's '\(key)' with {{#\(name)}}{{\(key)}}{{/\(name)}}")
        default:
            hints.append("'\(name)' is \(describe(parent)), so nothing is inside it")
        }
        error(location, "unknown key '\(tag.name)'", hint: Self.hint(close: close, hints + [Self.readme]))
    }

    mutating func reportMixed(_ kinds: [String: TemplateSchema.Kind], name: String, at location: SourceLocation) {
        let each = kinds.sorted { $0.key < $1.key }.map { "\(describe(.kind($0.value))) in \($0.key)" }
        error(location, "'\(name)' is not the same kind of wording in every language",
              hint: "it is \(each.joined(separator: " but ")); make the wording files match")
    }

    func describe(_ value: Value) -> String {
        switch value {
        case .unknown: "unknown"
        case .yesNo: "yes or no"
        case .kind(.text), .kind(.optionalText): "text"
        case .kind(.number): "a number"
        case .kind(.textList): "a list of text"
        case .kind(.list(let type)): "a list of \(type.plural)"
        case .kind(.object(let type)): type.one
        case .kind(.wording): "a group of phrases"
        }
    }

    /// One error per place and message, however many scopes a partial is checked in.
    mutating func error(_ location: SourceLocation, _ message: String, hint: String) {
        guard reported.insert("\(location): \(message)").inserted else { return }
        diagnostics.error(location, message, hint: Hint(hint))
    }
}
