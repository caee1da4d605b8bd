/// The role an exercise plays in a corrective program.
public enum Phase: String, Sendable, Hashable, CaseIterable {
    case release, lengthen, activate, integrate, mobility, strength, balance, breathing
    case nerveGlide = "nerve-glide"

    /// Handout order: release -> lengthen -> activate -> integrate, then the rest in plan order.
    public var handoutRank: Int {
        switch self {
        case .release: 0
        case .lengthen: 1
        case .activate: 2
        case .integrate: 3
        default: 4
        }
    }
}

/// Which side of the body a dose applies to.
public enum Side: String, Sendable, Hashable, CaseIterable {
    /// Both sides together, or the exercise has no side.
    case both
    /// One side at a time, both sides done.
    case each
    case left
    case right
}

/// Seconds out, pause, and back for one repetition (`2-1-2`).
public struct Tempo: Sendable, Hashable, CustomStringConvertible {
    /// Seconds moving out (lifting, reaching).
    public var out: Int
    /// Seconds paused at the end.
    public var pause: Int
    /// Seconds coming back.
    public var back: Int

    /// Parses `2-1-2`.
    static func parse(_ text: String) -> Tempo? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let out = parts[0], let pause = parts[1], let back = parts[2],
              (0...30).contains(out), (0...60).contains(pause), (0...30).contains(back), out + back > 0 else { return nil }
        return Tempo(out: out, pause: pause, back: back)
    }

    public var description: String { "\(out)-\(pause)-\(back)" }
}

/// A complete dose: how much, how often, which side.
public struct Dosage: Sendable, Hashable {
    /// Sets per session.
    public var sets: Int
    /// Repetitions per set (nil when the set is timed).
    public var reps: Int?
    /// Seconds one set lasts (nil when counted in repetitions).
    public var seconds: Int?
    /// Seconds to hold each repetition.
    public var hold: Int?
    /// Seconds of rest between sets.
    public var rest: Int?
    /// Speed of each repetition.
    public var tempo: Tempo?
    /// Which side.
    public var side: Side
    /// Sessions a day.
    public var perDay: Int
    /// Days a week.
    public var daysPerWeek: Int

    /// Estimated seconds one day's sessions take (all sets, both sides, rest included).
    public var secondsPerDay: Int {
        let perRep = max(hold ?? 0, 0) + (tempo.map { $0.out + $0.pause + $0.back } ?? 3)
        let perSet = seconds ?? (reps ?? 0) * perRep
        let sides = side == .each ? 2 : 1
        let session = (perSet * sets + (rest ?? 0) * max(sets - 1, 0)) * sides
        return session * perDay
    }
}

/// A dose change a plan makes to an exercise's default; nil fields keep the default.
public struct DosageOverride: Sendable, Hashable {
    public var sets: Int?
    public var reps: Int?
    public var seconds: Int?
    public var hold: Int?
    public var rest: Int?
    public var tempo: Tempo?
    public var side: Side?
    public var perDay: Int?
    public var daysPerWeek: Int?

    /// No change.
    public init() {}

    /// True when nothing is overridden.
    public var isEmpty: Bool { self == DosageOverride() }

    /// The default with this override applied. Giving `reps` clears a default `seconds` and vice versa.
    public func applied(to base: Dosage) -> Dosage {
        var dose = base
        if let sets { dose.sets = sets }
        if let reps { dose.reps = reps; dose.seconds = nil }
        if let seconds { dose.seconds = seconds; dose.reps = nil }
        if let hold { dose.hold = hold }
        if let rest { dose.rest = rest }
        if let tempo { dose.tempo = tempo }
        if let side { dose.side = side }
        if let perDay { dose.perDay = perDay }
        if let daysPerWeek { dose.daysPerWeek = daysPerWeek }
        return dose
    }
}

/// An exercise's editorial state (`status:`; `reviewed` when absent). A draft is checked like any
/// exercise but never rendered or suggested.
public enum ExerciseStatus: String, Sendable, Hashable, CaseIterable {
    /// Written or imported, not yet reviewed by an editor.
    case draft
    /// Reviewed by an editor.
    case reviewed
}

/// One entry of an exercise's changelog.
public struct ChangelogEntry: Sendable, Hashable {
    /// The version this entry describes.
    public var version: Int
    /// When the change was made.
    public var date: CalendarDate
    /// What changed, for editors and clinics.
    public var note: String
    /// Whether the change matters for patient safety.
    public var safety: Bool
}

/// An exercise from the catalogue, as written by a catalogue editor.
public struct Exercise: Sendable, Hashable {
    /// Stable kebab-case id, equal to the file name.
    public var id: String
    /// Version, raised on every change.
    public var version: Int
    /// Title shown to the patient.
    public var title: String
    /// One line: why this helps, in plain words.
    public var purpose: String
    /// Role in the program.
    public var phase: Phase
    /// Body regions (vocabulary ids).
    public var regions: [Located<String>]
    /// Target muscles (vocabulary ids).
    public var targets: [Located<String>]
    /// Conditions it suits (vocabulary ids).
    public var conditions: [Located<String>]
    /// Equipment needed (vocabulary ids).
    public var equipment: [Located<String>]
    /// The default dose.
    public var dosage: Dosage
    /// What the patient should feel.
    public var feel: [String]
    /// Common mistakes.
    public var mistakes: [String]
    /// When to stop.
    public var stopIf: [String]
    /// Easier variations (exercise ids).
    public var easier: [Located<String>]
    /// Harder variations (exercise ids).
    public var harder: [Located<String>]
    /// For the practitioner only.
    public var precautions: [String]
    /// Conditions (vocabulary ids) the exercise is not suggested for, with a warning if prescribed.
    public var contraindications: [Located<String>]
    /// Every change, newest last.
    public var changelog: [ChangelogEntry]
    /// Retired: kept for the handouts that used it, never prescribed again.
    public var retired: Bool
    /// The exercise that replaces a retired one.
    public var replacedBy: Located<String>?
    /// Illustrations.
    public var images: [ExerciseImage]
    /// Poses the pictures are drawn from (`figures:`), in order.
    public var figures: [Pose] = []
    /// Where each figure is written, for diagnostics.
    public var figureLocations: [SourceLocation] = []
    /// The starting position, as Markdown.
    public var startingPosition: String
    /// The numbered steps, each as Markdown.
    public var steps: [String]
    /// The file line of each step, for diagnostics.
    public var stepLines: [Int]
    /// Where each `stop-if` line is written, for diagnostics.
    public var stopIfLocations: [SourceLocation]
    /// Steps (1-based) that take the movement through its full range (`full-range-steps:`), so a
    /// plan note that limits the range ("only a little") is caught as a contradiction.
    public var fullRangeSteps: [Int] = []
    /// A draft (`status: draft`): written but not yet reviewed, so never rendered for a patient.
    public var isDraft = false
    /// Where `status:` is written, for diagnostics about review.
    public var statusLocation: SourceLocation? = nil
    /// Where `dosage:` is written, for diagnostics about the default dose.
    public var dosageLocation: SourceLocation? = nil
    /// The file, relative to the project root.
    public var file: String
    /// Where `version:` is written, for diagnostics about versions.
    public var versionLocation: SourceLocation
    /// SHA-256 of the file's normalised text (LF line ends, no trailing spaces).
    public var contentHash: String
    /// `status:` as written (`draft` for an import not yet reviewed); nil when not given.
    public var status: ExerciseStatus? = nil
    /// `source:`: where the exercise came from (`free-exercise-db: Barbell_Squat`).
    public var source: String? = nil
    /// `licence:`: the licence of the source's text.
    public var licence: String? = nil

    /// Vocabulary ids without locations.
    public var targetIDs: [String] { targets.map(\.value) }
    /// Region ids without locations.
    public var regionIDs: [String] { regions.map(\.value) }
    /// Condition ids without locations.
    public var conditionIDs: [String] { conditions.map(\.value) }
    /// Equipment ids without locations.
    public var equipmentIDs: [String] { equipment.map(\.value) }

    /// All the text a patient reads for this exercise, as plain sentences (for the reading grade).
    public var patientText: [String] {
        [title, purpose, startingPosition] + steps + feel + mistakes + stopIf
    }
}
