/// The clinic's own settings (`Templates/clinic.yaml`): who it is, how to reach it, how handouts look.
public struct ClinicSettings: Sendable, Hashable {
    /// Clinic name.
    public var name: String
    /// Postal address, one line.
    public var address: String?
    /// Phone number as shown.
    public var phone: String?
    /// Email address.
    public var email: String?
    /// Website (https only).
    public var website: String?
    /// Brand colour, `#rrggbb`.
    public var brandColour: String
    /// Practitioner used when a plan names none.
    public var practitioner: String?
    /// Short disclaimer at the end of each handout.
    public var disclaimer: String
    /// Reading grade above which `hep check` warns about an exercise.
    public var readingGradeLimit: Double
    /// Most exercises in a plan before `hep check` warns.
    public var maximumExercises: Int
    /// Most minutes a day a program may take before `hep check` warns.
    public var maximumMinutesPerDay: Int
    /// The clinic's default pain limit (0-10) for every patient, when set; a plan's `pain-limit` wins.
    public var painLimit: Located<Int>?
    /// The Markdown template used for handouts (name under Templates/, without `.md.mustache`).
    public var handoutTemplate: String
    /// The HTML page template (name under Templates/, without `.html.mustache`).
    public var pageTemplate: String
    /// The plain-text twin's template for email (name under Templates/, without `.txt.mustache`).
    public var textTemplate: String
    /// Whether `hep render` writes `handout.eml` too (also `hep render --eml`).
    public var writeEML: Bool
    /// The address patients reply to, when not the clinic's `email`.
    public var replyTo: String?
    /// How handouts are sent.
    public var sending: SendingSettings

    /// The `tel:` link for the phone number (digits and a leading + only).
    public var phoneLink: String? {
        guard let phone else { return nil }
        let digits = phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
        return digits.isEmpty ? nil : "tel:\(digits)"
    }

    static let keys = ["name", "address", "phone", "email", "website", "brand-colour", "practitioner", "disclaimer",
                       "reading-grade-limit", "maximum-exercises", "maximum-minutes-per-day", "pain-limit", "handout-template", "page-template", "text-template", "write-eml", "reply-to", "sending"]

    /// Loads and validates `Templates/clinic.yaml`.
    static func load(from project: Project, into diagnostics: inout DiagnosticList) -> ClinicSettings? {
        let relative = "Templates/clinic.yaml"
        guard let text = project.readText(relative, into: &diagnostics, required: true) else { return nil }
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: relative),
              let fields = reader.mapping(root, known: keys, what: "the clinic settings") else { return nil }
        let name = reader.string("name", in: fields)
        let address = reader.string("address", in: fields, required: false)
        let phone = reader.string("phone", in: fields, required: false)
        if let phone, let value = fields["phone"],
           phone.filter(\.isNumber).count < 5 || !phone.allSatisfy({ $0.isNumber || " +-().".contains($0) }) {
            reader.diagnostics.error(value.location, "'phone' is not a phone number: '\(value.shownValue)'",
                                     hint: "digits, spaces, +, -, ( and ) only, e.g. +44 20 7946 0000")
        }
        let email = reader.string("email", in: fields, required: false)
        if let email, let value = fields["email"], !EmailAddress.isPlausible(email) {
            reader.diagnostics.error(value.location, "'email' is not an email address: '\(value.shownValue)'")
        }
        let website = reader.string("website", in: fields, required: false)
        if let website, let value = fields["website"], !Self.isSafeWebsite(website) {
            reader.diagnostics.error(value.location, "'website' must be an https:// address with no spaces or quotes, found '\(value.shownValue)'",
                                     hint: "e.g. https://www.example-clinic.com")
        }
        var colour = "#1f5f8b"
        if let value = fields["brand-colour"], let text = reader.string(value) {
            if Self.isHexColour(text) {
                colour = text.lowercased()
            } else {
                reader.diagnostics.error(value.location, "'brand-colour' must be a colour like #1f5f8b, found '\(value.shownValue)'")
            }
        }
        let practitioner = reader.string("practitioner", in: fields, required: false)
        let disclaimer = reader.string("disclaimer", in: fields)
        let limit = reader.int("reading-grade-limit", in: fields, range: 1...16, required: false) ?? 8
        let maximum = reader.int("maximum-exercises", in: fields, range: 1...30, required: false) ?? 4
        let minutes = reader.int("maximum-minutes-per-day", in: fields, range: 1...240, required: false) ?? 30
        let painLimit = Plan.readPainLimit(fields, reader: &reader)
        let handout = reader.string("handout-template", in: fields, required: false) ?? "handout"
        let page = reader.string("page-template", in: fields, required: false) ?? "page"
        let textTemplate = reader.string("text-template", in: fields, required: false) ?? "handout-text"
        let writeEML = reader.bool("write-eml", in: fields, required: false) ?? false
        let replyTo = reader.string("reply-to", in: fields, required: false)
        if let replyTo, let value = fields["reply-to"], !EmailAddress.isPlausible(replyTo) {
            reader.diagnostics.error(value.location, "'reply-to' is not an email address: '\(value.shownValue)'")
        }
        let sending = fields["sending"].flatMap { SendingSettings.read($0, reader: &reader) } ?? SendingSettings()
        if writeEML, email == nil, let value = fields["write-eml"] {
            reader.diagnostics.error(value.location, "'write-eml' needs the clinic's 'email' (the From address)")
        }
        guard let name, let disclaimer, !reader.diagnostics.hasErrors else { return nil }
        return ClinicSettings(name: name, address: address, phone: phone, email: email, website: website,
                              brandColour: colour, practitioner: practitioner, disclaimer: disclaimer,
                              readingGradeLimit: Double(limit), maximumExercises: maximum, maximumMinutesPerDay: minutes,
                              painLimit: painLimit,
                              handoutTemplate: handout, pageTemplate: page, textTemplate: textTemplate, writeEML: writeEML,
                              replyTo: replyTo, sending: sending)
    }

    static func isHexColour(_ text: String) -> Bool {
        text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    static func isSafeWebsite(_ text: String) -> Bool {
        text.hasPrefix("https://") && text.count > 8 && text.count < 200
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"\"'<>\\`".unicodeScalars.contains($0) }
    }
}
