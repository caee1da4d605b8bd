import Foundation

/// `manifest.json`: what went into a handout, so it can be traced and reproduced.
public struct Manifest: Codable, Sendable, Hashable {
    /// A file and its SHA-256.
    public struct FileHash: Codable, Sendable, Hashable {
        public var file: String
        public var sha256: String
    }

    /// An exercise as used.
    public struct ExerciseRecord: Codable, Sendable, Hashable {
        public var id: String
        public var version: Int
        public var file: String
        public var sha256: String
        /// The title the patient saw (for "what changed" in the next handout).
        public var title: String?
        /// The dose prescribed.
        public var dose: DoseRecord?
    }

    /// A prescribed dose, as recorded.
    /// One picture beside the handout (and in its email): what it is, whose it is and its licence.
    public struct PictureRecord: Codable, Sendable, Hashable {
        /// `images/<name>` beside the handout.
        public var file: String
        public var sha256: String
        /// The exercise it shows.
        public var exercise: String
        public var credit: String?
        public var licence: String
    }

    public struct DoseRecord: Codable, Sendable, Hashable {
        public var sets: Int
        public var reps: Int?
        public var seconds: Int?
        public var hold: Int?
        public var rest: Int?
        public var tempo: String?
        public var side: String
        public var perDay: Int
        public var daysPerWeek: Int

        init(_ dose: Dosage) {
            sets = dose.sets
            reps = dose.reps
            seconds = dose.seconds
            hold = dose.hold
            rest = dose.rest
            tempo = dose.tempo?.description
            side = dose.side.rawValue
            perDay = dose.perDay
            daysPerWeek = dose.daysPerWeek
        }

        /// Back to a dose (unknown words fall back to both sides).
        var dosage: Dosage {
            Dosage(sets: sets, reps: reps, seconds: seconds, hold: hold, rest: rest, tempo: tempo.flatMap(Tempo.parse),
                   side: Side(rawValue: side) ?? .both, perDay: perDay, daysPerWeek: daysPerWeek)
        }
    }

    /// Format version of this file.
    public var manifestVersion = 1
    /// Always `hep`.
    public var tool = "hep"
    /// hep's version.
    public var toolVersion: String
    /// libcmark's version.
    public var cmarkVersion: String
    /// The catalogue's version.
    public var catalogueVersion: String
    /// The patient's id (never the name).
    public var patientID: String
    /// Session date, `YYYY-MM-DD`.
    public var sessionDate: String
    /// Handout language.
    public var language: String
    /// The plan.
    public var plan: FileHash
    /// Exercises in handout order.
    public var exercises: [ExerciseRecord]
    /// Templates, wording and clinic settings used.
    public var templates: [FileHash]
    /// What was written.
    public var outputs: [FileHash]
    /// The pictures, in handout order (absent when there are none).
    public var pictures: [PictureRecord]?
    /// The earlier handout this one was compared with ("what changed"), as its folder name.
    public var previous: String?
    /// The short reference printed at the foot of the handout (`9BF9-953F`), to find it by.
    public var reference: String?
    /// The folder name suffix this handout was written under ("" or "-2"...), set when read back.
    public var folderSuffix: String = ""

    enum CodingKeys: String, CodingKey {
        case manifestVersion, tool, toolVersion, cmarkVersion, catalogueVersion, patientID, sessionDate, language, plan
        case exercises, templates, outputs, pictures, previous, reference
    }

    /// Pretty, sorted-key JSON: the same manifest always gives the same bytes (those `JSONEncoder`
    /// gives; see `ManifestJSON`).
    public func encoded() -> Data { Data(ManifestJSON.encode(self)) }

    /// The manifest of a handout folder; nil when it is missing or unreadable.
    public static func read(from folder: URL) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }
}
