import Foundation
import HEPKit
import HTTPTypes
import Hummingbird

/// The send page's view model: the address to check, the send log, and what the last send did.
struct SendPage: Sendable {
    struct Attempt: Sendable {
        var when: String
        var result: String
        var isSent: Bool
        var isFailed: Bool
        var recipient: String
        var messageID: String
        var error: String?
    }
    var patientName: String
    var patientLink: String
    var date: String
    var shownPath: String
    var action: String
    var email: String?
    var hasEmail: Bool
    var confirmed: Bool
    var needsConfirmation: Bool
    var alreadySent: Bool
    var sentLine: String?
    var attempts: [Attempt]
    var hasAttempts: Bool
    var outcome: String?
    var diagnostics: [DiagnosticRow]
    var hasDiagnostics: Bool
    var openLink: String

    /// `2026-12-02T09:14:03Z` as `2 Dec 2026, 09:14 UTC`.
    static func readable(_ utc: String) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = utc.split(whereSeparator: { "-T:Z".contains($0) })
        guard parts.count >= 5, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return utc }
        return "\(day) \(months[month - 1]) \(parts[0]), \(parts[3]):\(parts[4]) UTC"
    }
}

extension DeskRoutes {
    /// A handout served as the patient sees it. It carries the inline `<style>` an email needs, so it
    /// gets its own policy: nothing but its own pictures and that style, no script, no forms, sandboxed
    /// (same origin kept only so its pictures load past `Cross-Origin-Resource-Policy`).
    static let handoutPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; "
        + "base-uri 'none'; form-action 'none'; sandbox allow-same-origin"
    /// The print view: the same, plus the app's own script that opens the browser's print dialog.
    static let printPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    /// `/patients/{pid}/handouts/{folder}/` (the handout), `.../images/{file}`, `.../print`,
    /// `.../handout.eml`, and `.../send`.
    static func addHandouts(to router: Router<DeskContext>, desk: Desk) {
        router.get("/patients/:pid/handouts/:folder") { request, context -> Response in
            let (_, handout) = try lookUpHandout(context, desk: desk)
            // The pictures are linked as `images/<name>`: serve the page at a folder URL so they resolve.
            guard request.uri.path.hasSuffix("/") else { return PageRenderer.redirect(request.uri.path + "/") }
            return try handoutPage(handout, policy: handoutPolicy, script: nil)
        }

        router.get("/patients/:pid/handouts/:folder/print") { _, context -> Response in
            let (_, handout) = try lookUpHandout(context, desk: desk)
            return try handoutPage(handout, policy: printPolicy, script: "/static/patients-print.js")
        }

        router.get("/patients/:pid/handouts/:folder/images/:file") { _, context -> Response in
            let (_, handout) = try lookUpHandout(context, desk: desk)
            // Only a picture the manifest lists: the name is matched, never joined into a path as given.
            guard let file = context.parameters.get("file"), let listed = handout.pictures.first(where: { $0 == "images/" + file }),
                  let data = FileManager.default.contents(atPath: handout.url.appendingPathComponent(listed).path) else {
                throw HTTPError(.notFound, message: "No such picture.")
            }
            let type = file.hasSuffix(".png") ? "image/png" : file.hasSuffix(".svg") ? "image/svg+xml" : file.hasSuffix(".jpg") || file.hasSuffix(".jpeg") ? "image/jpeg" : "application/octet-stream"
            return Response(status: .ok, headers: [.contentType: type, .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        router.get("/patients/:pid/handouts/:folder/handout.eml") { _, context -> Response in
            let (patient, handout) = try lookUpHandout(context, desk: desk)
            var diagnostics = DiagnosticList()
            let (snapshot, loading) = desk.snapshot()
            guard let snapshot else {
                return patientPage(desk: desk, context: context, patient: (try? lookUp(context, desk: desk)) ?? patient, notice: nil,
                                   diagnostics: loading, status: .unprocessableContent)
            }
            guard let bytes = PatientRecords.email(of: handout, snapshot: snapshot, into: &diagnostics) else {
                // The page shows each handout's state, so it is read again with the catalogue check.
                return patientPage(desk: desk, context: context, patient: (try? lookUp(context, desk: desk)) ?? patient, notice: nil,
                                   diagnostics: diagnostics, status: .unprocessableContent)
            }
            return Response(status: .ok, headers: [.contentType: "message/rfc822",
                                                   .contentDisposition: "attachment; filename=\"handout-\(handout.folder).eml\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }

        router.get("/patients/:pid/handouts/:folder/send") { _, context -> Response in
            let (patient, handout) = try lookUpHandout(context, desk: desk)
            return sendPage(desk: desk, context: context, patient: patient, handout: handout, outcome: nil, diagnostics: DiagnosticList())
        }

        // Sending: the same call as `hep send`. An address not yet confirmed in the handout's plan is
        // confirmed once here: `email-confirmed: true` is written into the plan's text (and into the
        // patient's drafts), and since an issued handout is never changed, that plan is issued again
        // (a new folder) and the new handout is the one sent.
        router.post("/patients/:pid/handouts/:folder/send") { _, context -> Response in
            var (patient, handout) = try lookUpHandout(context, desk: desk)
            var diagnostics = DiagnosticList()
            let (snapshot, loading) = desk.snapshot()
            guard let snapshot else {
                return sendPage(desk: desk, context: context, patient: patient, handout: handout, outcome: nil, diagnostics: loading, status: .unprocessableContent)
            }
            var reissued: String?
            if !handout.emailConfirmed {
                guard handout.email != nil else {
                    diagnostics.error(SourceLocation(file: handout.shownPath + "/plan.yaml"), "the patient has no email address; nothing was sent",
                                      hint: "add the patient's address to a new program, then \(.render) it")
                    return sendPage(desk: desk, context: context, patient: patient, handout: handout, outcome: nil, diagnostics: diagnostics, status: .unprocessableContent)
                }
                guard context.form["confirm"] != nil else {
                    diagnostics.error(SourceLocation(file: handout.shownPath + "/plan.yaml"), "the address is not confirmed yet; nothing was sent",
                                      hint: "tick “I have checked this address with the patient”, then \(.send)")
                    return sendPage(desk: desk, context: context, patient: patient, handout: handout, outcome: nil, diagnostics: diagnostics, status: .unprocessableContent)
                }
                switch await confirmAndReissue(handout, patient: patient, desk: desk, context: context, snapshot: snapshot, into: &diagnostics) {
                case .some(let folder):
                    var found = DiagnosticList()
                    guard let updated = PatientRecords.patient(id: patient.id, store: desk.store, project: desk.host.project, catalogue: desk.snapshot().0?.catalogue, into: &found),
                          let fresh = updated.handouts.first(where: { $0.url.standardizedFileURL.path == folder.standardizedFileURL.path }) else {
                        throw HTTPError(.internalServerError, message: "The handout was issued again but could not be read back.")
                    }
                    (patient, handout) = (updated, fresh)
                    reissued = fresh.shownPath
                case .none:
                    return sendPage(desk: desk, context: context, patient: patient, handout: handout, outcome: nil, diagnostics: diagnostics, status: .unprocessableContent)
                }
            }
            let resend = context.form["resend"] != nil
            let report = await HandoutSending.send([handout.url], snapshot: snapshot, dryRun: false, resend: resend)
            diagnostics.append(contentsOf: report.diagnostics)
            let sent = report.outcomes.contains { if case .sent = $0 { true } else { false } }
            desk.audit(sent ? "sent" : "not-sent", handout: handout.url, context: context)
            var outcome: String?
            for case .sent(_, let recipient, let messageID) in report.outcomes {
                outcome = "Sent to \(recipient) (Message-ID \(messageID))."
            }
            if let reissued, outcome != nil {
                outcome = "The address is now confirmed in the plan, which was issued again as \(reissued)/ (the earlier handout is kept as it was). " + (outcome ?? "")
            }
            var found = DiagnosticList()
            let updated = PatientRecords.patient(id: patient.id, store: desk.store, project: desk.host.project, catalogue: desk.snapshot().0?.catalogue, into: &found)
            let current = updated?.handouts.first { $0.folder == handout.folder } ?? handout
            return sendPage(desk: desk, context: context, patient: updated ?? patient, handout: current, outcome: outcome, diagnostics: diagnostics,
                            status: diagnostics.hasErrors ? .unprocessableContent : .ok)
        }
    }

    /// Writes `email-confirmed: true` into the handout's plan text and the patient's drafts that
    /// give the same address, and issues the confirmed plan again; the new folder, or nil.
    static func confirmAndReissue(_ handout: PatientRecords.Handout, patient: PatientRecords.Patient, desk: Desk, context: DeskContext,
                                  snapshot: ProjectSnapshot, into diagnostics: inout DiagnosticList) async -> URL? {
        let location = SourceLocation(file: handout.shownPath + "/plan.yaml")
        let confirmed: String
        do {
            let text = try String(contentsOf: handout.url.appendingPathComponent("plan.yaml"), encoding: .utf8)
            confirmed = try PlanDrafts.confirmingEmail(in: text)
        } catch {
            diagnostics.error(location, "cannot mark the address confirmed: \(error)")
            return nil
        }
        for draft in patient.drafts {
            guard let text = try? String(contentsOf: draft.url, encoding: .utf8), PatientRecords.patientFields(text).email == handout.email,
                  let edited = try? PlanDrafts.confirmingEmail(in: text), edited != text else { continue }
            _ = try? PlanDrafts.save(text: edited, store: desk.store, patientID: patient.id, name: draft.name)
        }
        // The confirmed plan is issued from a draft of its own, removed once issued.
        guard let date = try? CalendarDate.parse(handout.sessionDate).get() else {
            diagnostics.error(location, "the handout's session date cannot be read")
            return nil
        }
        let draft: PlanDrafts.Draft
        do {
            draft = try PlanDrafts.create(text: confirmed, store: desk.store, patientID: patient.id, date: date)
        } catch {
            diagnostics.error(location, "cannot write the confirmed plan: \(error)")
            return nil
        }
        defer { unlink(draft.url.path) }
        let report = await HandoutIssuing.issue([draft.url], snapshot: snapshot, store: desk.store)
        diagnostics.append(contentsOf: report.diagnostics)
        if report.succeeded, let folder = report.folders.first { desk.audit("issued", handout: folder, context: context) }
        return report.succeeded ? report.folders.first : nil
    }

    /// The handout's own HTML, byte for byte (or, for printing, with the print script added).
    static func handoutPage(_ handout: PatientRecords.Handout, policy: String, script: String?) throws -> Response {
        guard let data = FileManager.default.contents(atPath: handout.url.appendingPathComponent("handout.html").path) else {
            throw HTTPError(.notFound, message: "This handout has no handout.html.")
        }
        var bytes = data
        if let script, let html = String(data: data, encoding: .utf8), let head = html.range(of: "</head>") {
            var text = html
            text.insert(contentsOf: "<script src=\"\(script)\" defer></script>\n", at: head.lowerBound)
            bytes = Data(text.utf8)
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: policy],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func sendPage(desk: Desk, context: DeskContext, patient: PatientRecords.Patient, handout: PatientRecords.Handout,
                         outcome: String?, diagnostics: DiagnosticList, status: HTTPResponse.Status = .ok) -> Response {
        let link = PatientLinks.handout(patient.id, handout.folder)
        let sent = handout.sends.last { $0.result == "sent" }
        let attempts = handout.sends.reversed().map {
            SendPage.Attempt(when: SendPage.readable($0.utc), result: $0.result, isSent: $0.result == "sent", isFailed: $0.result == "failed",
                             recipient: $0.recipient, messageID: $0.messageID, error: $0.error)
        }
        let page = SendPage(patientName: patient.name, patientLink: PatientLinks.patient(patient.id), date: handout.sessionDate,
                            shownPath: handout.shownPath, action: link + "/send", email: handout.email, hasEmail: handout.email != nil,
                            confirmed: handout.emailConfirmed, needsConfirmation: handout.email != nil && !handout.emailConfirmed,
                            alreadySent: handout.sent, sentLine: sent.map { "Already sent on \(SendPage.readable($0.utc)) to \($0.recipient) (Message-ID \($0.messageID))." },
                            attempts: attempts, hasAttempts: !attempts.isEmpty, outcome: outcome,
                            diagnostics: DiagnosticRow.rows(diagnostics), hasDiagnostics: !diagnostics.all.isEmpty, openLink: link + "/")
        return desk.pages.page("send", title: "Send · \(patient.name)", context: context, status: status, page)
    }
}
