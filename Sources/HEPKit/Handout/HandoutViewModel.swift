internal import Mustache

/// Everything a handout template may show, already composed and worded. Templates receive only
/// this, never raw YAML: a key the templates use that is not listed here is a load-time error.
///
/// Text fields hold plain text (escaped for the output format by the template engine); fields whose
/// names end in `Markdown` hold catalogue Markdown and fields ending in `HTML` hold libcmark's output.
/// `Templates/README.md` documents every key; a golden test pins this view model.
public struct HandoutViewModel: Sendable, Hashable {
    /// The patient as the handout addresses them.
    public var patient: PatientView
    /// The clinic.
    public var clinic: ClinicView
    /// "Your home exercise plan from Harbour Osteopathy" (also the email subject and page title).
    public var title: String
    /// "Hi Jane,".
    public var greeting: String
    /// The main message tied to the patient's goals.
    public var mainMessage: String
    /// Session date in words.
    public var sessionDate: String
    /// Who treated the patient.
    public var practitioner: String?
    /// The patient's goals, in their words.
    public var goals: [String]
    /// What was found, one plain sentence each.
    public var findings: [String]
    /// Movement notes, as written by the practitioner.
    public var movement: [String]
    /// Free notes for the patient.
    public var notes: [String]
    /// The exercises, in handout order.
    public var exercises: [ExerciseView]
    /// "Compared with your plan from Monday 9 November 2026:" when there is an earlier handout.
    public var changesSince: String?
    /// What changed since that handout, one line each.
    public var changes: [String]
    /// "Do them in the order shown." and a sentence for each kind of exercise present.
    public var exercisesIntro: String
    /// "About 12 minutes a day in all."
    public var minutesPerDay: String
    /// Warning signs that need emergency services now: the plan's conditions' and pain regions' own,
    /// then the general ones, each once.
    public var redFlagsEmergency: [String] = []
    /// Warning signs that need the clinic or a doctor the same day, in the same order.
    public var redFlagsToday: [String] = []
    /// Advice beyond exercise.
    public var advice: [String]
    /// "Your next visit is on Friday 4 December 2026."
    public var followUp: String?
    /// Footer: a short reference the clinic can look the handout up by (the catalogue and exercise
    /// versions are in the manifest).
    public var footer: String
    /// The pain guide for this patient's pain limit, one line per band: "0 to 3 out of 10: fine. Keep going."
    public var painGuide: [String] = []
    /// The tick chart's 14 day labels from the session day on: "Mo 23", "Tu 24", ...
    public var tickChartDays: [String] = []

    /// The patient part of the view model.
    public struct PatientView: Sendable, Hashable {
        /// The name used in the handout (preferred name, else the first name).
        public var name: String
    }

    /// The clinic part of the view model.
    public struct ClinicView: Sendable, Hashable {
        public var name: String
        public var address: String?
        public var phone: String?
        /// `tel:+442079460000`.
        public var phoneLink: String?
        public var email: String?
        /// `mailto:` link.
        public var emailLink: String?
        public var website: String?
        public var brandColour: String
        public var disclaimer: String
    }

    /// One exercise as the patient sees it.
    public struct ExerciseView: Sendable, Hashable {
        /// 1-based position in the handout.
        public var number: Int
        public var id: String
        public var version: Int
        public var title: String
        public var purpose: String
        /// The phase in words ("Release").
        public var phase: String
        /// Why this exercise is there: the finding it addresses, in plain words.
        public var why: String?
        /// What is needed, in plain words.
        public var equipment: [String]
        /// Catalogue Markdown.
        public var startingPositionMarkdown: String
        /// The same as plain text on one line (for the plain-text twin).
        public var startingPositionText: String
        /// Numbered steps (catalogue Markdown).
        public var steps: [StepView]
        /// The dose in words: "2 sets of 10. Hold each for 5 seconds. ..."
        public var dose: String
        /// The dose in short, for the tick chart: "2 x 10", "1 min, right side".
        public var shortDose: String = ""
        public var feel: [String]
        public var mistakes: [String]
        public var stopIf: [String]
        /// The practitioner's note for the patient.
        public var note: String?
        /// Illustrations.
        public var images: [ImageView] = []
    }

    /// One illustration.
    public struct ImageView: Sendable, Hashable {
        /// `images/<hash>.png`, beside the handout (a `cid:` part in the email).
        public var src: String
        public var alt: String
        public var credit: String?
        public var licence: String
    }

    /// One numbered step.
    public struct StepView: Sendable, Hashable {
        public var number: Int
        /// Catalogue Markdown.
        public var textMarkdown: String
        /// The same as plain text on one line (for the plain-text twin).
        public var plainText: String
    }
}

/// What the page (HTML) template receives: the converted handout plus the fields it needs.
public struct PageViewModel: Sendable, Hashable {
    /// The handout's view model.
    public var handout: HandoutViewModel
    /// libcmark's HTML of the handout Markdown, after styling.
    public var bodyHTML: String
    /// Language code for `<html lang>`.
    public var language: String
    /// Hidden preheader text (generic: it shows on lock screens).
    public var preheader: String
}

// MARK: - Template access

/// Key lookups for swift-mustache without `Mirror` (about 3x faster). The template checker's
/// schema of these keys is in `HandoutViewModel+TemplateSchema.swift`: change both together.
extension HandoutViewModel: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? {
        switch name {
        case "patient": .node(wrap.node(patient))
        case "clinic": .node(wrap.node(clinic))
        case "title": .text(title)
        case "greeting": .text(greeting)
        case "mainMessage": .text(mainMessage)
        case "sessionDate": .text(sessionDate)
        case "practitioner": practitioner.map(TemplateValue.text)
        case "goals": .texts(goals)
        case "findings": .texts(findings)
        case "movement": .texts(movement)
        case "notes": .texts(notes)
        case "exercises": .nodes(exercises.map(wrap.node))
        case "changesSince": changesSince.map(TemplateValue.text)
        case "changes": .texts(changes)
        case "exercisesIntro": .text(exercisesIntro)
        case "minutesPerDay": .text(minutesPerDay)
        case "redFlagsEmergency": .texts(redFlagsEmergency)
        case "redFlagsToday": .texts(redFlagsToday)
        case "advice": .texts(advice)
        case "followUp": followUp.map(TemplateValue.text)
        case "footer": .text(footer)
        case "painGuide": .texts(painGuide)
        case "tickChartDays": .texts(tickChartDays)
        default: nil
        }
    }
}

extension HandoutViewModel.PatientView: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? { name == "name" ? .text(self.name) : nil }
}

extension HandoutViewModel.ClinicView: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? {
        switch name {
        case "name": .text(self.name)
        case "address": address.map(TemplateValue.text)
        case "phone": phone.map(TemplateValue.text)
        case "phoneLink": phoneLink.map(TemplateValue.text)
        case "email": email.map(TemplateValue.text)
        case "emailLink": emailLink.map(TemplateValue.text)
        case "website": website.map(TemplateValue.text)
        case "brandColour": .text(brandColour)
        case "disclaimer": .text(disclaimer)
        default: nil
        }
    }
}

extension HandoutViewModel.ExerciseView: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? {
        switch name {
        case "number": .number(number)
        case "id": .text(id)
        case "version": .number(version)
        case "title": .text(title)
        case "purpose": .text(purpose)
        case "phase": .text(phase)
        case "why": why.map(TemplateValue.text)
        case "equipment": .texts(equipment)
        case "startingPositionMarkdown": .text(startingPositionMarkdown)
        case "startingPositionText": .text(startingPositionText)
        case "steps": .nodes(steps.map(wrap.node))
        case "dose": .text(dose)
        case "shortDose": .text(shortDose)
        case "feel": .texts(feel)
        case "mistakes": .texts(mistakes)
        case "stopIf": .texts(stopIf)
        case "note": note.map(TemplateValue.text)
        case "images": .nodes(images.map(wrap.node))
        default: nil
        }
    }
}

extension HandoutViewModel.ImageView: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? {
        switch name {
        case "src": .text(src)
        case "alt": .text(alt)
        case "credit": credit.map(TemplateValue.text)
        case "licence": .text(licence)
        default: nil
        }
    }
}

extension HandoutViewModel.StepView: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? {
        switch name {
        case "number": .number(number)
        case "textMarkdown": .text(textMarkdown)
        case "plainText": .text(plainText)
        default: nil
        }
    }
}

extension PageViewModel: TemplateKeyed {
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue? {
        switch name {
        case "handout": .node(wrap.node(handout))
        case "bodyHTML": .text(bodyHTML)
        case "language": .text(language)
        case "preheader": .text(preheader)
        case "title": .text(handout.title)
        case "clinic": .node(wrap.node(handout.clinic))
        default: nil
        }
    }
}

/// A value whose keys templates can read (the view model's types).
protocol TemplateKeyed {
    /// The value of a key, typed; nested view-model values are returned wrapped with `wrap.node`.
    func templateTyped(_ name: String, _ wrap: TemplateWrapper) -> TemplateValue?
}

extension TemplateKeyed {
    /// The value of a key as swift-mustache receives it.
    func templateValue(_ name: String, _ wrap: TemplateWrapper) -> Any? { templateTyped(name, wrap)?.any }
}

/// Wraps nested view-model values for templates, carrying the wording tree along. Values are
/// wrapped where they are returned, by their static type: no dynamic casts on every lookup.
struct TemplateWrapper {
    let text: TemplateText

    init(text: TemplateText) { self.text = text }
    init(text: [String: Any]) { self.text = TemplateText(text) }

    func node(_ value: some TemplateKeyed) -> TemplateNode { TemplateNode(base: value, text: text) }
}

/// Adapts a `TemplateKeyed` value to swift-mustache, keeping Mustache out of the public API.
struct TemplateNode: MustacheParent {
    let base: any TemplateKeyed
    /// The wording tree, reachable from every level as `text`.
    let text: TemplateText

    init(base: any TemplateKeyed, text: TemplateText) {
        self.base = base
        self.text = text
    }

    init(base: any TemplateKeyed, text: [String: Any]) { self.init(base: base, text: TemplateText(text)) }

    /// A key as hep's compiled templates read it.
    func value(_ name: String) -> TemplateValue? {
        if name == "text" { return .group(text.typed) }
        return base.templateTyped(name, TemplateWrapper(text: text))
    }

    func child(named name: String) -> Any? {
        if name == "text" { return text.raw }
        return base.templateValue(name, TemplateWrapper(text: text))
    }
}
