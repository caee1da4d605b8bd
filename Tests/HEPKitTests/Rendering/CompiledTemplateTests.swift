import Foundation
import Testing
@testable import HEPKit

/// hep's template compiler gives what swift-mustache gives, byte for byte: on the project's own
/// templates with every example plan, and on templates written to reach each rule.
@Suite("Compiled templates")
struct CompiledTemplateTests {
    /// The project's templates, by name.
    static func projectTemplates() throws -> [String: String] {
        let folder = Repository.url("Templates")
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let base = name.split(separator: ".").first.map(String.init) ?? name
            texts[base] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }

    @Test("the project's templates compile and render as swift-mustache renders them", arguments: GoldenHandoutTests.plans)
    func projectTemplates(_ plan: String) async throws {
        let texts = try Self.projectTemplates()
        let compiled = try #require(CompiledTemplates(texts: texts))
        let handout = try GoldenHandoutTests.render(plan)
        var diagnostics = DiagnosticList()
        let snapshot = try #require(ProjectSnapshot.load(Repository.project, into: &diagnostics))
        let text = try #require(snapshot.wordings["en"]).templateTree
        let page = PageViewModel(handout: handout.viewModel, bodyHTML: "<p>Body & \"soul\"</p>", language: "en", preheader: "Pre <header>")
        let roots: [(String, Any)] = [("handout", TemplateNode(base: handout.viewModel, text: text)),
                                      ("handout-text", TemplateNode(base: handout.viewModel, text: text)),
                                      ("page", TemplateNode(base: page, text: text))]
        for (name, root) in roots {
            let expected = try #require(CompiledTemplates.reference(texts, render: name, with: root))
            #expect(compiled.render(name, with: root) == expected, "\(name) for \(plan)")
        }
    }

    static var context: [String: Any] { [
        "title": "Knees & <hips> *now*", "count": 3, "zero": 0, "yes": true, "no": false, "empty": "", "none": [String](),
        "goals": ["Walk *far*", "Sleep", "Lift <x>"],
        "items": [["name": "a", "tags": ["x", "y"]], ["name": "b", "tags": [String]()], ["name": "c & d", "tags": ["z"]]],
        "group": ["inner": ["deep": "found"], "phrase": "Hi {name}", "list": ["one", "two"]],
        "multi": "line one\nline two\n",
    ] }

    /// Templates that reach each parsing and rendering rule.
    static let cases: [String] = [
        "plain text, no tags",
        "{{title}} {{{title}}} {{&title}} {{ title }} {{missing}}|",
        "{{% CONTENT_TYPE: MARKDOWN }}\n{{title}}\n{{> part}}\n{{title}}",
        "{{% CONTENT_TYPE: TEXT }}\n{{title}} {{count}} {{yes}}",
        "{{#goals}}\n- {{.}}{{^last()}},{{/last()}}\n{{/goals}}\n",
        "{{#goals}}{{index()}}{{#first()}}F{{/first()}}{{#even()}}E{{/even()}}{{#odd()}}O{{/odd()}}:{{.}} {{/goals}}",
        "  {{#items}}\n  * {{name}}: {{#tags}}{{.}}{{^last()}}/{{/last()}}{{/tags}}{{^tags}}none{{/tags}}\n  {{/items}}\ntail",
        "{{^none}}\nNothing ({{.}})\n{{/none}}\n{{^goals}}never{{/goals}}\n",
        "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}notN{{/no}}{{#missing}}M{{/missing}}{{^missing}}notM{{/missing}}",
        "{{group.inner.deep}} {{#group}}{{phrase}} {{.phrase}} {{title}} {{.title}}{{/group}} {{group.list}}",
        "{{#group.inner}}{{deep}}{{/group.inner}} {{group.missing.deep}} {{missing.deep}}",
        "{{empty(goals)}} {{count(goals)}} {{first(goals)}} {{last(goals)}} {{uppercased(title)}} {{plusone(count)}} {{equalzero(zero)}}",
        "{{#empty(none)}}E{{/empty(none)}}{{^empty(goals)}}G{{/empty(goals)}}{{#reversed(goals)}}{{.}};{{/reversed(goals)}}",
        "{{#first(items)}}{{name}}{{/first(items)}} {{count(group)}} {{capitalized(empty)}}",
        "   {{! a standalone comment }}\nnext {{! inline }} line\n  {{!\n multi-line\n}}  \nafter",
        "a {{> part }} b\n    {{> part}}\n\t{{>part}}\nend",
        "{{#goals}}\n  {{> part}}\n{{/goals}}",
        "{ not a tag } {x}} {{title}}{ }",
        "{{#items}}{{#tags}}[{{name}}:{{.}}]{{/tags}}{{/items}}",
        "{{#multi}}\n{{.}}\n{{/multi}}\n  {{> multi}}\nend",
        "line\n   \n  {{#yes}}  \n  in\n  {{/yes}}  \n  trailing   ",
        "{{#title}}{{.}}{{/title}} {{#count}}{{.}}{{/count}} {{^count}}none{{/count}}",
        "{{^last()}}outside{{/last()}}{{#index()}}I{{/index()}}",
        "x\n{{#yes}}\n{{/yes}}",
        "{{#goals}}{{#yes}}{{last()}}{{/yes}}{{#group}}{{last()}}{{/group}}{{/goals}}",
        "{{% CONTENT_TYPE: MARKDOWN }}\n{{#goals}}{{.}} {{/goals}}{{{title}}} <b>{{multi}}</b>",
        "a{{#yes}}b{{/yes}}c\n  {{#yes}}d{{/yes}}  \n  {{^no}}\n e\n  {{/no}}\n",
        "Unicode: café — “quoted” 👍🏽 {{title}}\n",
    ]

    static let partials: [String: String] = [
        "part": "P({{title}})\n  second {{count}}\n",
        "multi": "{{multi}}{{#goals}}\n> {{.}}\n{{/goals}}",
    ]

    @Test("each rule renders as swift-mustache renders it", arguments: Array(cases.indices))
    func rule(_ index: Int) async throws {
        var texts = Self.partials
        texts["main"] = Self.cases[index]
        let compiled = try #require(CompiledTemplates(texts: texts), "does not compile: \(Self.cases[index])")
        let expected = try #require(CompiledTemplates.reference(texts, render: "main", with: Self.context))
        #expect(compiled.render("main", with: Self.context) == expected, "\(Self.cases[index])")
    }

    @Test("what hep does not compile is left to swift-mustache", arguments: [
        "{{=<% %>=}}<% title %>", "{{<part}}{{$b}}x{{/b}}{{/part}}", "{{$block}}default{{/block}}", "{{>*dynamic}}",
        "{{#open}}never closed", "{{/close}}", "{{#a}}{{/b}}", "{{title", "{{% CONTENT_TYPE: XML }}", "{{! unclosed",
        "a\r\nb", "\u{00A0}{{title}}", "{{{title}}", "ends in {", "{{ > part }}",
        // A Character of an ASCII byte and a mark: "{" + U+0301, "e" + U+0301 far from the start,
        // an Arabic number sign (which joins the character after it) before "1", a line separator.
        "{\u{301}{title}}", "plain text for a while, then e\u{301} {{title}}", "x\u{600}1 {{title}}",
        "{{title}} then a line separator\u{2028}", "caf\u{E9} {{title}}\u{2029}",
    ])
    func notCompiled(_ text: String) async throws {
        #expect(CompiledTemplate(text) == nil)
    }

    @Test("non-ASCII text that the syntax never looks at compiles", arguments: [
        "caf\u{E9} {{title}} \u{2014} ok", "\u{1F44B}{{title}}", "{{title}}\u{E9}\u{E9}", "a\u{E9}b\u{E9}c {{title}} \u{2713}",
    ])
    func compiledWithNonASCII(_ text: String) async throws {
        #expect(CompiledTemplate(text) != nil)
    }
}
