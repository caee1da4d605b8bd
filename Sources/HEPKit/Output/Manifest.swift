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

    /// Pretty, sorted-key JSON: the same manifest always gives the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
