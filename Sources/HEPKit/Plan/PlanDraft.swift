import Foundation

/// Every field of the plan editor, as text the practitioner typed (nothing validated here: the
/// plan loader checks the written text and reports located errors, exactly as `hep check`).
///
/// A draft is read from plan text (`init(text:)`, lenient: a plan with errors still opens) and
/// written back with `text(keeping:)`, which keeps the original's comments and order wherever
/// nothing changed (see `PlanDraftWriter` for the exact rule). Empty text means "not given".
public struct PlanDraft: Sendable, Hashable {
    public struct Patient: Sendable, Hashable {
        public var id = ""
        public var name = ""
        public var preferredName = ""
        public var email = ""
        public var emailConfirmed = false
        public var language = ""
        public init() {}
    }

    public struct Muscle: Sendable, Hashable {
        /// Vocabulary id.
        public var muscle = ""
        /// left, right, both.
        public var side = ""
        /// inhibited, overactive (or facilitated, underactive).
        public var status = ""
        public var test = ""
        public var note = ""
        public init(muscle: String = "", side: String = "", status: String = "", test: String = "", note: String = "") {
            self.muscle = muscle; self.side = side; self.status = status; self.test = test; self.note = note
        }
    }

    public struct Pain: Sendable, Hashable {
        public var region = ""
        public var side = ""
        /// 0-10, as typed.
        public var score = ""
        public var note = ""
        public init(region: String = "", side: String = "", score: String = "", note: String = "") {
            self.region = region; self.side = side; self.score = score; self.note = note
        }
    }

    /// One prescribed exercise. Dose fields left empty keep the catalogue's default.
    public struct Exercise: Sendable, Hashable {
        public var id = ""
        /// A pinned version, as typed.
        public var version = ""
        public var side = ""
        /// Dose overrides by plan key (`sets`, `reps`, `seconds`, `hold`, `rest`, `tempo`, `per-day`, `days-per-week`).
        public var dosage: [String: String] = [:]
        public var note = ""
        /// The finding (muscle or region id) it addresses.
        public var addresses = ""
        public init(id: String = "", side: String = "", addresses: String = "", note: String = "") {
            self.id = id; self.side = side; self.addresses = addresses; self.note = note
        }

        /// The dose keys a plan may override, in the order they are written.
        public static let doseKeys = ["sets", "reps", "seconds", "hold", "rest", "tempo", "per-day", "days-per-week"]
    }

    public var patient = Patient()
    /// YYYY-MM-DD as typed.
    public var sessionDate = ""
    public var practitioner = ""
    public var muscles: [Muscle] = []
    public var pain: [Pain] = []
    public var movement: [String] = []
    public var notes: [String] = []
    public var goals: [String] = []
    public var conditions: [String] = []
    public var equipment: [String] = []
    public var painLimit = ""
    public var exercises: [Exercise] = []
    public var keepOrder = false
    public var advice: [String] = []
    public var followUp = ""

    public init() {}

    /// Why plan text could not be opened as a draft (it is not YAML, or not a mapping).
    public struct OpenError: Error, Sendable, CustomStringConvertible {
        public var diagnostics: DiagnosticList
        public var description: String { diagnostics.sorted.map(\.message).joined(separator: "; ") }
    }

    /// Reads the fields of `text`. Values of the wrong shape are read as best they can be; only
    /// text that is not YAML (or not a mapping at the top) is refused, with the loader's located error.
    public init(text: String, file: String) throws(OpenError) {
        if text.allSatisfy(\.isWhitespace) { return }  // an empty file: an empty draft
        var reader = YAMLReader()
        let root = reader.parse(text, file: file)
        guard let root else { throw OpenError(diagnostics: reader.diagnostics) }
        guard case .mapping = root.node else {
            if root.isNull { return }  // an empty file: an empty draft
            var list = DiagnosticList()
            list.error(root.location, "a plan is a mapping of `patient:`, `session:`, `findings:` ... keys")
            throw OpenError(diagnostics: list)
        }
        let top = Lenient(root.node)
        let patient = top["patient"]
        self.patient.id = patient["id"].text
        self.patient.name = patient["name"].text
        self.patient.preferredName = patient["preferred-name"].text
        self.patient.email = patient["email"].text
        self.patient.emailConfirmed = patient["email-confirmed"].flag
        self.patient.language = patient["language"].text
        sessionDate = top["session"]["date"].text
        practitioner = top["session"]["practitioner"].text
        let findings = top["findings"]
        muscles = findings["muscles"].items.map {
            Muscle(muscle: $0["muscle"].text, side: $0["side"].text, status: $0["status"].text, test: $0["test"].text, note: $0["note"].text)
        }
        pain = findings["pain"].items.map {
            Pain(region: $0["region"].text, side: $0["side"].text, score: $0["score"].text, note: $0["note"].text)
        }
        movement = findings["movement"].texts
        notes = findings["notes"].texts
        goals = top["goals"].texts
        conditions = top["conditions"].texts
        equipment = top["equipment"].texts
        painLimit = top["pain-limit"].text
        exercises = top["exercises"].items.map { item in
            var exercise = Exercise(id: item["id"].text, side: item["side"].text, addresses: item["addresses"].text, note: item["note"].text)
            exercise.version = item["version"].text
            for key in Exercise.doseKeys {
                let value = item["dosage"][key].text
                if !value.isEmpty { exercise.dosage[key] = value }
            }
            if exercise.side.isEmpty { exercise.side = item["dosage"]["side"].text }
            return exercise
        }
        keepOrder = top["keep-order"].flag
        advice = top["advice"].texts
        followUp = top["follow-up"].text
    }

    /// Plan text for this draft. Given the text it was opened from, every block whose value did
    /// not change is kept byte for byte (comments, order, quoting); see `PlanDraftWriter`.
    public func text(keeping original: String? = nil) -> String {
        PlanDraftWriter.write(self, keeping: original)
    }

    /// `text(keeping:)` when the caller already opened `original` as `opened` (the desk's editor
    /// does, on every keystroke of the live preview): the same text, one parse fewer.
    public func text(keeping original: String, openedAs opened: PlanDraft) -> String {
        PlanDraftWriter.write(self, keeping: original, openedAs: opened)
    }
}

/// A forgiving view of a YAML node: missing keys and wrong shapes read as empty.
struct Lenient {
    let node: YAMLNode?
    init(_ node: YAMLNode?) { self.node = node }

    subscript(key: String) -> Lenient {
        guard case .mapping(let mapping)? = node else { return Lenient(nil) }
        for (name, value) in mapping where name.string == key { return Lenient(value) }
        return Lenient(nil)
    }

    /// A scalar's text ("" for a null, a missing key or a collection).
    var text: String {
        guard case .scalar(let scalar)? = node else { return "" }
        if scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(scalar.string) { return "" }
        return scalar.string
    }

    var flag: Bool { ["true", "True", "TRUE", "yes", "Yes"].contains(text) }

    var items: [Lenient] {
        guard case .sequence(let sequence)? = node else { return [] }
        return sequence.map { Lenient($0) }
    }

    /// A list of strings; a single scalar reads as a one-item list.
    var texts: [String] {
        if case .scalar? = node { return text.isEmpty ? [] : [text] }
        return items.map(\.text)
    }
}
