import Foundation
import Testing
@testable import hep
@testable import HEPKit

/// Template keys are checked where they are used, against what is there at that point, so a key
/// that would print a blank or a Swift dictionary in a patient's handout stops `hep check`.
@Suite("Template scope")
struct TemplateScopeTests {
    /// `hep check` in process on a fixture after `change`.
    func check(_ change: (FixtureProject) throws -> Void) async throws -> CommandResult {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        try change(fixture)
        return try await #require(try HEP.parseAsRoot(["check", "--project", fixture.root.path]) as? HEP.Check).result()
    }

    /// `hep check` after adding `line` just below the first line of a template.
    func checkAdding(_ line: String, to template: String = "Templates/handout.md.mustache") async throws -> CommandResult {
        try await check { fixture in
            let text = try fixture.read(template)
            let end = text.firstIndex(of: "\n")!
            try fixture.write(template, String(text[...end]) + line + "\n" + text[text.index(after: end)...])
        }
    }

    @Test("a key at the wrong level, a group of phrases and a key the clinic does not have are each a located error", arguments: [
        ("{{why}}", """
        Templates/handout.md.mustache:2:1: error: 'why' is not available here
          hint: 'why' is a key of each exercise, so it works only inside {{#exercises}}...{{/exercises}}; Templates/README.md lists every key
        1 error, 0 warnings

        """),
        ("{{text.why}}", """
        Templates/handout.md.mustache:2:1: error: 'text.why' is a group of phrases, not text
          hint: name one of its phrases, e.g. {{text.why.activate}}; Templates/README.md lists every key
        1 error, 0 warnings

        """),
        ("{{clinic.steps}}", """
        Templates/handout.md.mustache:2:1: error: unknown key 'clinic.steps'
          hint: the clinic has no 'steps'; it has name, address, phone, phoneLink, email, emailLink, website, brandColour, disclaimer; Templates/README.md lists every key
        1 error, 0 warnings

        """),
    ])
    func topLevelTags(_ tag: String, _ expected: String) async throws {
        let result = try await checkAdding(tag)
        #expect(result.exitCode == 1)
        #expect(result.errorText == expected)
        #expect(!result.outputText.contains("No problems found"))
    }

    @Test("all three tags together give three errors, each at its own column")
    func threeTags() async throws {
        let result = try await checkAdding("{{why}} {{text.why}} {{clinic.steps}}")
        #expect(result.exitCode == 1)
        let lines = result.errorText.split(separator: "\n").filter { !$0.hasPrefix("  hint:") }
        #expect(lines == [
            "Templates/handout.md.mustache:2:1: error: 'why' is not available here",
            "Templates/handout.md.mustache:2:9: error: 'text.why' is a group of phrases, not text",
            "Templates/handout.md.mustache:2:22: error: unknown key 'clinic.steps'",
            "3 errors, 0 warnings",
        ])
    }

    @Test("{{why}} inside {{#exercises}} is fine")
    func whyInsideExercises() async throws {
        let result = try await check { fixture in
            try fixture.edit("Templates/handout.md.mustache", replacing: "{{#exercises}}\n", with: "{{#exercises}}\n{{why}}\n")
        }
        #expect(result.exitCode == 0, "\(result.errorText)")
        #expect(result.errorText == "")
        #expect(result.outputText.hasSuffix("No problems found.\n"))
    }

    @Test("a group of phrases shown as text is an error")
    func groupAsVariable() async throws {
        let result = try await checkAdding("{{text.headings}}")
        #expect(result.errorText == """
        Templates/handout.md.mustache:2:1: error: 'text.headings' is a group of phrases, not text
          hint: name one of its phrases, e.g. {{text.headings.advice}}; Templates/README.md lists every key
        1 error, 0 warnings

        """)
    }

    @Test("a list shown as text is an error; through a section it is fine")
    func listAsVariable() async throws {
        let result = try await checkAdding("{{goals}} {{#goals}}{{.}}{{^last()}}, {{/last()}}{{/goals}}")
        #expect(result.errorText == """
        Templates/handout.md.mustache:2:1: error: 'goals' is a list, not text
          hint: show each item with {{#goals}}{{.}}{{/goals}}; Templates/README.md lists every key
        1 error, 0 warnings

        """)
    }

    @Test("a partial is checked in the scope it is included from")
    func partialScope() async throws {
        let result = try await checkAdding("{{> exercise}}")
        #expect(result.exitCode == 1)
        #expect(result.errorText.contains("""
        Templates/exercise.md.mustache:2:5: error: 'number' is not available here
          hint: 'number' is a key of each exercise, so it works only inside {{#exercises}}...{{/exercises}}; \
        'number' is a key of each step, so it works only inside {{#exercises}}{{#steps}}...{{/steps}}{{/exercises}}; \
        Templates/README.md lists every key
        """))
        // Included inside {{#exercises}}, as the repository's handout does, the same partial is clean.
        let clean = try await check { _ in }
        #expect(clean.exitCode == 0, "\(clean.errorText)")
    }

    @Test("a partial does not see the list position it is included in")
    func partialForgetsListPosition() async throws {
        let result = try await checkAdding("{{^first()}}---{{/first()}}", to: "Templates/exercise.md.mustache")
        #expect(result.errorText == """
        Templates/exercise.md.mustache:2:1: error: 'first()' only works directly inside a list section
          hint: outside one, this section would always show; use it between {{#list}} and {{/list}}, e.g. {{#goals}}{{.}}{{^last()}}, {{/last()}}{{/goals}} (a partial does not see the list it is included in)
        1 error, 0 warnings

        """)
    }

    @Test("the page template receives the page's view model")
    func pageRoot() async throws {
        let result = try await check { fixture in
            try fixture.edit("Templates/page.html.mustache", replacing: "<title>{{title}}</title>", with: "<title>{{title}} {{greeting}}</title>")
        }
        #expect(result.errorText == """
        Templates/page.html.mustache:8:18: error: 'greeting' is not available here
          hint: write {{handout.greeting}}; Templates/README.md lists every key
        1 error, 0 warnings

        """)
    }

    @Test("a partial that includes itself is an error, and the check ends")
    func recursivePartial() async throws {
        let result = try await check { fixture in
            let text = try fixture.read("Templates/exercise.md.mustache")
            try fixture.write("Templates/exercise.md.mustache", text + "{{#steps}}{{> exercise}}{{/steps}}\n")
        }
        #expect(result.errorText == """
        Templates/exercise.md.mustache:53:11: error: partial 'exercise' includes itself (exercise → exercise)
          hint: rendering it would never end; remove this {{> exercise}}
        1 error, 0 warnings

        """)
    }

    @Test("the repository's own templates check clean, each from the view model it receives")
    func repositoryTemplates() async throws {
        var diagnostics = DiagnosticList()
        let workspace = ProjectSnapshot.load(Repository.project, into: &diagnostics)
        #expect(workspace != nil, "\(diagnostics.report)")
        #expect(diagnostics.all.filter { $0.file.hasPrefix("Templates/") }.isEmpty, "\(diagnostics.report)")
        let clinic = try #require(workspace?.clinic)
        let entries = try #require(workspace?.templates.entries)
        let formats = entries.mapValues(\.format)
        #expect(formats.count == 5)
        let roots = TemplateLibrary.roots(of: formats, clinic: clinic).map { "\($0.0): \($0.1)" }
        #expect(roots == ["handout: handout", "handout-text: handout", "page: page"])
    }

    // MARK: The schema and the lookups cannot drift

    static let step = HandoutViewModel.StepView(number: 1, textMarkdown: "Lie on your back.", plainText: "Lie on your back.")
    static let image = HandoutViewModel.ImageView(src: "images/a.png", alt: "A bridge", credit: "Sam Lee", licence: "CC BY 4.0")
    static let exercise = HandoutViewModel.ExerciseView(
        number: 1, id: "glute-bridge", version: 2, title: "Bridge", purpose: "Strong hips.", phase: "Put it to work", why: "Hips.",
        equipment: ["A mat"], startingPositionMarkdown: "Lie down.", startingPositionText: "Lie down.", steps: [step], dose: "2 sets of 10.", feel: ["Warm"],
        mistakes: ["Rushing"], stopIf: ["Sharp pain"], note: "Go slowly.", images: [image])
    static let clinic = HandoutViewModel.ClinicView(
        name: "Harbour", address: "12 Quay Street", phone: "+44 117 496 0000", phoneLink: "tel:+441174960000", email: "a@b.example",
        emailLink: "mailto:a@b.example", website: "https://b.example", brandColour: "#1f5f8b", disclaimer: "For you only.")
    static let handout = HandoutViewModel(
        patient: .init(name: "Sam"), clinic: clinic, title: "Your plan", greeting: "Hi Sam,", mainMessage: "These help.",
        sessionDate: "From your visit.", practitioner: "Alex", goals: ["Walk"], findings: ["Tight"], movement: ["Stiff"], notes: ["Rest"],
        exercises: [exercise], changesSince: "Compared with:", changes: ["New"], exercisesIntro: "In order.", minutesPerDay: "10 minutes.",
        advice: ["Walk daily"], followUp: "Next visit.", footer: "Catalogue 1.")
    static let page = PageViewModel(handout: handout, bodyHTML: "<p>Hi</p>", language: "en", preheader: "Your plan")

    /// A sample of each view-model type, every optional set.
    static var samples: [(TemplateSchema.ViewType, any TemplateKeyed)] { [
        (.handout, handout), (.patient, handout.patient), (.clinic, clinic), (.exercise, exercise), (.image, image), (.step, step),
        (.page, page),
    ] }

    static func viewType(of value: any TemplateKeyed) -> TemplateSchema.ViewType? {
        switch value {
        case is HandoutViewModel: .handout
        case is HandoutViewModel.PatientView: .patient
        case is HandoutViewModel.ClinicView: .clinic
        case is HandoutViewModel.ExerciseView: .exercise
        case is HandoutViewModel.ImageView: .image
        case is HandoutViewModel.StepView: .step
        case is PageViewModel: .page
        default: nil
        }
    }

    static func matches(_ value: Any?, _ kind: TemplateSchema.Kind) -> Bool {
        switch kind {
        case .text, .optionalText: value is String
        case .number: value is Int
        case .textList: value is [String]
        case .list(let type): (value as? [TemplateNode]).map { !$0.isEmpty && $0.allSatisfy { Self.viewType(of: $0.base) == type } } ?? false
        case .object(let type): (value as? TemplateNode).map { Self.viewType(of: $0.base) == type } ?? false
        case .wording: false
        }
    }

    @Test("every key of the schema resolves through templateValue to what the schema says", arguments: TemplateSchema.ViewType.allCases)
    func schemaResolves(_ type: TemplateSchema.ViewType) async throws {
        let sample = try #require(Self.samples.first { $0.0 == type }?.1)
        #expect(Self.viewType(of: sample) == type)
        let wrap = TemplateWrapper(text: ["title": "Your plan"])
        for key in type.declaredKeys {
            let value = sample.templateValue(key.name, wrap)
            #expect(Self.matches(value, key.kind), "\(type).\(key.name) gives \(String(describing: value)), not \(key.kind)")
        }
        #expect(Set(type.declaredKeys.map(\.name)).count == type.declaredKeys.count, "a key is declared twice")
        // Every level also answers `text`, with the wording tree.
        #expect((TemplateNode(base: sample, text: wrap.text).child(named: TemplateSchema.wordingKey) as? [String: String]) == ["title": "Your plan"])
        #expect(TemplateSchema(wordings: [:]).kind(of: TemplateSchema.wordingKey, in: type) == .wording([]))
    }

    @Test("no key outside the schema resolves through templateValue", arguments: TemplateSchema.ViewType.allCases)
    func nothingElseResolves(_ type: TemplateSchema.ViewType) async throws {
        let sample = try #require(Self.samples.first { $0.0 == type }?.1)
        var names = Set(TemplateSchema.ViewType.allCases.flatMap { $0.declaredKeys.map(\.name) })
        for (_, value) in Self.samples { names.formUnion(Mirror(reflecting: value).children.compactMap(\.label)) }
        names.formUnion(["first", "last", "index", "text", "", "."])
        let declared = Set(type.declaredKeys.map(\.name))
        for name in names.subtracting(declared).sorted() {
            #expect(sample.templateValue(name, TemplateWrapper(text: [:])) == nil, "\(type) answers '\(name)', which its schema does not declare")
        }
    }

    @Test("an optional key gives nothing when it is missing, so a section over it is hidden")
    func optionalKeys() async {
        var handout = Self.handout
        handout.practitioner = nil; handout.changesSince = nil; handout.followUp = nil
        var exercise = Self.exercise
        exercise.why = nil; exercise.note = nil
        var image = Self.image
        image.credit = nil
        let clinic = HandoutViewModel.ClinicView(name: "Harbour", address: nil, phone: nil, phoneLink: nil, email: nil, emailLink: nil,
                                                 website: nil, brandColour: "#1f5f8b", disclaimer: "For you only.")
        let wrap = TemplateWrapper(text: [:])
        for (type, value) in [(TemplateSchema.ViewType.handout, handout as any TemplateKeyed), (.exercise, exercise), (.image, image), (.clinic, clinic)] {
            for key in type.declaredKeys where key.kind == .optionalText {
                #expect(value.templateValue(key.name, wrap) == nil, "\(type).\(key.name) is declared optional")
            }
        }
    }

    @Test("the wording's shape comes from the loaded wording file")
    func wordingShape() async throws {
        var diagnostics = DiagnosticList()
        let wording = try #require(Wording.load(language: "en", from: Repository.project, into: &diagnostics))
        let schema = TemplateSchema(wordings: ["en": wording])
        #expect(schema.wordingChild("headings", of: []) == .found(.wording(["headings"])))
        #expect(schema.wordingChild("exercises", of: ["headings"]) == .found(.text))
        #expect(schema.wordingChild("red-flags", of: []) == .found(.wording(["red-flags"])))
        #expect(schema.wordingChild("emergency", of: ["red-flags"]) == .found(.textList))
        #expect(schema.wordingChild("pain-guide", of: []) == .found(.wording(["pain-guide"])))
        #expect(schema.wordingChild("why", of: []) == .found(.wording(["why"])))
        #expect(schema.wordingChild("goal", of: ["headings"]) == .missing(files: ["Templates/wording/en.yaml"]))
        #expect(TemplateSchema(wordings: [:]).wordingChild("anything", of: []) == .unchecked)
    }
}
