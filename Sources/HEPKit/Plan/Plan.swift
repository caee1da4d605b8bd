/// What a practitioner writes after a session: one patient's findings, goals and exercises.
public struct Plan: Sendable, Hashable {
    /// The patient the handout is for.
    public struct Patient: Sendable, Hashable {
        /// Clinic's own id for the patient; names the output folder (never the patient's name).
        public var id: String
        /// Full name.
        public var name: String
        /// What the patient likes to be called; the handout uses this.
        public var preferredName: String?
        /// Where the handout is sent.
        public var email: String?
        /// Whether the patient confirmed the address.
        public var emailConfirmed: Bool
        /// Handout language (`en`).
        public var language: String

        /// The name used to greet the patient.
        public var greetingName: String { preferredName ?? name.split(separator: " ").first.map(String.init) ?? name }
    }

    /// Overactive (facilitated) or inhibited (underactive), as found by muscle testing.
    public enum MuscleStatus: String, Sendable, Hashable, CaseIterable {
        case overactive, facilitated, inhibited, underactive

        /// Facilitated and overactive mean the same in a handout; so do inhibited and underactive.
        public var isOveractive: Bool { self == .overactive || self == .facilitated }
    }

    /// A muscle finding.
    public struct MuscleFinding: Sendable, Hashable {
        /// Vocabulary id of the muscle.
        public var muscle: Located<String>
        /// Side tested.
        public var side: Side
        /// What testing showed.
        public var status: MuscleStatus
        /// How it was tested, for the practitioner's record.
        public var test: String?
        /// A note for the patient.
        public var note: String?
        /// Where the note is written, for warnings about what it says.
        public var noteLocation: SourceLocation?
    }

    /// Pain in one region.
    public struct PainFinding: Sendable, Hashable {
        /// Vocabulary id of the region.
        public var region: Located<String>
        /// Side, when the pain is on one side.
        public var side: Side?
        /// 0-10.
        public var score: Int
        /// A note for the patient (e.g. "worse after sitting").
        public var note: String?
        /// Where the note is written.
        public var noteLocation: SourceLocation?
    }

    /// One exercise as prescribed.
    public struct Prescription: Sendable, Hashable {
        /// Exercise id.
        public var id: Located<String>
        /// A pinned exercise version.
        public var version: Int?
        /// Changes to the default dose.
        public var dosage: DosageOverride
        /// A note for the patient.
        public var note: String?
        /// The muscle or region (vocabulary id) this exercise addresses.
        public var addresses: Located<String>?
        /// Where the note is written, for warnings about what it says.
        public var noteLocation: SourceLocation?
        /// Where `dosage:` is written (nil when the plan keeps the default).
        public var dosageLocation: SourceLocation?
    }

    /// The patient.
    public var patient: Patient
    /// Session date (the handout's date; never the clock).
    public var sessionDate: CalendarDate
    /// Who treated the patient.
    public var practitioner: String?
    /// Muscle findings.
    public var muscles: [MuscleFinding]
    /// Pain findings.
    public var pain: [PainFinding]
    /// Movement or range-of-motion notes.
    public var movement: [String]
    /// Free notes for the patient.
    public var notes: [String] { noteLines.map(\.value) }
    /// The free notes with where each is written.
    public var noteLines: [Located<String>]
    /// The patient's goals, in their words.
    public var goals: [String]
    /// Conditions (vocabulary ids) the practitioner recorded.
    public var conditions: [Located<String>]
    /// The most pain (0-10) this patient should feel during and after the exercises, when the
    /// practitioner sets it (`pain-limit:`); else the clinic's, else the pain guide's.
    public var painLimit: Located<Int>?
    /// Equipment the patient has at home (vocabulary ids).
    public var equipment: [Located<String>]
    /// The exercises, in the practitioner's order.
    public var exercises: [Prescription]
    /// Keep the practitioner's order instead of release -> activate -> integrate (e.g. breathing first).
    public var keepOrder: Bool
    /// Advice beyond exercise.
    public var advice: [String]
    /// Next appointment.
    public var followUp: CalendarDate?
    /// The plan file, as shown in diagnostics.
    public var file: String
    /// SHA-256 of the plan's text.
    public var hash: String
    /// The plan's text as read (kept with the handout so it can be reproduced).
    public var text: String
}
