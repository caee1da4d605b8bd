import Foundation

/// Releasing the catalogue: records its versions. What `hep catalogue release` and the web
/// app's release page call.
///
/// Changed exercises whose version was not raised get the next version and a changelog entry
/// (the note is required then); versions raised by hand are verified. Every released version's
/// exact text goes into the content-addressed archive, the lock is rewritten, and the catalogue
/// version in `Exercises/catalogue.yaml` is stamped. Nothing is written if anything is wrong.
public enum CatalogueRelease {
    /// A changelog note: one line, not empty.
    public struct Note: Sendable, Hashable {
        /// The note's text.
        public let text: String

        /// Nil when `text` is empty or has a line break.
        public init?(_ text: String) {
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty, !text.contains(where: \.isNewline) else { return nil }
            self.text = text
        }
    }

    /// One exercise version recorded.
    public struct Released: Sendable, Hashable {
        public var id: String
        public var version: Int
        /// First release of this id.
        public var isNew: Bool
    }

    /// What a release did.
    public struct Report: Sendable {
        /// The catalogue version stamped (`2026.12.01`), when anything was released.
        public var stamp: String?
        /// Each version recorded, by id.
        public var released: [Released] = []
        /// Every problem; nothing is written when there is an error.
        public var diagnostics = DiagnosticList()
    }

    /// Releases the catalogue of `project`.
    public static func run(project: Project, note givenNote: Note?, safety: Bool, date: CalendarDate) async -> Report {
        let note = givenNote?.text
        var result = Report()
        let catalogue = ExerciseCatalogue.open(project, into: &result.diagnostics)
        await catalogue.loadAll(into: &result.diagnostics)
        CatalogueChecks.placeholders(catalogue, into: &result.diagnostics)
        var lock = CatalogueLock.load(project, into: &result.diagnostics) ?? CatalogueLock()
        for id in lock.exercises.keys.sorted() where catalogue.files[id] == nil {
            result.diagnostics.error(SourceLocation(file: CatalogueLock.path, line: CatalogueLock.line(of: id, in: project), column: 1),
                                     "exercise '\(id)' was released, but its file is gone",
                                     hint: "ids are never deleted: restore the file and retire it with `retired: true` and `replaced-by: NEW-ID`")
        }
        guard !result.diagnostics.hasErrors else { return result }

        // Plan every change first; write only when all of them are possible.
        var edits: [(path: String, text: String)] = []
        var archive: [(text: String, hash: String, pictures: [ExerciseImage])] = []  // written only once every check has passed
        var released: [Released] = []
        var needNote: [String] = []
        for exercise in catalogue.loaded {
            guard var text = project.readText(exercise.file, into: &result.diagnostics, required: true) else { continue }
            let entry = lock.entry(exercise.id)
            var version = exercise.version
            if let entry {
                if exercise.version < entry.version {
                    result.diagnostics.error(exercise.versionLocation, "'\(exercise.id)' is at version \(exercise.version), but version \(entry.version) was already released")
                    continue
                }
                if exercise.contentHash == entry.sha256 && exercise.version == entry.version { continue }
                if exercise.version == entry.version {
                    guard let note else {
                        needNote.append(exercise.id)
                        continue
                    }
                    version = entry.version + 1
                    text = bumped(text, to: version, note: note, safety: safety, date: date)
                    edits.append((exercise.file, text))
                }
            }
            let hash = Exercise.contentHash(text: text, pictures: exercise.images.map(\.sha256))
            var updated = entry ?? CatalogueLock.Entry(file: exercise.file, version: version, sha256: hash, released: [:])
            updated.file = exercise.file
            updated.version = version
            updated.sha256 = hash
            updated.released[String(version)] = hash
            lock.exercises[exercise.id, default: [:]]["en"] = updated
            archive.append((text, hash, exercise.images))
            released.append(Released(id: exercise.id, version: version, isNew: entry == nil))
        }
        if !needNote.isEmpty {
            result.diagnostics.error(SourceLocation(file: "Exercises/"),
                                     "\(needNote.count) changed exercise\(needNote.count == 1 ? "" : "s") need\(needNote.count == 1 ? "s" : "") a changelog note: \(needNote.joined(separator: ", "))",
                                     hint: "run \(.releaseCatalogue(note: "what changed")) (add \(.markSafety) if it matters for safety)")
        }
        guard !result.diagnostics.hasErrors, !released.isEmpty else { return result }
        do {
            for item in archive { try CatalogueArchive.store(item.text, sha256: item.hash, pictures: item.pictures, in: project) }
            for edit in edits { try PlanEditor.write(edit.text, to: project.url(edit.path)) }
            let stamp = try stampCatalogueVersion(project, date: date)
            try PlanEditor.write(String(decoding: lock.encoded(), as: UTF8.self), to: project.url(CatalogueLock.path))
            result.stamp = stamp
            result.released = released
        } catch {
            result.diagnostics.error(SourceLocation(file: "Exercises/"), "could not write the release: \(error)")
        }
        return result
    }

    /// The exercise text with `version:` raised and a changelog entry appended (text edits only).
    static func bumped(_ text: String, to version: Int, note: String, safety: Bool, date: CalendarDate) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else { return text }
        if let index = lines[..<close].firstIndex(where: { $0.hasPrefix("version:") }) {
            lines[index] = "version: \(version)"
        }
        guard let start = lines[..<close].firstIndex(where: { $0.hasPrefix("changelog:") }) else { return text }
        var end = start + 1
        while end < close, lines[end].hasPrefix(" ") || lines[end].hasPrefix("-") || lines[end].isEmpty { end += 1 }
        while end > start + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        let itemIndent = lines[(start + 1)..<end].first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("-") }
            .map { String($0.prefix { $0 == " " }) } ?? "  "
        let quoted = "\"" + note.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        lines.insert(contentsOf: [
            "\(itemIndent)- version: \(version)",
            "\(itemIndent)  date: \(date)",
            "\(itemIndent)  note: \(quoted)",
            "\(itemIndent)  safety: \(safety)",
        ], at: end)
        return lines.joined(separator: "\n")
    }

    /// Writes `version: "YYYY.MM.DD"` (then `.2`, `.3` on the same day) into Exercises/catalogue.yaml.
    static func stampCatalogueVersion(_ project: Project, date: CalendarDate) throws -> String {
        let path = "Exercises/catalogue.yaml"
        let url = project.url(path)
        var ignored = DiagnosticList()
        let text = project.readText(path, into: &ignored, required: false) ?? "name: catalogue\n"  // LF line ends, no BOM
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let base = String(format: "%04d.%02d.%02d", date.year, date.month, date.day)
        let current = lines.first { $0.hasPrefix("version:") }?
            .dropFirst("version:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) ?? ""
        var stamp = base
        if current == base || current.hasPrefix(base + ".") {
            let count = current == base ? 1 : Int(current.dropFirst(base.count + 1)) ?? 1
            stamp = "\(base).\(count + 1)"
        }
        if let index = lines.firstIndex(where: { $0.hasPrefix("version:") }) {
            lines[index] = "version: \"\(stamp)\""
        } else {
            if lines.last == "" { lines.removeLast() }
            lines.append("version: \"\(stamp)\"")
            lines.append("")
        }
        try PlanEditor.write(lines.joined(separator: "\n"), to: url)
        return stamp
    }
}
