import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plans being written on the desk, before they are issued: `Output/<patient folder>/plans/<name>.yaml`,
/// where `<name>` is the session date (`2026-12-02`, then `2026-12-02-2`...). Owner-only (files 0600,
/// folders 0700), written atomically. The store and `hep outdated` skip `plans/` (it has no manifest),
/// and a draft is never written anywhere but there, so saving a draft never touches an issued handout.
public enum PlanDrafts {
    /// One saved draft.
    public struct Draft: Sendable, Hashable {
        /// The draft's name (`2026-12-02`, `2026-12-02-2`), as in its URL.
        public var name: String
        /// The file.
        public var url: URL
        /// The patient's id as written in the plan (nil when the plan cannot be read that far).
        public var patientID: String?
        /// The patient's name as written in the plan.
        public var patientName: String?
        /// The session date as written in the plan (`YYYY-MM-DD`), when readable.
        public var sessionDate: String?
    }

    /// Why a draft could not be read or written.
    public struct DraftError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The folder holding `patientID`'s drafts (it may not exist yet).
    public static func folder(store: HandoutStore, patientID: String) -> URL {
        store.root.appendingPathComponent(HandoutStore.safeFolderName(patientID)).appendingPathComponent("plans")
    }

    /// True for a draft name this store writes: `YYYY-MM-DD` or `YYYY-MM-DD-N` (N from 2). Any other
    /// name, from a URL or a form, is refused before it comes near the file system.
    public static func isValidName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4 else { return false }
        let digits = { (part: Substring, count: Int?) -> Bool in
            !part.isEmpty && part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && (count == nil || part.utf8.count == count!)
        }
        guard digits(parts[0], 4), digits(parts[1], 2), digits(parts[2], 2),
              case .success = CalendarDate.parse(parts[0...2].joined(separator: "-")) else { return false }
        if parts.count == 4 {
            guard digits(parts[3], nil), parts[3].count <= 5, let n = Int(parts[3]), n >= 2, !parts[3].hasPrefix("0") else { return false }
        }
        return true
    }

    /// `patientID`'s drafts, by name (oldest session first).
    public static func list(store: HandoutStore, patientID: String) -> [Draft] {
        drafts(in: folder(store: store, patientID: patientID))
    }

    /// Every draft of every patient under the store's root (for the patients list).
    public static func listAll(store: HandoutStore) -> [Draft] {
        let patients = ((try? FileManager.default.contentsOfDirectory(atPath: store.root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return patients.flatMap { drafts(in: store.root.appendingPathComponent($0).appendingPathComponent("plans")) }
    }

    static func drafts(in folder: URL) -> [Draft] {
        guard !isSymlink(folder) else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.filter(isValidName)
        return names.sorted(by: nameOrder).compactMap { name in
            let url = folder.appendingPathComponent(name + ".yaml")
            guard !isSymlink(url), let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            let summary = summary(of: text)
            return Draft(name: name, url: url, patientID: summary.id, patientName: summary.name, sessionDate: summary.date)
        }
    }

    /// `patientID`'s draft `name`, when it exists and its plan gives exactly this patient id (one
    /// file read; what issuing needs, without listing the patient's handouts).
    public static func draft(store: HandoutStore, patientID: String, name: String) -> Draft? {
        guard isValidName(name) else { return nil }
        let folder = folder(store: store, patientID: patientID)
        let url = folder.appendingPathComponent(name + ".yaml")
        guard !isSymlink(folder), !isSymlink(url), let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let summary = summary(of: text)
        guard summary.id == patientID else { return nil }
        return Draft(name: name, url: url, patientID: summary.id, patientName: summary.name, sessionDate: summary.date)
    }

    /// Date order, then the `-N` suffix as a number (`2026-12-02-10` after `2026-12-02-9`).
    static func nameOrder(_ a: String, _ b: String) -> Bool {
        let key = { (name: String) -> (String, Int) in
            let parts = name.split(separator: "-")
            return (parts.prefix(3).joined(separator: "-"), parts.count == 4 ? Int(parts[3]) ?? 0 : 1)
        }
        return key(a) < key(b)
    }

    /// The text of `patientID`'s draft `name`.
    public static func load(store: HandoutStore, patientID: String, name: String) throws -> String {
        guard isValidName(name) else { throw DraftError(description: "'\(name)' is not a draft name") }
        let url = folder(store: store, patientID: patientID).appendingPathComponent(name + ".yaml")
        guard !isSymlink(url), let data = FileManager.default.contents(atPath: url.path) else {
            throw DraftError(description: "there is no draft \(name) for this patient")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Saves `text` as `patientID`'s draft `name`, replacing that draft if it exists (atomically: a
    /// private temporary file, then one rename). Only ever writes `plans/<name>.yaml`.
    @discardableResult
    public static func save(text: String, store: HandoutStore, patientID: String, name: String) throws -> URL {
        guard isValidName(name) else { throw DraftError(description: "'\(name)' is not a draft name") }
        let plans = try makeFolder(store: store, patientID: patientID)
        let url = plans.appendingPathComponent(name + ".yaml")
        if isSymlink(url) { throw DraftError(description: "\(url.path): is a symbolic link; hep never writes through links in the output folder") }
        let temporary = plans.appendingPathComponent(".\(name).yaml.hep-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try store.writePrivateFile(Data(text.utf8), to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw DraftError(description: "\(url.path): cannot save the draft: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
        return url
    }

    /// The first free draft name for a session on `date`: `2026-12-02`, else `2026-12-02-2`, ...
    public static func newName(for date: CalendarDate, store: HandoutStore, patientID: String) -> String {
        let plans = folder(store: store, patientID: patientID)
        var suffix = 1
        while true {
            let name = suffix == 1 ? date.description : "\(date)-\(suffix)"
            if !FileManager.default.fileExists(atPath: plans.appendingPathComponent(name + ".yaml").path) { return name }
            suffix += 1
        }
    }

    /// Writes `text` as a new draft for a session on `date` under the first free name; never
    /// replaces a draft (the name is taken with `O_EXCL`, so two tabs never share one).
    public static func create(text: String, store: HandoutStore, patientID: String, date: CalendarDate) throws -> Draft {
        let plans = try makeFolder(store: store, patientID: patientID)
        for suffix in 1...10_000 {
            let name = suffix == 1 ? date.description : "\(date)-\(suffix)"
            let url = plans.appendingPathComponent(name + ".yaml")
            if FileManager.default.fileExists(atPath: url.path) || isSymlink(url) { continue }
            do {
                try store.writePrivateFile(Data(text.utf8), to: url)
            } catch {
                if FileManager.default.fileExists(atPath: url.path) { continue }  // taken meanwhile
                throw error
            }
            let summary = summary(of: text)
            return Draft(name: name, url: url, patientID: summary.id, patientName: summary.name, sessionDate: summary.date)
        }
        throw DraftError(description: "\(plans.path): too many drafts for one day")
    }

    /// A new draft for `today` from the issued handout in `handoutFolder`: its `plan.yaml` (findings,
    /// goals, exercises and doses) with the session date changed to `today`, every comment and line
    /// otherwise as written. A `follow-up:` date before `today` (the appointment this session is) is
    /// dropped, since it would make the new plan fail.
    public static func startFrom(handoutFolder: URL, store: HandoutStore, today: CalendarDate) throws -> Draft {
        let planURL = handoutFolder.appendingPathComponent("plan.yaml")
        guard Manifest.read(from: handoutFolder) != nil, !isSymlink(planURL),
              let data = FileManager.default.contents(atPath: planURL.path) else {
            throw DraftError(description: "\(handoutFolder.lastPathComponent): not an issued handout (no manifest.json or plan.yaml)")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let patientID = summary(of: text).id else { throw DraftError(description: "the handout's plan has no patient id") }
        let edited = try withoutPastFollowUp(settingSessionDate(today, in: text), before: today)
        return try create(text: edited, store: store, patientID: patientID, date: today)
    }

    /// The fields of a new patient's first plan.
    public struct NewPatient: Sendable, Hashable {
        public var id: String
        public var name: String
        public var preferredName: String?
        public var email: String?
        public var language: String
        public var practitioner: String?
        /// Catalogue ids to start the exercise list with (may be empty: the editor adds them).
        public var exercises: [String]

        public init(id: String, name: String, preferredName: String? = nil, email: String? = nil, language: String = "en",
                    practitioner: String? = nil, exercises: [String] = []) {
            self.id = id
            self.name = name
            self.preferredName = preferredName
            self.email = email
            self.language = language
            self.practitioner = practitioner
            self.exercises = exercises
        }
    }

    /// The first plan of a new patient, as text: the patient, today's session and the exercises given
    /// (with none, `exercises:` is left for the editor to fill and the plan does not issue until it is).
    public static func newPatientText(_ patient: NewPatient, today: CalendarDate) -> String {
        var lines = ["# Started on the desk on \(today).", "patient:",
                     "  id: \(scalar(patient.id))", "  name: \(scalar(patient.name))"]
        if let preferred = patient.preferredName { lines.append("  preferred-name: \(scalar(preferred))") }
        if let email = patient.email { lines.append("  email: \(scalar(email))") }
        lines.append("  language: \(scalar(patient.language))")
        lines += ["session:", "  date: \(today)"]
        if let practitioner = patient.practitioner { lines.append("  practitioner: \(scalar(practitioner))") }
        if patient.exercises.isEmpty {
            lines += ["exercises:", "  # - id: an exercise from the catalogue"]
        } else {
            lines.append("exercises:")
            lines += patient.exercises.map { "  - id: \(scalar($0))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes a new patient's first draft. Refused, with diagnostics, when the patient's fields do not
    /// read back (an id or name missing or too long, an address that is not one, an unknown language)
    /// or when the patient already has handouts or drafts. Nothing is written on any error.
    public static func newPatient(_ patient: NewPatient, store: HandoutStore, today: CalendarDate,
                                  into diagnostics: inout DiagnosticList) -> Draft? {
        let text = newPatientText(patient, today: today)
        var found = DiagnosticList()
        _ = Plan.parse(text, file: "new patient", into: &found)
        // With no exercises yet, the only error allowed is that the list is empty.
        let errors = found.errors.filter { !(patient.exercises.isEmpty && $0.message.contains("'exercises'")) }
        if !errors.isEmpty {
            diagnostics.append(contentsOf: errors)
            return nil
        }
        let patientFolder = store.root.appendingPathComponent(HandoutStore.safeFolderName(patient.id))
        if !(((try? FileManager.default.contentsOfDirectory(atPath: patientFolder.path)) ?? []).filter { !$0.hasPrefix(".") }.isEmpty) {
            diagnostics.error(SourceLocation(file: "new patient"), "a patient with the id '\(patient.id)' already exists",
                              hint: "open that patient from the list, or choose another id")
            return nil
        }
        do {
            return try create(text: text, store: store, patientID: patient.id, date: today)
        } catch {
            diagnostics.error(SourceLocation(file: "new patient"), "cannot write the draft: \(error)")
            return nil
        }
    }

    // MARK: - Text edits (comments, order and formatting kept)

    /// `text` with the session date set to `date`: the `date:` line inside the top-level `session:`
    /// block (or inside `session: {…}` on one line), its value replaced and everything else kept.
    public static func settingSessionDate(_ date: CalendarDate, in text: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let key = lines.firstIndex(where: { $0.hasPrefix("session:") }) else {
            throw DraftError(description: "the plan has no `session:` to set the date in")
        }
        let rest = lines[key].dropFirst("session:".count)
        if rest.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            guard let range = lines[key].range(of: #"date:\s*[0-9]{4}-[0-9]{2}-[0-9]{2}"#, options: .regularExpression) else {
                throw DraftError(description: "the plan's `session:` has no `date:`")
            }
            lines[key].replaceSubrange(range, with: "date: \(date)")
            return lines.joined(separator: "\n")
        }
        var index = key + 1
        while index < lines.count {
            let line = lines[index]
            if let first = line.first, first != " ", first != "\t", first != "#" { break }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("date:") {
                let indent = line.prefix { $0 == " " || $0 == "\t" }
                let comment = trailingComment(trimmed.dropFirst("date:".count))
                lines[index] = "\(indent)date: \(date)\(comment)"
                return lines.joined(separator: "\n")
            }
            index += 1
        }
        throw DraftError(description: "the plan's `session:` has no `date:`")
    }

    /// `text` without its top-level `follow-up:` line when that date is before `date`.
    static func withoutPastFollowUp(_ text: String, before date: CalendarDate) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(where: { $0.hasPrefix("follow-up:") }) else { return text }
        let value = lines[index].dropFirst("follow-up:".count).split(separator: "#").first?
            .trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) ?? ""
        guard case .success(let followUp) = CalendarDate.parse(value), followUp < date else { return text }
        lines.remove(at: index)
        return lines.joined(separator: "\n")
    }

    /// `text` with `email-confirmed: true` in its top-level `patient:` block: an existing
    /// `email-confirmed:` line has its value replaced, else the line goes after `email:` (or at the
    /// block's end). Comments and order are kept. Unchanged when already confirmed.
    public static func confirmingEmail(in text: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let key = lines.firstIndex(where: { $0.hasPrefix("patient:") }) else {
            throw DraftError(description: "the plan has no `patient:`")
        }
        if lines[key].dropFirst("patient:".count).trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            throw DraftError(description: "the plan's `patient:` is written on one line; write it as a block to let hep confirm the address")
        }
        var index = key + 1
        var emailLine: Int?
        var lastContent = key
        var indent = "  "
        while index < lines.count {
            let line = lines[index]
            if let first = line.first, first != " ", first != "\t", first != "#" { break }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") {
                lastContent = index
                indent = String(line.prefix { $0 == " " || $0 == "\t" })
            }
            if trimmed.hasPrefix("email-confirmed:") {
                let comment = trailingComment(trimmed.dropFirst("email-confirmed:".count))
                lines[index] = "\(line.prefix { $0 == " " || $0 == "\t" })email-confirmed: true\(comment)"
                return lines.joined(separator: "\n")
            }
            if trimmed.hasPrefix("email:") { emailLine = index }
            index += 1
        }
        lines.insert("\(indent)email-confirmed: true", at: (emailLine ?? lastContent) + 1)
        return lines.joined(separator: "\n")
    }

    // MARK: - Helpers

    /// A value's trailing ` # comment`, with the spaces before it, or "".
    static func trailingComment(_ value: Substring) -> String {
        guard let hash = value.range(of: " #") ?? value.range(of: "\t#") else { return "" }
        let before = value[..<hash.lowerBound]
        let start = before.lastIndex { $0 != " " && $0 != "\t" }.map { value.index(after: $0) } ?? hash.lowerBound
        return String(value[start...])
    }

    /// The patient id, name and session date of a plan's text, read without resolving anything
    /// (a draft may be half written).
    static func summary(of text: String) -> (id: String?, name: String?, date: String?) {
        var diagnostics = DiagnosticList()
        if let plan = Plan.parse(text, file: "plan", into: &diagnostics) {
            return (plan.patient.id, plan.patient.name, plan.sessionDate.description)
        }
        // A draft with errors (no exercises yet): read the patient block line by line.
        var id: String?, name: String?, date: String?
        var block = ""
        for line in text.split(separator: "\n") {
            if let first = line.first, first != " ", first != "#" { block = String(line.prefix { $0 != ":" }) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let value = { (key: String) -> String? in
                guard trimmed.hasPrefix(key + ":") else { return nil }
                return plainValue(String(trimmed.dropFirst(key.count + 1)))
            }
            if block == "patient" {
                if id == nil, let v = value("id") { id = v }
                if name == nil, let v = value("name") { name = v }
            } else if block == "session", date == nil, let v = value("date") {
                date = v
            }
        }
        return (id, name, date)
    }

    /// A one-line YAML value as text: quotes removed, `\"` and `\\` unescaped, a trailing comment dropped.
    static func plainValue(_ raw: String) -> String? {
        var value = raw.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("\"") {
            var out = ""
            var escaped = false
            for character in value.dropFirst() {
                if escaped { out.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break } else { out.append(character) }
            }
            return out.isEmpty ? nil : out
        }
        if value.hasPrefix("'") { value = String(value.dropFirst().prefix { $0 != "'" }); return value.isEmpty ? nil : value }
        if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
        value = value.trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// A YAML scalar for one line of form text: control characters become spaces; plain when that
    /// reads back as the same text, else double-quoted.
    static func scalar(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        let words: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        if words.contains(clean.lowercased()) { return "\"\(clean)\"" }
        return ImportDraft.yaml(clean)
    }

    static func makeFolder(store: HandoutStore, patientID: String) throws -> URL {
        try store.makePrivateParents(of: store.root)
        try store.makePrivateDirectory(store.root, allowExisting: true)
        let patientFolder = store.root.appendingPathComponent(HandoutStore.safeFolderName(patientID))
        try store.makePrivateDirectory(patientFolder, allowExisting: true)
        let plans = patientFolder.appendingPathComponent("plans")
        try store.makePrivateDirectory(plans, allowExisting: true)
        return plans
    }

    static func isSymlink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}
