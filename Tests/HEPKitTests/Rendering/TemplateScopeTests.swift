import Foundation
import Testing
@testable import HEPKit

/// Template keys are checked where they are used, against what is there at that point, so a key
/// that would print a blank or a Swift dictionary in a patient's handout stops `hep check`.
@Suite("Template scope")
struct TemplateScopeTests {
    // MARK: The schema and the lookups cannot drift

    static let step = HandoutViewModel.StepView(number: 1, textMarkdown: "Lie on your back.")
    static let image = HandoutViewModel.ImageView(src: "images/a.png", alt: "A bridge", credit: "Sam Lee", licence: "CC BY 4.0")
    static let exercise = HandoutViewModel.ExerciseView(
        number: 1, id: "glute-bridge", version: 2, title: "Bridge", purpose: "Strong hips.", phase: "Put it to work", why: "Hips.",
        equipment: ["A mat"], startingPositionMarkdown: "Lie down.", steps: [step], dose: "2 sets of 10.", feel: ["Warm"],
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
    func schemaResolves(_ type: TemplateSchema.ViewType) throws {
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
    func nothingElseResolves(_ type: TemplateSchema.ViewType) throws {
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
    func optionalKeys() {
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
    func wordingShape() throws {
        var diagnostics = DiagnosticList()
        let wording = try #require(Wording.load(language: "en", from: Repository.project, into: &diagnostics))
        let schema = TemplateSchema(wordings: ["en": wording])
        #expect(schema.wordingChild("headings", of: []) == .found(.wording(["headings"])))
        #expect(schema.wordingChild("exercises", of: ["headings"]) == .found(.text))
        #expect(schema.wordingChild("pain-guide", of: []) == .found(.textList))
        #expect(schema.wordingChild("why", of: []) == .found(.wording(["why"])))
        #expect(schema.wordingChild("goal", of: ["headings"]) == .missing(files: ["Templates/wording/en.yaml"]))
        #expect(TemplateSchema(wordings: [:]).wordingChild("anything", of: []) == .unchecked)
    }
}
