import Foundation

/// The patients known to a handout store: everyone with an issued handout (from its manifest) or a
/// saved draft, with each handout's date, exercises, send record and whether a later catalogue
/// change makes it outdated (safety changes first). What the desk's patients list and patient page
/// show; nothing here writes.
public enum PatientRecords {
    /// An exercise as a handout gave it.
    public struct ExerciseUse: Sendable, Hashable {
        public var id: String
        public var title: String
        public var version: Int
    }

    /// One attempt in a handout's send log (`send-log.jsonl`).
    public struct SendAttempt: Sendable, Hashable {
        /// When, in UTC (`2026-12-02T09:14:03Z`).
        public var utc: String
        /// `sent`, `dry-run` or `failed`.
        public var result: String
        /// The address, shortened (`t…@example.com`): enough to recognise.
        public var recipient: String
        public var messageID: String
        public var error: String?
    }

    /// One issued handout.
    public struct Handout: Sendable, Hashable {
        /// The folder's name (`2026-11-10`, `2026-11-10-2`): the handout's id within the patient.
        public var folder: String
        public var url: URL
        /// The folder as shown (`Output/hp-0202/2026-11-10`).
        public var shownPath: String
        public var sessionDate: String
        public var exercises: [ExerciseUse]
        /// The short reference printed at the handout's foot.
        public var reference: String?
        public var sends: [SendAttempt]
        /// True once any attempt went out.
        public var sent: Bool
        /// Catalogue changes since it was issued (`OutdatedHandouts`).
        public var changes: [OutdatedHandouts.Change]
        /// True when any of those is a safety change.
        public var safety: Bool
        /// The patient's address in this handout's plan, and whether the plan marks it confirmed.
        public var email: String?
        public var emailConfirmed: Bool
        /// True when the folder holds `handout.eml` (issued with `--eml` or `write-eml`).
        public var hasEML: Bool
        /// The picture files beside the handout (`images/<name>`), as the manifest lists them.
        public var pictures: [String]
    }

    /// One patient.
    public struct Patient: Sendable, Hashable {
        /// The id as written in the plans.
        public var id: String
        /// The name from the newest plan (handout or draft).
        public var name: String
        public var preferredName: String?
        public var email: String?
        /// The latest session date of an issued handout (nil when there is none yet).
        public var lastVisit: String?
        /// Issued handouts, newest first.
        public var handouts: [Handout]
        /// Saved drafts, newest first.
        public var drafts: [PlanDrafts.Draft]
        /// Drafts already issued as they are now: draft name -> the handout folder whose `plan.yaml`
        /// is that draft byte for byte (the newest such handout).
        public var issuedDrafts: [String: String]
        /// How many drafts are not issued as they are now.
        public var openDrafts: Int
        /// True when any handout is outdated by a safety change.
        public var safety: Bool
        /// How many handouts are outdated.
        public var outdatedCount: Int
    }

    /// Every patient in `store`, by name (then id). With `withChanges`, each handout is checked
    /// against the catalogue (`OutdatedHandouts`): `catalogue` when given (a long-running process's
    /// loaded one), else the project's, opened once for this call; otherwise `changes` are empty.
    public static func all(store: HandoutStore, project: Project, withChanges: Bool = true, catalogue: ExerciseCatalogue? = nil,
                           into diagnostics: inout DiagnosticList) -> [Patient] {
        all(store: store, project: project, withChanges: withChanges, catalogue: catalogue, onlyFolder: nil, into: &diagnostics)
    }

    static func all(store: HandoutStore, project: Project, withChanges: Bool, catalogue given: ExerciseCatalogue?, onlyFolder: String?,
                    into diagnostics: inout DiagnosticList) -> [Patient] {
        var ignored = DiagnosticList()  // the catalogue's own problems are `hep check`'s to report
        let catalogue = withChanges ? given ?? ExerciseCatalogue.open(project, into: &ignored) : nil
        var byID: [String: (handouts: [Handout], plans: [(date: String, text: String)], drafts: [PlanDrafts.Draft])] = [:]
        var issuedPlans: [String: [String: String]] = [:]  // patient id -> plan text -> newest handout folder
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: store.root.path)) ?? [])
            .filter { !$0.hasPrefix(".") && (onlyFolder == nil || $0 == onlyFolder) }.sorted()
        for name in folders {
            let patientFolder = store.root.appendingPathComponent(name)
            let sessions = ((try? FileManager.default.contentsOfDirectory(atPath: patientFolder.path)) ?? []).filter { !$0.hasPrefix(".") }
            for session in sessions {
                let folder = patientFolder.appendingPathComponent(session)
                guard let manifest = Manifest.read(from: folder),
                      HandoutStore.safeFolderName(manifest.patientID) == name else { continue }
                let planText = (try? String(contentsOf: folder.appendingPathComponent("plan.yaml"), encoding: .utf8)) ?? ""
                let shown = project.displayPath(of: folder)
                let outdated = catalogue.map { OutdatedHandouts.changes(since: manifest, catalogue: $0, into: &ignored) }
                let handout = handout(folder, manifest: manifest, planText: planText, shown: shown, outdated: outdated)
                byID[manifest.patientID, default: ([], [], [])].handouts.append(handout)
                let newer = { (a: String, b: String) in (a.prefix(10), suffix(a)) > (b.prefix(10), suffix(b)) }
                if issuedPlans[manifest.patientID]?[planText].map({ newer(session, $0) }) ?? true {
                    issuedPlans[manifest.patientID, default: [:]][planText] = session
                }
                byID[manifest.patientID, default: ([], [], [])].plans.append((manifest.sessionDate + "|" + session, planText))
            }
            for draft in PlanDrafts.drafts(in: patientFolder.appendingPathComponent("plans")) {
                guard let id = draft.patientID, HandoutStore.safeFolderName(id) == name else { continue }
                byID[id, default: ([], [], [])].drafts.append(draft)
                if let text = try? String(contentsOf: draft.url, encoding: .utf8) {
                    byID[id, default: ([], [], [])].plans.append(((draft.sessionDate ?? "") + "|~" + draft.name, text))
                }
            }
        }
        var patients: [Patient] = []
        for (id, entry) in byID {
            let handouts = entry.handouts.sorted { ($0.sessionDate, suffix($0.folder)) > ($1.sessionDate, suffix($1.folder)) }
            // Name and address from the newest plan that reads them.
            var name = id, preferred: String?, email: String?
            for plan in entry.plans.sorted(by: { $0.date > $1.date }) {
                let patient = patientFields(plan.text)
                if let found = patient.name { name = found; preferred = patient.preferred; email = patient.email; break }
            }
            var issuedDrafts: [String: String] = [:]
            for draft in entry.drafts {
                if let text = try? String(contentsOf: draft.url, encoding: .utf8), let folder = issuedPlans[id]?[text] { issuedDrafts[draft.name] = folder }
            }
            patients.append(Patient(id: id, name: name, preferredName: preferred, email: email, lastVisit: handouts.first?.sessionDate,
                                    handouts: handouts, drafts: entry.drafts.sorted { PlanDrafts.nameOrder($1.name, $0.name) },
                                    issuedDrafts: issuedDrafts, openDrafts: entry.drafts.count - issuedDrafts.count,
                                    safety: handouts.contains { $0.safety }, outdatedCount: handouts.filter { !$0.changes.isEmpty }.count))
        }
        return patients.sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    /// The patients whose name or id contains `query`, ignoring case and accents; all for a blank query.
    public static func search(_ patients: [Patient], _ query: String) -> [Patient] {
        let words = query.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return patients }
        return patients.filter { patient in
            words.allSatisfy { word in
                patient.name.range(of: word, options: [.caseInsensitive, .diacriticInsensitive]) != nil
                    || patient.id.range(of: word, options: [.caseInsensitive, .diacriticInsensitive]) != nil
            }
        }
    }

    /// The patient whose id is exactly `id`, or nil. The id is only ever looked up: the one folder read
    /// is `HandoutStore.safeFolderName(id)`, and only a patient whose manifests or drafts give exactly
    /// this id is found. Without `withChanges`, handouts are not checked against the catalogue.
    public static func patient(id: String, store: HandoutStore, project: Project, withChanges: Bool = true, catalogue: ExerciseCatalogue? = nil,
                               into diagnostics: inout DiagnosticList) -> Patient? {
        all(store: store, project: project, withChanges: withChanges, catalogue: catalogue, onlyFolder: HandoutStore.safeFolderName(id), into: &diagnostics)
            .first { $0.id == id }
    }

    /// The email of an issued handout, as `hep render --eml` writes it: the stored `handout.eml`, or
    /// else packaged from the stored plan and manifest, only when the rebuild is the stored handout
    /// byte for byte. Nil, with the reason, when there is no address or it cannot be rebuilt.
    public static func email(of handout: Handout, snapshot: ProjectSnapshot, into diagnostics: inout DiagnosticList) -> [UInt8]? {
        if let data = FileManager.default.contents(atPath: handout.url.appendingPathComponent("handout.eml").path) { return Array(data) }
        var found = DiagnosticList()
        guard let rebuilt = HandoutReproduction.rebuild(handout.url, snapshot: snapshot, into: &found) else {
            diagnostics.append(contentsOf: found)
            diagnostics.error(SourceLocation(file: handout.shownPath), "the handout cannot be rebuilt, so its email cannot be written")
            return nil
        }
        guard rebuilt.differences.isEmpty else {
            diagnostics.error(SourceLocation(file: handout.shownPath), "the stored handout can no longer be rebuilt exactly, so its email was not written",
                              hint: "a template or exercise changed since it was issued; \(.render) the plan again")
            return nil
        }
        do {
            return try snapshot.email(rebuilt.handout, for: rebuilt.plan)
        } catch {
            diagnostics.error(SourceLocation(file: handout.shownPath + "/plan.yaml"), "cannot write the email: \(error)",
                              hint: "add the patient's `email:` to the plan and the clinic's `email:` to Templates/clinic.yaml")
            return nil
        }
    }

    // MARK: - Reading

    static func handout(_ folder: URL, manifest: Manifest, planText: String, shown: String,
                        outdated: (safety: Bool, changes: [OutdatedHandouts.Change])?) -> Handout {
        let exercises = manifest.exercises.map { ExerciseUse(id: $0.id, title: $0.title ?? $0.id, version: $0.version) }
        let sends = sendAttempts(in: folder)
        let patient = patientFields(planText)
        return Handout(folder: folder.lastPathComponent, url: folder, shownPath: shown, sessionDate: manifest.sessionDate,
                       exercises: exercises, reference: manifest.reference, sends: sends, sent: sends.contains { $0.result == "sent" },
                       changes: outdated?.changes ?? [], safety: outdated?.safety ?? false, email: patient.email,
                       emailConfirmed: patient.confirmed,
                       hasEML: FileManager.default.fileExists(atPath: folder.appendingPathComponent("handout.eml").path),
                       pictures: (manifest.pictures ?? []).map(\.file))
    }

    /// The send log's records, oldest first (read only: the log is never created here).
    static func sendAttempts(in folder: URL) -> [SendAttempt] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("send-log.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let record = try? JSONDecoder().decode(SendLog.Record.self, from: Data(line.utf8)) else { return nil }
            return SendAttempt(utc: record.utc, result: record.result, recipient: HandoutSending.masked(record.recipient),
                               messageID: record.messageID, error: record.error)
        }
    }

    /// The patient block of a plan's text: from the parsed plan when it reads, else line by line (a
    /// draft may be half written).
    public static func patientFields(_ text: String) -> (name: String?, preferred: String?, email: String?, confirmed: Bool) {
        var diagnostics = DiagnosticList()
        if let plan = Plan.parse(text, file: "plan", into: &diagnostics) {
            return (plan.patient.name, plan.patient.preferredName, plan.patient.email, plan.patient.emailConfirmed)
        }
        var name: String?, preferred: String?, email: String?, confirmed = false
        var inPatient = false
        for line in text.split(separator: "\n") {
            if let first = line.first, first != " ", first != "#" { inPatient = line.hasPrefix("patient:") }
            guard inPatient else { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for (key, apply) in [("name:", { name = $0 }), ("preferred-name:", { preferred = $0 }), ("email:", { email = $0 })] as [(String, (String?) -> Void)]
            where trimmed.hasPrefix(key) {
                apply(PlanDrafts.plainValue(String(trimmed.dropFirst(key.count))))
            }
            if trimmed.hasPrefix("email-confirmed:") { confirmed = PlanDrafts.plainValue(String(trimmed.dropFirst(16))) == "true" }
        }
        return (name, preferred, email, confirmed)
    }

    /// The `-N` of a folder name as a number (1 without one).
    static func suffix(_ folder: String) -> Int {
        let parts = folder.split(separator: "-")
        return parts.count == 4 ? Int(parts[3]) ?? 1 : 1
    }
}
