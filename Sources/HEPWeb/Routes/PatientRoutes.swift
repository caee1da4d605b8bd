import Foundation
import HEPKit
import Hummingbird

/// The patients list's view model.
struct PatientsPage: Sendable {
    struct Row: Sendable {
        var id: String
        var name: String
        var lastVisit: String
        var hasLastVisit: Bool
        var handouts: Int
        var drafts: Int
        var hasDrafts: Bool
        var safety: Bool
        var outdated: Int
        var isOutdated: Bool
        var link: String
    }
    var query: String
    var hasQuery: Bool
    var rows: [Row]
    var isEmpty: Bool
    /// "3 patients", "1 of 3 patients".
    var count: String
    var total: Int
    var noneYet: Bool
}

/// The new-patient form's view model.
struct NewPatientPage: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }
    var id: String
    var name: String
    var preferredName: String
    var email: String
    var languages: [Option]
    var exercises: [Option]
    var diagnostics: [DiagnosticRow]
    var hasDiagnostics: Bool
    var today: String
}

/// A patient's page: details, drafts and every issued handout.
struct PatientPage: Sendable {
    struct DraftRow: Sendable {
        var name: String
        var sessionDate: String
        var editLink: String
        var issueAction: String
        var unconfirmedEmail: String?
        /// The handout this draft was issued as, as it is now (nil: not issued yet, or changed since).
        var issuedAs: String?
        var issuedLink: String?
    }
    struct ExerciseRow: Sendable {
        var title: String
        var version: Int
    }
    struct ChangeRow: Sendable {
        var id: String
        var issuedVersion: Int
        var version: Int
        var safety: Bool
        var date: String
        var note: String
    }
    struct HandoutRow: Sendable {
        var folder: String
        var date: String
        var shownPath: String
        var reference: String?
        var exercises: [ExerciseRow]
        var sent: Bool
        var sentLine: String?
        var failedLine: String?
        var outdated: Bool
        var safety: Bool
        var changes: [ChangeRow]
        var openLink: String
        var printLink: String
        var emlLink: String
        var canEmail: Bool
        var sendLink: String
        var newProgramAction: String
        var isLatest: Bool
        var isIssued: Bool
    }
    var id: String
    var name: String
    var preferredName: String?
    var email: String?
    var link: String
    var lastVisit: String?
    var notice: String?
    var diagnostics: [DiagnosticRow]
    var hasDiagnostics: Bool
    var drafts: [DraftRow]
    var hasDrafts: Bool
    var handouts: [HandoutRow]
    var hasHandouts: Bool
    var handoutCount: String
    var safetyCount: Int
    var hasSafety: Bool
}

/// URLs of patients and their handouts. A patient id goes into a URL percent-encoded (every byte but
/// letters, digits, `-`, `.`, `_` and `~`), so it is always one path segment; coming back it is only
/// ever looked up among the known patients, never used as a path.
enum PatientLinks {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func patient(_ id: String) -> String { "/patients/\(encode(id))" }
    static func handout(_ id: String, _ folder: String) -> String { "\(patient(id))/handouts/\(folder)" }
    static func draft(_ id: String, _ name: String) -> String { "\(patient(id))/plans/\(name)" }
}

extension DeskRoutes {
    /// `/` (the patients list), `/patients/new`, `/patients/{pid}` (a patient's page), issuing a
    /// draft, and starting a new program from an issued handout.
    static func addPatients(to router: Router<DeskContext>, desk: Desk) {
        router.get("/") { request, context -> Response in
            let query = FormData.parse(request.uri.query ?? "").text("q") ?? ""
            var diagnostics = DiagnosticList()
            let everyone = PatientRecords.all(store: desk.store, project: desk.host.project, catalogue: desk.snapshot().0?.catalogue, into: &diagnostics)
            let found = PatientRecords.search(everyone, query)
            let rows = found.map { patient in
                PatientsPage.Row(id: patient.id, name: patient.name, lastVisit: patient.lastVisit ?? "", hasLastVisit: patient.lastVisit != nil,
                                 handouts: patient.handouts.count, drafts: patient.openDrafts, hasDrafts: patient.openDrafts > 0,
                                 safety: patient.safety, outdated: patient.outdatedCount, isOutdated: patient.outdatedCount > 0 && !patient.safety,
                                 link: PatientLinks.patient(patient.id))
            }
            let noun = { (n: Int) in n == 1 ? "1 patient" : "\(n) patients" }
            let count = query.isEmpty ? noun(everyone.count) : "\(found.count) of \(noun(everyone.count))"
            return desk.pages.page("patients", title: "Patients", context: context,
                                   PatientsPage(query: query, hasQuery: !query.isEmpty, rows: rows, isEmpty: rows.isEmpty, count: count,
                                                total: everyone.count, noneYet: everyone.isEmpty))
        }

        router.get("/patients/new") { _, context -> Response in
            newPatientPage(desk: desk, context: context, form: FormData(), diagnostics: DiagnosticList())
        }

        router.post("/patients/new") { _, context -> Response in
            let form = context.form
            let patient = PlanDrafts.NewPatient(id: form.text("id") ?? "", name: form.text("name") ?? "",
                                                preferredName: form.text("preferred-name"), email: form.text("email"),
                                                language: form.text("language") ?? "en", practitioner: context.user,
                                                exercises: form.values("exercise").filter { !$0.isEmpty })
            var diagnostics = DiagnosticList()
            if patient.id.isEmpty { diagnostics.error(SourceLocation(file: "new patient"), "give the patient's id", hint: "the clinic's own id, such as hp-0301; it names the patient's folder") }
            if patient.name.isEmpty { diagnostics.error(SourceLocation(file: "new patient"), "give the patient's name") }
            if patient.id == "new" {  // `/patients/new` is this form
                diagnostics.error(SourceLocation(file: "new patient"), "the id 'new' is taken by the desk itself", hint: "choose another id")
            }
            if !diagnostics.hasErrors {
                var known = DiagnosticList()
                if PatientRecords.patient(id: patient.id, store: desk.store, project: desk.host.project, catalogue: desk.snapshot().0?.catalogue, into: &known) != nil {
                    diagnostics.error(SourceLocation(file: "new patient"), "a patient with the id '\(patient.id)' already exists",
                                      hint: "open that patient from the list, or choose another id")
                }
            }
            if !diagnostics.hasErrors, let draft = PlanDrafts.newPatient(patient, store: desk.store, today: desk.today, into: &diagnostics) {
                return PageRenderer.redirect(PatientLinks.draft(patient.id, draft.name))
            }
            return newPatientPage(desk: desk, context: context, form: form, diagnostics: diagnostics, status: .unprocessableContent)
        }

        router.get("/patients/:pid") { request, context -> Response in
            let patient = try lookUp(context, desk: desk)
            let query = FormData.parse(request.uri.query ?? "")
            var notice: String?
            if let issued = query["issued"], let handout = patient.handouts.first(where: { $0.folder == issued }) {
                notice = "Issued: \(handout.shownPath)/"
            } else if let draft = query["started"], patient.drafts.contains(where: { $0.name == draft }) {
                notice = "New draft \(draft) saved."
            }
            return patientPage(desk: desk, context: context, patient: patient, notice: notice, diagnostics: DiagnosticList())
        }

        // Issuing a draft: the same call as `hep render` of that plan, into the same store.
        router.post("/patients/:pid/plans/:draft/issue") { _, context -> Response in
            // Only the draft is read to issue it; the patient's whole record (every handout, checked
            // against the catalogue) only when a page must be shown.
            guard let raw = context.parameters.get("pid"), let id = raw.removingPercentEncoding, !id.isEmpty,
                  let name = context.parameters.get("draft"), let draft = PlanDrafts.draft(store: desk.store, patientID: id, name: name) else {
                throw HTTPError(.notFound, message: "This patient has no such draft.")
            }
            var diagnostics = DiagnosticList()
            if context.form["confirm-email"] != nil {
                do {
                    let text = try PlanDrafts.load(store: desk.store, patientID: id, name: draft.name)
                    try PlanDrafts.save(text: try PlanDrafts.confirmingEmail(in: text), store: desk.store, patientID: id, name: draft.name)
                } catch {
                    diagnostics.error(SourceLocation(file: desk.host.project.displayPath(of: draft.url)), "cannot mark the address confirmed: \(error)")
                    return patientPage(desk: desk, context: context, patient: try lookUp(context, desk: desk), notice: nil, diagnostics: diagnostics, status: .unprocessableContent)
                }
            }
            let (snapshot, loading) = desk.snapshot()
            guard let snapshot else {
                return patientPage(desk: desk, context: context, patient: try lookUp(context, desk: desk), notice: nil, diagnostics: loading, status: .unprocessableContent)
            }
            let report = await HandoutIssuing.issue([draft.url], snapshot: snapshot, store: desk.store)
            guard report.succeeded, let folder = report.folders.first else {
                return patientPage(desk: desk, context: context, patient: try lookUp(context, desk: desk), notice: nil, diagnostics: report.diagnostics, status: .unprocessableContent)
            }
            desk.audit("issued", handout: folder, context: context)
            return PageRenderer.redirect(PatientLinks.patient(id) + "?issued=\(folder.lastPathComponent)")
        }

        // "New program from this one": the issued plan, dated today, as a new draft; then the editor.
        router.post("/patients/:pid/handouts/:folder/new-program") { _, context -> Response in
            let (patient, handout) = try lookUpHandout(context, desk: desk)
            do {
                let draft = try PlanDrafts.startFrom(handoutFolder: handout.url, store: desk.store, today: desk.today)
                return PageRenderer.redirect(PatientLinks.draft(patient.id, draft.name))
            } catch {
                var diagnostics = DiagnosticList()
                diagnostics.error(SourceLocation(file: handout.shownPath + "/"), "cannot start a new program: \(error)")
                return patientPage(desk: desk, context: context, patient: (try? lookUp(context, desk: desk)) ?? patient, notice: nil,
                                   diagnostics: diagnostics, status: .unprocessableContent)
            }
        }
    }

    /// The patient named by the `pid` path segment, or 404: only ever looked up among known patients.
    static func lookUp(_ context: DeskContext, desk: Desk, withChanges: Bool = true) throws -> PatientRecords.Patient {
        guard let raw = context.parameters.get("pid"), let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw HTTPError(.notFound, message: "No such patient.")
        }
        var diagnostics = DiagnosticList()
        guard let patient = PatientRecords.patient(id: id, store: desk.store, project: desk.host.project, withChanges: withChanges, catalogue: withChanges ? desk.snapshot().0?.catalogue : nil,
                                                   into: &diagnostics) else {
            throw HTTPError(.notFound, message: "No such patient.")
        }
        return patient
    }

    /// The patient and the issued handout named by `pid` and `folder`, or 404.
    /// (Without the catalogue check: these routes serve or send the handout, they do not show its state.)
    static func lookUpHandout(_ context: DeskContext, desk: Desk) throws -> (PatientRecords.Patient, PatientRecords.Handout) {
        let patient = try lookUp(context, desk: desk, withChanges: false)
        guard let folder = context.parameters.get("folder"), let handout = patient.handouts.first(where: { $0.folder == folder }) else {
            throw HTTPError(.notFound, message: "This patient has no such handout.")
        }
        return (patient, handout)
    }

    static func newPatientPage(desk: Desk, context: DeskContext, form: FormData, diagnostics: DiagnosticList,
                               status: HTTPResponse.Status = .ok) -> Response {
        let (snapshot, _) = desk.snapshot()
        var found = DiagnosticList()
        let chosen = Set(form.values("exercise"))
        let exercises = (snapshot?.catalogue.ids ?? []).compactMap { id -> NewPatientPage.Option? in
            guard let exercise = snapshot?.catalogue.load(id, into: &found), exercise.status?.rawValue != "draft" else { return nil }
            return NewPatientPage.Option(value: id, label: exercise.title, selected: chosen.contains(id))
        }.sorted { $0.label < $1.label }
        let language = form.text("language") ?? "en"
        let page = NewPatientPage(id: form.text("id") ?? "", name: form.text("name") ?? "", preferredName: form.text("preferred-name") ?? "",
                                  email: form.text("email") ?? "",
                                  languages: Plan.supportedLanguages.map { .init(value: $0, label: $0 == "en" ? "English" : $0, selected: $0 == language) },
                                  exercises: exercises, diagnostics: DiagnosticRow.rows(diagnostics), hasDiagnostics: !diagnostics.all.isEmpty,
                                  today: desk.today.description)
        return desk.pages.page("new-patient", title: "New patient", context: context, status: status, page)
    }

    static func patientPage(desk: Desk, context: DeskContext, patient: PatientRecords.Patient, notice: String?,
                            diagnostics: DiagnosticList, status: HTTPResponse.Status = .ok) -> Response {
        let drafts = patient.drafts.map { draft in
            PatientPage.DraftRow(name: draft.name, sessionDate: draft.sessionDate ?? draft.name, editLink: PatientLinks.draft(patient.id, draft.name),
                                 issueAction: PatientLinks.draft(patient.id, draft.name) + "/issue",
                                 unconfirmedEmail: unconfirmedEmail(draft), issuedAs: patient.issuedDrafts[draft.name],
                                 issuedLink: patient.issuedDrafts[draft.name].map { PatientLinks.handout(patient.id, $0) + "/" })
        }
        let handouts = patient.handouts.enumerated().map { index, handout in
            let link = PatientLinks.handout(patient.id, handout.folder)
            let sent = handout.sends.last { $0.result == "sent" }
            let failed = handout.sends.last.flatMap { $0.result == "failed" ? $0 : nil }
            return PatientPage.HandoutRow(
                folder: handout.folder, date: handout.sessionDate, shownPath: handout.shownPath, reference: handout.reference,
                exercises: handout.exercises.map { .init(title: $0.title, version: $0.version) },
                sent: handout.sent, sentLine: sent.map { "Sent \(SendPage.readable($0.utc)) to \($0.recipient)" },
                failedLine: failed.map { "Last attempt failed \(SendPage.readable($0.utc))" },
                outdated: !handout.changes.isEmpty, safety: handout.safety,
                changes: handout.changes.sorted { $0.safety && !$1.safety }.map {
                    .init(id: $0.id, issuedVersion: $0.issuedVersion, version: $0.version, safety: $0.safety, date: $0.date, note: $0.note)
                },
                openLink: link + "/", printLink: link + "/print", emlLink: link + "/handout.eml", canEmail: handout.email != nil,
                sendLink: link + "/send", newProgramAction: link + "/new-program", isLatest: index == 0,
                isIssued: notice == "Issued: \(handout.shownPath)/")
        }
        let count = patient.handouts.count
        let page = PatientPage(id: patient.id, name: patient.name, preferredName: patient.preferredName, email: patient.email,
                               link: PatientLinks.patient(patient.id), lastVisit: patient.lastVisit, notice: notice,
                               diagnostics: DiagnosticRow.rows(diagnostics), hasDiagnostics: !diagnostics.all.isEmpty,
                               drafts: drafts, hasDrafts: !drafts.isEmpty, handouts: handouts, hasHandouts: !handouts.isEmpty,
                               handoutCount: count == 1 ? "1 handout" : "\(count) handouts",
                               safetyCount: patient.handouts.filter(\.safety).count, hasSafety: patient.safety)
        return desk.pages.page("patient", title: patient.name, context: context, status: status, page)
    }

    /// The draft's address when it has one that is not yet confirmed.
    static func unconfirmedEmail(_ draft: PlanDrafts.Draft) -> String? {
        guard let text = try? String(contentsOf: draft.url, encoding: .utf8) else { return nil }
        let fields = PatientRecords.patientFields(text)
        return fields.confirmed ? nil : fields.email
    }
}
