extension Plan {
    /// Languages the handout wording exists in.
    public static let supportedLanguages = ["en"]

    /// Parses a plan; nil when it has errors (all added to `diagnostics`).
    public static func parse(_ text: String, file: String, into diagnostics: inout DiagnosticList) -> Plan? {
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: file),
              let fields = reader.mapping(root, known: ["patient", "session", "findings", "goals", "conditions",
                                                        "equipment", "pain-limit", "exercises", "keep-order", "advice", "follow-up"],
                                          what: "a plan") else { return nil }

        let patient = fields["patient"].flatMap { readPatient($0, reader: &reader) }
        if fields["patient"] == nil { reader.missing("patient", in: fields) }

        var sessionDate: CalendarDate?
        var practitioner: String?
        if let value = fields["session"], let session = reader.mapping(value, known: ["date", "practitioner"]) {
            sessionDate = reader.date("date", in: session)
            practitioner = reader.string("practitioner", in: session, required: false)
        } else if fields["session"] == nil {
            reader.missing("session", in: fields, hint: "add `session:` with `date: YYYY-MM-DD`")
        }

        var muscles: [MuscleFinding] = [], pain: [PainFinding] = [], movement: [String] = [], notes: [Located<String>] = []
        if let value = fields["findings"], let findings = reader.mapping(value, known: ["muscles", "pain", "movement", "notes"]) {
            for item in findings["muscles"].flatMap({ reader.list($0) }) ?? [] {
                if let finding = readMuscleFinding(item, reader: &reader) { muscles.append(finding) }
            }
            for item in findings["pain"].flatMap({ reader.list($0) }) ?? [] {
                if let finding = readPain(item, reader: &reader) { pain.append(finding) }
            }
            movement = reader.strings("movement", in: findings, required: false)?.map(\.value) ?? []
            notes = reader.strings("notes", in: findings, required: false) ?? []
        }
        let goals = reader.strings("goals", in: fields, required: false)?.map(\.value) ?? []
        let conditions = reader.strings("conditions", in: fields, required: false) ?? []
        let equipment = reader.strings("equipment", in: fields, required: false) ?? []
        let advice = reader.strings("advice", in: fields, required: false)?.map(\.value) ?? []
        let followUp = reader.date("follow-up", in: fields, required: false)
        let keepOrder = reader.bool("keep-order", in: fields, required: false) ?? false
        let painLimit = readPainLimit(fields, reader: &reader)
        if let followUp, let sessionDate, followUp < sessionDate, let value = fields["follow-up"] {
            reader.diagnostics.error(value.location, "'follow-up' \(followUp) is before the session date \(sessionDate)",
                                     hint: "the next appointment comes after this session; check the year and month")
        }

        var exercises: [Prescription] = []
        if let value = fields["exercises"], let items = reader.list(value) {
            if items.isEmpty {
                reader.diagnostics.error(value.location, "'exercises' is empty", hint: "list at least one exercise: `- id: glute-bridge`")
            }
            for item in items {
                if let prescription = readPrescription(item, reader: &reader) { exercises.append(prescription) }
            }
        } else if fields["exercises"] == nil {
            reader.missing("exercises", in: fields, hint: "add `exercises:` with `- id: ...` items")
        }

        guard let patient, let sessionDate, !reader.diagnostics.hasErrors else { return nil }
        return Plan(patient: patient, sessionDate: sessionDate, practitioner: practitioner, muscles: muscles, pain: pain,
                    movement: movement, noteLines: notes, goals: goals, conditions: conditions, painLimit: painLimit, equipment: equipment,
                    exercises: exercises, keepOrder: keepOrder, advice: advice, followUp: followUp, file: file,
                    hash: SHA256.hex(of: text), text: text)
    }

    /// `pain-limit: 3`: a pain score out of 10, located, with its own message when out of range.
    static func readPainLimit(_ fields: YAMLMapping, reader: inout YAMLReader) -> Located<Int>? {
        guard let value = fields["pain-limit"] else { return nil }
        guard case .scalar(let scalar) = value.node, scalar.style == .plain, let number = Int(scalar.string), (0...10).contains(number) else {
            reader.diagnostics.error(value.location, "'pain-limit' must be a pain score from 0 to 10, found '\(value.shownValue)'",
                                     hint: "write the most pain the patient should feel during and after the exercises, e.g. `pain-limit: 3`")
            return nil
        }
        return Located(number, at: value.location)
    }

    static func readPatient(_ value: YAMLValue, reader: inout YAMLReader) -> Patient? {
        guard let fields = reader.mapping(value, known: ["id", "name", "preferred-name", "email", "email-confirmed", "language"])
        else { return nil }
        let id = reader.string("id", in: fields)
        let name = reader.string("name", in: fields)
        let preferred = reader.string("preferred-name", in: fields, required: false)
        let email = reader.string("email", in: fields, required: false)
        if let email, let value = fields["email"], !EmailAddress.isPlausible(email) {
            reader.diagnostics.error(value.location, "'patient.email' is not an email address: '\(value.shownValue)'",
                                     hint: "write it as name@example.com, or leave the line out")
        }
        let confirmed = reader.bool("email-confirmed", in: fields, required: false) ?? false
        var language = "en"
        if let value = fields["language"], let text = reader.string(value) {
            if supportedLanguages.contains(text) {
                language = text
            } else {
                reader.diagnostics.error(value.location, "unknown language '\(text)'",
                                         hint: "hep's wording exists in: \(supportedLanguages.joined(separator: ", ")); add Templates/wording/\(text).yaml to translate it")
            }
        }
        for (key, text) in [("id", id), ("name", name), ("preferred-name", preferred)] {
            if let text, text.count > 200, let value = fields[key] {
                reader.diagnostics.error(value.location, "'patient.\(key)' is \(text.count) characters; the limit is 200")
            }
        }
        guard let id, let name else { return nil }
        return Patient(id: id, name: name, preferredName: preferred, email: email, emailConfirmed: confirmed, language: language)
    }

    static func readMuscleFinding(_ value: YAMLValue, reader: inout YAMLReader) -> MuscleFinding? {
        guard let fields = reader.mapping(value, known: ["muscle", "side", "status", "test", "note"]) else { return nil }
        let muscle = reader.string("muscle", in: fields).map { Located($0, at: fields["muscle"]!.location) }
        let side = fields["side"].flatMap { reader.choice($0, as: Side.self) }
        if fields["side"] == nil { reader.missing("side", in: fields, hint: "add `side: left`, `right` or `both`") }
        let status = fields["status"].flatMap { reader.choice($0, as: MuscleStatus.self) }
        if fields["status"] == nil { reader.missing("status", in: fields, hint: "add `status: overactive` or `status: inhibited`") }
        let test = reader.string("test", in: fields, required: false)
        let note = reader.string("note", in: fields, required: false)
        guard let muscle, let side, let status else { return nil }
        return MuscleFinding(muscle: muscle, side: side, status: status, test: test, note: note, noteLocation: fields["note"]?.location)
    }

    static func readPain(_ value: YAMLValue, reader: inout YAMLReader) -> PainFinding? {
        guard let fields = reader.mapping(value, known: ["region", "side", "score", "note"]) else { return nil }
        let region = reader.string("region", in: fields).map { Located($0, at: fields["region"]!.location) }
        let side = fields["side"].flatMap { reader.choice($0, as: Side.self) }
        let score = reader.int("score", in: fields, range: 0...10)
        let note = reader.string("note", in: fields, required: false)
        guard let region, let score else { return nil }
        return PainFinding(region: region, side: side, score: score, note: note, noteLocation: fields["note"]?.location)
    }

    static func readPrescription(_ value: YAMLValue, reader: inout YAMLReader) -> Prescription? {
        guard let fields = reader.mapping(value, known: ["id", "version", "dosage", "side", "note", "addresses"]) else { return nil }
        let id = reader.string("id", in: fields).map { Located($0, at: fields["id"]!.location) }
        let version = reader.int("version", in: fields, range: 1...100_000, required: false)
        var dosage = DosageOverride()
        if let value = fields["dosage"], let dose = reader.mapping(value, known: Exercise.dosageKeys) {
            dosage = Exercise.readDosageFields(dose, reader: &reader)
            if dose["reps"] != nil, let seconds = dose["seconds"] {
                reader.diagnostics.error(seconds.location, "'\(dose.path)' has both 'reps' and 'seconds'; give one of them")
            }
        }
        if let value = fields["side"] {
            if let side = reader.choice(value, as: Side.self) {
                if let other = dosage.side, other != side {
                    reader.diagnostics.error(value.location, "'side' is \(side.rawValue) but 'dosage.side' is \(other.rawValue)",
                                             hint: "give the side once")
                }
                dosage.side = side
            }
        }
        let note = reader.string("note", in: fields, required: false)
        let addresses = reader.string("addresses", in: fields, required: false).map { Located($0, at: fields["addresses"]!.location) }
        guard let id else { return nil }
        return Prescription(id: id, version: version, dosage: dosage, note: note, addresses: addresses,
                            noteLocation: fields["note"]?.location, dosageLocation: fields["dosage"]?.location)
    }
}

/// A light syntactic check of email addresses; the real test is the patient confirming it.
enum EmailAddress {
    static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              address.count <= 254 else { return false }
        return address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }
}
