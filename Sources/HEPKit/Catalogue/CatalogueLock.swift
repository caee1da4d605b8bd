import Foundation

/// `Exercises/catalogue.lock`: what was released. For each exercise id and language, its file,
/// current released version and content hash, and the hash of every version ever released (which
/// names its text in the archive). Written by `hep catalogue release`, committed with the catalogue.
public struct CatalogueLock: Codable, Sendable, Hashable {
    /// One exercise in one language.
    public struct Entry: Codable, Sendable, Hashable {
        /// The file when last released.
        public var file: String
        /// The released version.
        public var version: Int
        /// SHA-256 of the normalised text of that version.
        public var sha256: String
        /// Every released version's hash, by version number.
        public var released: [String: String]
    }

    /// Format of this file.
    public var lockVersion = 1
    /// id -> language -> entry. Keyed on language so translations can be released separately.
    public var exercises: [String: [String: Entry]] = [:]

    init(lockVersion: Int = 1, exercises: [String: [String: Entry]] = [:]) {
        (self.lockVersion, self.exercises) = (lockVersion, exercises)
    }

    enum CodingKeys: String, CodingKey {
        case lockVersion = "lock-version", exercises
    }

    /// The path inside a project.
    public static let path = "Exercises/catalogue.lock"

    /// The entry for an id in a language.
    public func entry(_ id: String, language: String = "en") -> Entry? { exercises[id]?[language] }

    /// Loads the lock; nil with no diagnostic when the catalogue was never released.
    static func load(_ project: Project, into diagnostics: inout DiagnosticList) -> CatalogueLock? {
        guard FileManager.default.fileExists(atPath: project.url(path).path),
              let text = project.readText(path, into: &diagnostics, required: false) else { return nil }
        let data = Data(text.utf8)
        if let lock = decode(data) { return lock }
        do {
            return try JSONDecoder().decode(CatalogueLock.self, from: data)
        } catch {
            diagnostics.error(SourceLocation(file: path, line: 1, column: 1), "the catalogue lock cannot be read: \(error)",
                              hint: "it is written by \(.releaseCatalogue(note: nil)); restore it from version control rather than editing it")
            return nil
        }
    }

    /// The lock in `data` read through `JSONSerialization`, when it is one exactly as `JSONDecoder`
    /// reads it; nil otherwise, and the decoder then reads it (and says what is wrong). The
    /// decoder's keyed containers cost ten times as much for the lock's few hundred entries, on
    /// every `hep check`.
    static func decode(_ data: Data) -> CatalogueLock? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let lockVersion = JSONFields.int(object["lock-version"]),
              let exercises = object["exercises"] as? [String: Any] else { return nil }
        var lock = CatalogueLock(lockVersion: lockVersion)
        for (id, languages) in exercises {
            guard let languages = languages as? [String: Any] else { return nil }
            var entries: [String: Entry] = [:]
            for (language, fields) in languages {
                guard let fields = fields as? [String: Any], let file = fields["file"] as? String,
                      let version = JSONFields.int(fields["version"]), let sha256 = fields["sha256"] as? String,
                      let released = fields["released"] as? [String: Any] else { return nil }
                var hashes: [String: String] = [:]
                for (number, hash) in released {
                    guard let hash = hash as? String else { return nil }
                    hashes[number] = hash
                }
                entries[language] = Entry(file: file, version: version, sha256: sha256, released: hashes)
            }
            lock.exercises[id] = entries
        }
        return lock
    }

    /// Pretty, sorted JSON: the same lock always gives the same bytes, and diffs stay readable.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }

    /// The line of an id in the lock file, for diagnostics.
    static func line(of id: String, in project: Project) -> Int {
        guard let text = try? String(contentsOf: project.url(path), encoding: .utf8) else { return 1 }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.trimmingCharacters(in: .whitespaces).hasPrefix("\"\(id)\"") && line.hasSuffix("{") {
            return index + 1
        }
        return 1
    }
}

/// `Exercises/archive/`: the exact text of every released exercise version, named by its content
/// hash, so a handout issued before an edit can always be reproduced. A version with pictures also
/// has `<hash>.pictures` (one line per picture: its slot, SHA-256 and extension) and its pictures
/// under `images/`, named by their own hash, so a redrawn or replaced picture never changes an
/// issued handout.
public enum CatalogueArchive {
    /// The archive folder inside a project.
    public static let folder = "Exercises/archive"

    /// One archived picture of a version.
    struct Picture: Sendable, Hashable {
        var slot: Int
        var sha256: String
        var fileExtension: String
    }

    /// Where a version's text is kept.
    public static func path(for sha256: String) -> String { "\(folder)/\(sha256).md" }

    static func picturesPath(for sha256: String) -> String { "\(folder)/\(sha256).pictures" }

    static func picturePath(_ picture: Picture) -> String { "\(folder)/images/\(picture.sha256).\(picture.fileExtension)" }

    /// Stores a version (once; an existing entry is never rewritten): its pictures first, then the
    /// list of them, then the text, so an entry whose text is there is complete.
    static func store(_ text: String, sha256: String, pictures: [ExerciseImage], in project: Project) throws {
        let url = project.url(path(for: sha256))
        if FileManager.default.fileExists(atPath: url.path) { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !pictures.isEmpty {
            try FileManager.default.createDirectory(at: project.url("\(folder)/images"), withIntermediateDirectories: true)
            var list = ""
            for image in pictures {
                let picture = Picture(slot: image.slot, sha256: image.sha256, fileExtension: image.mediaType == "image/png" ? "png" : "jpg")
                let pictureURL = project.url(picturePath(picture))
                if !FileManager.default.fileExists(atPath: pictureURL.path) { try Data(image.data).write(to: pictureURL, options: .atomic) }
                list += "\(picture.slot) \(picture.sha256) \(picture.fileExtension)\n"
            }
            try Data(list.utf8).write(to: project.url(picturesPath(for: sha256)), options: .atomic)
        }
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// The archived text of a hash and the pictures it was released with, if they are there and
    /// intact (the hash of the text and the pictures' hashes is the version's hash).
    static func entry(for sha256: String, in project: Project) -> (text: String, pictures: [Picture])? {
        guard let data = FileManager.default.contents(atPath: project.url(path(for: sha256)).path),
              let text = String(data: data, encoding: .utf8) else { return nil }
        var pictures: [Picture] = []
        if let list = FileManager.default.contents(atPath: project.url(picturesPath(for: sha256)).path) {
            for line in String(decoding: list, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 3, let slot = Int(fields[0]) else { return nil }
                pictures.append(Picture(slot: slot, sha256: String(fields[1]), fileExtension: String(fields[2])))
            }
        }
        guard Exercise.contentHash(text: text, pictures: pictures.map(\.sha256)) == sha256 else { return nil }
        return (text, pictures)
    }

    /// The archived text of a hash, if it is there and intact.
    static func text(for sha256: String, in project: Project) -> String? {
        entry(for: sha256, in: project)?.text
    }

    /// An archived picture's bytes, if it is there and intact.
    static func pictureBytes(_ picture: Picture, in project: Project) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: project.url(picturePath(picture)).path) else { return nil }
        let bytes = [UInt8](data)
        return SHA256.hex(of: bytes) == picture.sha256 ? bytes : nil
    }
}

/// Values of a `JSONSerialization` object read as `JSONDecoder` reads them.
enum JSONFields {
    /// An integer, as the decoder takes one: `2`, `2.0`, `1e2`; never `true`, `2.5` or `"2"`.
    /// (`true` is a `CFBoolean` and a huge number an `NSDecimalNumber`, both subclasses; a plain
    /// `NSNumber` 1 also casts to `Bool`, so the class is what tells them apart.)
    static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, type(of: number) == NSNumber.self else { return nil }
        return number as? Int
    }
}
