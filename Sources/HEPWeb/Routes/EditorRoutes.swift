import Foundation
import HEPKit
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// The plan editor's view model (templates see stored properties only).
struct EditorPage: Sendable {
    struct Option: Sendable { var value: String; var label: String; var selected: Bool }
    struct Check: Sendable { var id: String; var name: String; var checked: Bool; var field: String }
    struct Term: Sendable { var id: String; var label: String }
    struct MuscleRow: Sendable {
        var index: Int; var number: Int; var muscle: String; var sides: [Option]; var statuses: [Option]; var test: String; var note: String
        var isBlank: Bool; var removeOp: String
        /// The plan's errors on this row (`hep check`'s messages).
        var errors: [String] = []
    }
    struct PainRow: Sendable {
        var index: Int; var number: Int; var region: String; var sides: [Option]; var score: String; var note: String; var isBlank: Bool; var removeOp: String
        var errors: [String] = []
    }
    struct DoseField: Sendable { var name: String; var field: String; var label: String; var value: String; var placeholder: String; var fieldID: String }
    struct ExerciseRow: Sendable {
        var index: Int; var number: Int; var id: String; var title: String; var phase: String; var known: Bool
        var version: String; var sides: [Option]; var dose: [DoseField]; var hidden: [DoseField]; var note: String; var addresses: [Option]
        var defaultDose: String; var upOp: String; var downOp: String; var removeOp: String; var isFirst: Bool; var isLast: Bool
        var errors: [String] = []
    }
    struct Suggestion: Sendable { var id: String; var title: String; var phase: String; var side: String; var reason: String; var inPlan: Bool; var addOp: String }
    struct SuggestionGroup: Sendable { var heading: String; var items: [Suggestion]; var isEmpty: Bool }
    struct Result: Sendable { var id: String; var title: String; var phase: String; var purpose: String; var inPlan: Bool; var addOp: String }

    var base: String
    /// The draft's revision when the form was filled (`PlanDrafts.revision`), sent back on save.
    var revision: String = ""
    var patientID: String
    var patientLink: String
    var draftName: String
    var notice: String?
    var error: String?
    var openErrors: [DiagnosticRow]
    /// The plan's errors beside their fields (rows carry their own).
    var fieldErrors = EditorFieldErrors()
    var canEditForm: Bool
    var heading: String
    // Patient and session.
    var name: String
    var preferredName: String
    var email: String
    var emailConfirmed: Bool
    var languages: [Option]
    var sessionDate: String
    var practitioner: String
    // Findings.
    var muscles: [MuscleRow]
    var pain: [PainRow]
    var movement: String
    var notes: String
    var goals: String
    var advice: String
    var conditions: [Check]
    var conditionsOpen: Bool
    /// The plan's conditions in order (`conditions.order`).
    var conditionsOrder: String = ""
    var equipment: [Check]
    var painLimit: String
    var keepOrder: Bool
    var followUp: String
    // Exercises.
    var exercises: [ExerciseRow]
    var hasExercises: Bool
    var suggestionGroups: [SuggestionGroup]
    var suggestionsShown: Bool
    var hasPicks: Bool
    var suggestionsNote: String?
    var search: SearchBox
    var results: [Result]
    var searched: Bool
    var noResults: Bool
    var packs: [Option]
    var hasPacks: Bool
    // Beside the plan.
    var warnings: [DiagnosticRow]
    var hasWarnings: Bool
    var summary: String
    var previewURL: String
    var canPreview: Bool
    var muscleTerms: [Term]
    var regionTerms: [Term]

    struct SearchBox: Sendable {
        var q: String; var phases: [Option]; var regions: [Option]; var targets: [Option]; var conditions: [Option]; var own: Bool
    }
}

/// The fields of the editor's form, read into a draft.
enum EditorForm {
    static let sides = ["left", "right", "both"]
    static let exerciseSides = ["both", "each", "left", "right"]
    static let statuses = ["inhibited", "overactive"]
    /// The dose fields shown on each exercise (rest and tempo are kept as written, hidden).
    static let shownDose: [(key: String, label: String)] = [("sets", "Sets"), ("reps", "Reps"), ("seconds", "Seconds"), ("hold", "Hold (s)"),
                                                           ("per-day", "Times a day"), ("days-per-week", "Days a week")]
    static let hiddenDose = ["rest", "tempo"]

    /// Lines of a textarea as list items (blank lines dropped).
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The draft the form describes. `base` supplies what the form does not show (the patient's id);
    /// a dose field equal to the catalogue's default is not written unless the plan already said so.
    static func draft(_ form: FormData, base: PlanDraft, catalogue: ExerciseCatalogue) -> PlanDraft {
        var draft = base
        draft.patient.name = form["patient.name"] ?? base.patient.name
        draft.patient.preferredName = form["patient.preferred-name"] ?? ""
        draft.patient.email = form["patient.email"] ?? ""
        draft.patient.emailConfirmed = form["patient.email-confirmed"] == "true"
        let language = form["patient.language"] ?? base.patient.language
        draft.patient.language = language == "en" && base.patient.language.isEmpty ? "" : language  // English is the default; not written unless chosen
        draft.sessionDate = form["session.date"] ?? base.sessionDate
        draft.practitioner = form["session.practitioner"] ?? ""
        let column = { (name: String, count: Int) -> [String] in
            let values = form.values(name)
            return (0..<count).map { $0 < values.count ? values[$0] : "" }
        }
        let muscleCount = form.values("m.muscle").count
        let (mMuscle, mSide, mStatus, mTest, mNote) = (column("m.muscle", muscleCount), column("m.side", muscleCount), column("m.status", muscleCount),
                                                       column("m.test", muscleCount), column("m.note", muscleCount))
        draft.muscles = (0..<muscleCount).compactMap { index in
            let muscle = mMuscle[index].trimmingCharacters(in: .whitespaces)
            guard !muscle.isEmpty else { return nil }
            return PlanDraft.Muscle(muscle: muscle, side: mSide[index], status: mStatus[index], test: mTest[index], note: mNote[index])
        }
        let painCount = form.values("p.region").count
        let (pRegion, pSide, pScore, pNote) = (column("p.region", painCount), column("p.side", painCount), column("p.score", painCount), column("p.note", painCount))
        draft.pain = (0..<painCount).compactMap { index in
            let region = pRegion[index].trimmingCharacters(in: .whitespaces)
            guard !region.isEmpty else { return nil }
            return PlanDraft.Pain(region: region, side: pSide[index], score: pScore[index], note: pNote[index])
        }
        draft.movement = lines(form["movement"])
        draft.notes = lines(form["notes"])
        draft.goals = lines(form["goals"])
        draft.advice = lines(form["advice"])
        // Ticked boxes in the plan's own order, new ones after.
        let keepingOrder = { (chosen: [String], before: [String]) -> [String] in
            before.filter(chosen.contains) + chosen.filter { !before.contains($0) }
        }
        // The conditions' order matters (the handout's red flags follow it, first condition first): the
        // practitioner gives it in `conditions.order` (ids, most important first); ticked ones it does not name follow.
        let order = (form["conditions.order"] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        let ticked = form.values("conditions")
        let ordered = order.enumerated().filter { ticked.contains($0.element) && !order[..<$0.offset].contains($0.element) }.map(\.element)
        draft.conditions = ordered + keepingOrder(ticked.filter { !ordered.contains($0) }, base.conditions.filter { !ordered.contains($0) })
        draft.equipment = keepingOrder(form.values("equipment"), base.equipment)
        draft.painLimit = form["pain-limit"] ?? ""
        draft.keepOrder = form["keep-order"] == "true"
        draft.followUp = form["follow-up"] ?? ""
        let ids = form.values("x.id")
        let count = ids.count
        let doseKeys = shownDose.map(\.key) + hiddenDose
        let doseColumns = Dictionary(uniqueKeysWithValues: doseKeys.map { ($0, column("x.\($0)", count)) })
        let (xVersion, xSide, xNote, xAddresses) = (column("x.version", count), column("x.side", count), column("x.note", count), column("x.addresses", count))
        var previous = Dictionary(base.exercises.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        draft.exercises = (0..<count).compactMap { index in
            let id = ids[index].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { return nil }
            var exercise = PlanDraft.Exercise(id: id, side: xSide[index], addresses: xAddresses[index], note: xNote[index])
            exercise.version = xVersion[index]
            let before = previous.removeValue(forKey: id)
            var diagnostics = DiagnosticList()
            let defaults = catalogue.files[id] != nil ? catalogue.load(id, into: &diagnostics)?.dosage : nil
            for key in doseKeys {
                let value = doseColumns[key]![index].trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { continue }
                if let given = before?.dosage[key], given == value {
                    exercise.dosage[key] = value  // as the plan said
                } else if let defaults, defaultValue(key, defaults) == value {
                    continue  // the catalogue's default: nothing to write
                } else {
                    exercise.dosage[key] = value
                }
            }
            if let defaults, exercise.side == defaults.side.rawValue, before?.side != exercise.side { exercise.side = "" }
            return exercise
        }
        return draft
    }

    /// A catalogue default dose value as the form shows it ("" when the default has none).
    static func defaultValue(_ key: String, _ dose: Dosage) -> String {
        switch key {
        case "sets": String(dose.sets)
        case "reps": dose.reps.map(String.init) ?? ""
        case "seconds": dose.seconds.map(String.init) ?? ""
        case "hold": dose.hold.map(String.init) ?? ""
        case "rest": dose.rest.map(String.init) ?? ""
        case "tempo": dose.tempo?.description ?? ""
        case "per-day": String(dose.perDay)
        case "days-per-week": String(dose.daysPerWeek)
        default: ""
        }
    }

    /// What a row button asks for (`op`), applied to the draft. Returns the anchor to go back to.
    static func apply(_ op: String, to draft: inout PlanDraft, snapshot: ProjectSnapshot, packs: Project) -> (anchor: String, notice: String?, error: String?) {
        let parts = op.split(separator: ":", maxSplits: 1).map(String.init)
        let verb = parts.first ?? ""
        let argument = parts.count > 1 ? parts[1] : ""
        let index = Int(argument) ?? -1
        switch verb {
        case "up" where index > 0 && index < draft.exercises.count:
            draft.exercises.swapAt(index, index - 1)
            return ("x\(index - 1)", nil, nil)
        case "down" where index >= 0 && index + 1 < draft.exercises.count:
            draft.exercises.swapAt(index, index + 1)
            return ("x\(index + 1)", nil, nil)
        case "remove-x" where draft.exercises.indices.contains(index):
            let removed = draft.exercises.remove(at: index)
            return ("exercises", "Removed \(removed.id).", nil)
        case "remove-m" where draft.muscles.indices.contains(index):
            draft.muscles.remove(at: index)
            return ("findings", nil, nil)
        case "remove-p" where draft.pain.indices.contains(index):
            draft.pain.remove(at: index)
            return ("findings", nil, nil)
        case "add":
            // add:ID|SIDE|ADDRESSES (from a suggestion or a search result)
            let fields = argument.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard let id = fields.first, snapshot.catalogue.files[id] != nil else { return ("exercises", nil, "That exercise is not in the catalogue.") }
            if draft.exercises.contains(where: { $0.id == id }) { return ("exercises", "\(id) is already in the plan.", nil) }
            var exercise = PlanDraft.Exercise(id: id)
            if fields.count > 1, EditorForm.exerciseSides.contains(fields[1]) { exercise.side = fields[1] }
            if fields.count > 2 { exercise.addresses = fields[2] }
            var diagnostics = DiagnosticList()
            if let defaults = snapshot.catalogue.load(id, into: &diagnostics)?.dosage, exercise.side == defaults.side.rawValue { exercise.side = "" }
            draft.exercises.append(exercise)
            return ("x\(draft.exercises.count - 1)", "Added \(id).", nil)
        case "pack":
            var diagnostics = DiagnosticList()
            guard let pack = PlanPacks.load(argument, project: packs, catalogue: snapshot.catalogue, into: &diagnostics) else {
                return ("exercises", nil, diagnostics.sorted.first.map { "\(DiagnosticRow($0).location): \($0.message)" } ?? "No such pack.")
            }
            let before = draft.exercises.count
            draft = PlanPacks.start(draft, from: pack)
            return ("exercises", "Added \(draft.exercises.count - before) exercises from the pack “\(pack.title)”.", nil)
        default:
            return ("", nil, nil)
        }
    }
}

extension DeskRoutes {
    /// The patient id (percent-decoded, as the patients pages link it) and the draft name from the
    /// URL. The id reaches the file system only through `PlanDrafts` (`HandoutStore.safeFolderName`),
    /// and the name only when it is a draft name (`2026-12-02`, `2026-12-02-2`); anything else is 404.
    static func draftAddress(_ context: DeskContext) throws -> (pid: String, draft: String) {
        guard let raw = context.parameters.get("pid"), let pid = raw.removingPercentEncoding, !pid.isEmpty, pid.count <= 200,
              let draft = context.parameters.get("draft"), PlanDrafts.isValidName(draft) else {
            throw HTTPError(.notFound, message: "There is no such plan.")
        }
        return (pid, draft)
    }

    /// The Content-Security-Policy of a handout shown in the editor's preview frame: its own inline
    /// `<style>` (the handout is the email's HTML), nothing else, framed only by the desk, sandboxed.
    /// `allow-same-origin` keeps the frame on the desk's origin so that its pictures load (an opaque
    /// origin matches no `img-src 'self'` and is refused by `Cross-Origin-Resource-Policy: same-origin`);
    /// scripts stay off (no `allow-scripts`, and `default-src 'none'`).
    static let previewPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox allow-same-origin"

    static func previewResponse(_ html: String) -> Response {
        var response = PageRenderer.htmlResponse(html)
        response.headers[.contentSecurityPolicy] = previewPolicy
        response.headers[HTTPField.Name("X-Frame-Options")!] = "SAMEORIGIN"
        return response
    }

    /// A short page for the preview frame when there is nothing to show yet (same policy).
    static func previewMessage(_ title: String, _ rows: [DiagnosticRow]) -> Response {
        let items = rows.filter(\.isError).prefix(8).map { "<li>\(HTMLText.escape($0.location)): \(HTMLText.escape($0.message))</li>" }.joined()
        let html = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title>
        <style>body{font:16px/1.45 system-ui,sans-serif;color:#50575e;margin:24px}h1{font-size:1.1rem;color:#1d2327}</style></head>
        <body><h1>\(HTMLText.escape(title))</h1><ul>\(items)</ul></body></html>
        """
        return previewResponse(html)
    }

    /// `/patients/{pid}/plans/{draft}` and its preview, pictures, pack and search actions.
    static func addEditor(to router: Router<DeskContext>, desk: Desk) {
        router.get("/patients/:pid/plans/:draft") { request, context -> Response in
            let (pid, name) = try draftAddress(context)
            let text = try loadDraft(desk, pid, name)
            let query = request.uri.queryParameters
            var notice: String? = query.get("saved") != nil ? "Saved." : nil
            if let message = query.get("notice"), !message.isEmpty { notice = (notice.map { $0 + " " } ?? "") + message }
            return await editorPage(desk: desk, context: context, pid: pid, name: name, text: text, notice: notice,
                                    error: query.get("error"), query: query)
        }

        router.post("/patients/:pid/plans/:draft") { _, context -> Response in
            let (pid, name) = try draftAddress(context)
            let text = try loadDraft(desk, pid, name)
            // Never a silent overwrite: a form opened before the file last changed is refused,
            // and the newer version is shown.
            if let revision = context.form["revision"], revision != PlanDrafts.revision(of: text) {
                var response = await editorPage(desk: desk, context: context, pid: pid, name: name, text: text, notice: nil,
                                                error: "Nothing was saved: this plan was changed since you opened it (in another tab, by someone else or in a text editor). This is the newer version; make your change again.",
                                                query: .init())
                response.status = .conflict
                return response
            }
            let (snapshot, problems) = desk.snapshot()
            guard let snapshot else { return projectBroken(desk, context, problems) }
            let base: PlanDraft
            do { base = try PlanDraft(text: text, file: name) } catch { return PageRenderer.redirect(editorURL(pid, name)) }
            var draft = EditorForm.draft(context.form, base: base, catalogue: snapshot.catalogue)
            var anchor = "top"
            var message: String?
            var failure: String?
            var searchQuery = ""
            if let op = context.form["op"] {
                if op == "search" {
                    anchor = "search"
                    searchQuery = ["q", "phase", "region", "target", "condition", "own"].compactMap { key in
                        guard let value = context.form.text("s.\(key)") else { return nil }
                        return "\(key)=\(percent(value))"
                    }.joined(separator: "&")
                } else if op == "suggest" {
                    anchor = "suggestions"
                    searchQuery = "suggest=1"
                } else if op == "add-picks" {
                    // The top pick for each finding not yet covered, as `hep suggest --write` adds them.
                    var found = DiagnosticList()
                    let groups = await DraftSuggestions.suggestions(for: draft, snapshot: snapshot, into: &found) ?? []
                    let picks = Suggester.picks(groups).filter { pick in !draft.exercises.contains { $0.id == pick.exercise.id } }
                    draft.exercises += picks.map(DraftSuggestions.exercise(for:))
                    anchor = "exercises"
                    searchQuery = "suggest=1"
                    message = picks.isEmpty ? "Every finding already has an exercise in the plan."
                        : "Added \(picks.map(\.exercise.id).joined(separator: ", "))."
                } else {
                    let op = op == "pack" ? "pack:" + (context.form["pack.name"] ?? "") : op
                    let outcome = EditorForm.apply(op, to: &draft, snapshot: snapshot, packs: snapshot.project)
                    if !outcome.anchor.isEmpty { anchor = outcome.anchor }
                    message = outcome.notice
                    failure = outcome.error
                    if op.hasPrefix("add:") { searchQuery = "suggest=1" }
                }
            }
            // Nothing is saved while the plan has an error: the form is shown again as it was posted
            // (with the row button's change applied), each error beside its field.
            let edited = draft.text(keeping: text)
            let review = PlanReview.review(text: edited, file: shownFile(desk, snapshot, pid, name), snapshot: snapshot, store: desk.store, render: false)
            if !EditorErrors.blocking(review.diagnostics, draft: draft).isEmpty {
                var refusal = "Nothing was saved: fix the errors marked below."
                if let message { refusal += " (\(message) It is in the form below, not saved yet.)" }
                if let failure { refusal += " \(failure)" }
                var response = await editorPage(desk: desk, context: context, pid: pid, name: name, text: edited, savedText: text, notice: nil,
                                                error: refusal, query: URI("/?" + searchQuery).queryParameters)
                response.status = .unprocessableContent
                return response
            }
            do {
                try PlanDrafts.save(text: edited, store: desk.store, patientID: pid, name: name)
            } catch {
                return await editorPage(desk: desk, context: context, pid: pid, name: name, text: text, notice: nil,
                                        error: "The plan was not saved: \(error)", query: .init())
            }
            var parts = ["saved=1"]
            if let message { parts.append("notice=\(percent(message))") }
            if let failure { parts.append("error=\(percent(failure))") }
            if !searchQuery.isEmpty { parts.append(searchQuery) }
            return PageRenderer.redirect(editorURL(pid, name) + "?" + parts.joined(separator: "&") + "#" + anchor)
        }

        // The handout as the patient will get it: the saved draft (GET) or the form as it is now (POST).
        router.get("/patients/:pid/plans/:draft/preview") { _, context -> Response in
            let (pid, name) = try draftAddress(context)
            let text = try loadDraft(desk, pid, name)
            return preview(desk, desk.snapshot(), pid: pid, name: name, text: text)
        }
        router.post("/patients/:pid/plans/:draft/preview") { _, context -> Response in
            let (pid, name) = try draftAddress(context)
            let text = try loadDraft(desk, pid, name)
            let loaded = desk.snapshot()
            guard let snapshot = loaded.0, let base = try? PlanDraft(text: text, file: name) else {
                return preview(desk, loaded, pid: pid, name: name, text: text)
            }
            let edited = EditorForm.draft(context.form, base: base, catalogue: snapshot.catalogue).text(keeping: text, openedAs: base)
            return preview(desk, loaded, pid: pid, name: name, text: edited)
        }
        // The pictures the preview links (`images/<name>`), from the catalogue.
        router.get("/patients/:pid/plans/:draft/images/:image") { _, context -> Response in
            _ = try draftAddress(context)
            guard let image = context.parameters.get("image"), let data = await catalogueImage(desk, image) else {
                throw HTTPError(.notFound, message: "No such picture.")
            }
            return Response(status: .ok, headers: [.contentType: image.hasSuffix(".png") ? "image/png" : "image/jpeg"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    static func editorURL(_ pid: String, _ name: String) -> String { "/patients/\(percent(pid))/plans/\(name)" }

    /// Percent-encoding of everything but ASCII letters, digits and `-._~` (a path segment or a
    /// query value), as the patients pages encode ids.
    static func percent(_ text: String) -> String { PatientLinks.encode(text) }

    static func loadDraft(_ desk: Desk, _ pid: String, _ name: String) throws -> String {
        do {
            return try PlanDrafts.load(store: desk.store, patientID: pid, name: name)
        } catch {
            throw HTTPError(.notFound, message: "There is no such plan.")
        }
    }

    static func projectBroken(_ desk: Desk, _ context: DeskContext, _ problems: DiagnosticList) -> Response {
        let first = problems.sorted.first.map { "\(DiagnosticRow($0).location): \($0.message)" } ?? "the project could not be loaded"
        return PageRenderer.errorResponse(status: .internalServerError, message: "The project has errors, so plans cannot be edited: \(first)")
    }

    /// The draft file as `hep check` and `hep render` show it (relative to the project when inside it).
    static func shownFile(_ desk: Desk, _ snapshot: ProjectSnapshot, _ pid: String, _ name: String) -> String {
        snapshot.project.displayPath(of: PlanDrafts.folder(store: desk.store, patientID: pid).appendingPathComponent(name + ".yaml"))
    }

    static func preview(_ desk: Desk, _ loaded: (ProjectSnapshot?, DiagnosticList), pid: String, name: String, text: String) -> Response {
        let (snapshot, problems) = loaded
        guard let snapshot else { return previewMessage("The project has errors, so there is no preview.", DiagnosticRow.rows(problems)) }
        let review = PlanReview.review(text: text, file: shownFile(desk, snapshot, pid, name), snapshot: snapshot, store: desk.store, render: true)
        guard let html = review.handoutHTML else {
            return previewMessage("Fix the plan's errors to see the handout.", DiagnosticRow.rows(review.diagnostics))
        }
        return previewResponse(html)
    }

    static func catalogueImage(_ desk: Desk, _ name: String) async -> [UInt8]? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].count == 16, parts[0].allSatisfy({ $0.isHexDigit }), ["png", "jpg"].contains(String(parts[1])),
              let snapshot = desk.snapshot().0 else { return nil }
        var ignored = DiagnosticList()
        await snapshot.catalogue.loadAll(into: &ignored)
        return snapshot.catalogue.loaded.lazy.flatMap(\.images).first { $0.outputName == name }?.data
    }

    /// The editor for a draft's text.
    /// `savedText` is the file as saved when `text` is a refused edit (shown, not saved): the form's
    /// revision stays the file's.
    static func editorPage(desk: Desk, context: DeskContext, pid: String, name: String, text: String, savedText: String? = nil,
                           notice: String?, error: String?, query: Parameters) async -> Response {
        let (snapshot, problems) = desk.snapshot()
        guard let snapshot else { return projectBroken(desk, context, problems) }
        let file = shownFile(desk, snapshot, pid, name)
        let draft: PlanDraft
        do {
            draft = try PlanDraft(text: text, file: file)
        } catch {
            let page = emptyPage(pid: pid, name: name, openErrors: DiagnosticRow.rows(error.diagnostics))
            return desk.pages.page("editor", title: "Plan", context: context, page)
        }
        let vocabulary = snapshot.catalogue.vocabulary
        var page = emptyPage(pid: pid, name: name, openErrors: [])
        page.canEditForm = true
        page.revision = PlanDrafts.revision(of: savedText ?? text)
        page.notice = notice
        page.error = error
        page.name = draft.patient.name
        page.heading = draft.patient.name.isEmpty ? "Plan for a new patient" : "Plan for \(draft.patient.name)"
        page.preferredName = draft.patient.preferredName
        page.email = draft.patient.email
        page.emailConfirmed = draft.patient.emailConfirmed
        let language = draft.patient.language.isEmpty ? "en" : draft.patient.language
        page.languages = (Set(Plan.supportedLanguages).union([language])).sorted().map { .init(value: $0, label: $0, selected: $0 == language) }
        // A plan without a session date gets today's (the app writes the date; the renderer never reads the clock).
        page.sessionDate = draft.sessionDate.isEmpty ? desk.today.description : draft.sessionDate
        page.practitioner = draft.practitioner
        let options = { (values: [String], chosen: String, blank: String?) -> [EditorPage.Option] in
            (blank.map { [EditorPage.Option(value: "", label: $0, selected: chosen.isEmpty)] } ?? [])
                + (values.contains(chosen) || chosen.isEmpty ? values : values + [chosen]).map { .init(value: $0, label: $0, selected: $0 == chosen) }
        }
        page.muscles = (draft.muscles + [PlanDraft.Muscle()]).enumerated().map { index, muscle in
            let isBlank = index == draft.muscles.count
            return .init(index: index, number: index + 1, muscle: muscle.muscle, sides: options(EditorForm.sides, muscle.side, isBlank ? "Side" : nil),
                         statuses: options(EditorForm.statuses, muscle.status, isBlank ? "Status" : nil), test: muscle.test, note: muscle.note,
                         isBlank: isBlank, removeOp: "remove-m:\(index)")
        }
        page.pain = (draft.pain + [PlanDraft.Pain()]).enumerated().map { index, pain in
            .init(index: index, number: index + 1, region: pain.region, sides: options(EditorForm.sides, pain.side, "No side"), score: pain.score,
                  note: pain.note, isBlank: index == draft.pain.count, removeOp: "remove-p:\(index)")
        }
        page.movement = draft.movement.joined(separator: "\n")
        page.notes = draft.notes.joined(separator: "\n")
        page.goals = draft.goals.joined(separator: "\n")
        page.advice = draft.advice.joined(separator: "\n")
        let checks = { (kind: Vocabulary.Kind, chosen: [String], field: String) -> [EditorPage.Check] in
            let known = vocabulary.ids(kind)
            return (known + chosen.filter { !known.contains($0) }).map { id in
                EditorPage.Check(id: id, name: vocabulary.term(kind, id)?.name ?? id, checked: chosen.contains(id), field: field)
            }.sorted { $0.name.lowercased() < $1.name.lowercased() }
        }
        page.conditions = checks(.conditions, draft.conditions, "conditions")
        page.conditionsOpen = !draft.conditions.isEmpty
        page.conditionsOrder = draft.conditions.joined(separator: ", ")
        page.equipment = checks(.equipment, draft.equipment, "equipment")
        page.painLimit = draft.painLimit
        page.keepOrder = draft.keepOrder
        page.followUp = draft.followUp
        let findings = draft.muscles.map(\.muscle) + draft.pain.map(\.region)
        var loadProblems = DiagnosticList()
        page.exercises = draft.exercises.enumerated().map { index, exercise in
            let known = snapshot.catalogue.files[exercise.id] != nil
            let details = known ? snapshot.catalogue.load(exercise.id, into: &loadProblems) : nil
            let defaults = details?.dosage
            let dose = EditorForm.shownDose.map { key, label in
                let fallback = defaults.map { EditorForm.defaultValue(key, $0) } ?? ""
                return EditorPage.DoseField(name: key, field: "x.\(key)", label: label, value: exercise.dosage[key] ?? fallback,
                                            placeholder: fallback, fieldID: "x\(index)-\(key)")
            }
            let hidden = EditorForm.hiddenDose.map { key in
                EditorPage.DoseField(name: key, field: "x.\(key)", label: key, value: exercise.dosage[key] ?? "", placeholder: "", fieldID: "x\(index)-\(key)")
            }
            let side = exercise.side.isEmpty ? (defaults?.side.rawValue ?? "") : exercise.side
            let addressOptions = [EditorPage.Option(value: "", label: "No particular finding", selected: exercise.addresses.isEmpty)]
                + Array(Set(findings + (exercise.addresses.isEmpty ? [] : [exercise.addresses]))).sorted().map { id in
                    EditorPage.Option(value: id, label: vocabulary.term(.muscles, id)?.name ?? vocabulary.term(.regions, id)?.name ?? id, selected: id == exercise.addresses)
                }
            return .init(index: index, number: index + 1, id: exercise.id, title: details?.title ?? exercise.id, phase: details?.phase.rawValue ?? "unknown",
                         known: known, version: exercise.version, sides: options(EditorForm.exerciseSides, side, nil), dose: dose, hidden: hidden,
                         note: exercise.note, addresses: addressOptions, defaultDose: defaults.map(describe) ?? "",
                         upOp: "up:\(index)", downOp: "down:\(index)", removeOp: "remove-x:\(index)",
                         isFirst: index == 0, isLast: index == draft.exercises.count - 1)
        }
        page.hasExercises = !draft.exercises.isEmpty
        // Suggestions: shown once asked for (and after adding one), or at once when the plan has findings but no exercise.
        let wantsSuggestions = query.get("suggest") != nil || (draft.exercises.isEmpty && !(draft.muscles.isEmpty && draft.pain.isEmpty))
        if wantsSuggestions {
            page.suggestionsShown = true
            var found = DiagnosticList()
            if let groups = await DraftSuggestions.suggestions(for: draft, snapshot: snapshot, into: &found) {
                page.suggestionGroups = groups.map { group in
                    let items = group.suggestions.map { suggestion in
                        EditorPage.Suggestion(id: suggestion.exercise.id, title: suggestion.exercise.title, phase: suggestion.exercise.phase.rawValue,
                                              side: suggestion.side.rawValue, reason: suggestion.reason, inPlan: suggestion.inPlan || draft.exercises.contains { $0.id == suggestion.exercise.id },
                                              addOp: "add:\(suggestion.exercise.id)|\(suggestion.side.rawValue)|\(suggestion.addresses)")
                    }
                    return .init(heading: group.heading, items: items, isEmpty: items.isEmpty)
                }
                page.hasPicks = !Suggester.picks(groups).filter { pick in !draft.exercises.contains { $0.id == pick.exercise.id } }.isEmpty
                if groups.isEmpty { page.suggestionsNote = "Record a muscle or pain finding first: suggestions answer the findings." }
            } else {
                page.suggestionsNote = "Fix the plan's errors (beside the plan) to see suggestions."
            }
        }
        // Search.
        let phase = query.get("phase").flatMap(Phase.init(rawValue:))
        let filter = CatalogueQueries.Filter(phase: phase, region: query.get("region"), target: query.get("target"),
                                             condition: query.get("condition"), search: query.get("q"))
        let own = query.get("own") != nil
        let vocabularyOptions = { (kind: Vocabulary.Kind, chosen: String?, blank: String) -> [EditorPage.Option] in
            [EditorPage.Option(value: "", label: blank, selected: chosen == nil)] + vocabulary.ids(kind).map { id in
                EditorPage.Option(value: id, label: vocabulary.term(kind, id)?.name ?? id, selected: id == chosen)
            }.sorted { $0.label.lowercased() < $1.label.lowercased() }
        }
        page.search = .init(q: query.get("q") ?? "",
                            phases: [.init(value: "", label: "Any phase", selected: phase == nil)] + Phase.allCases.map { .init(value: $0.rawValue, label: $0.rawValue, selected: $0 == phase) },
                            regions: vocabularyOptions(.regions, filter.region, "Any region"), targets: vocabularyOptions(.muscles, filter.target, "Any muscle"),
                            conditions: vocabularyOptions(.conditions, filter.condition, "Any condition"), own: own)
        let searched = ["q", "phase", "region", "target", "condition", "own"].contains { query.get($0) != nil }
        if searched {
            var found = DiagnosticList()
            let results = await DraftSuggestions.search(filter, ownEquipmentOnly: own, draft: draft, catalogue: snapshot.catalogue, into: &found)
            page.results = results.prefix(40).map { exercise in
                .init(id: exercise.id, title: exercise.title, phase: exercise.phase.rawValue, purpose: exercise.purpose,
                      inPlan: draft.exercises.contains { $0.id == exercise.id }, addOp: "add:\(exercise.id)||")
            }
            page.searched = true
            page.noResults = results.isEmpty
        }
        page.packs = PlanPacks.names(in: snapshot.project).map { .init(value: $0, label: $0, selected: false) }
        page.hasPacks = !page.packs.isEmpty
        // Beside the plan: the same diagnostics as `hep check` of this file.
        let review = PlanReview.review(text: text, file: file, snapshot: snapshot, store: desk.store, render: false)
        fill(&page, review)
        placeErrors(&page, review.diagnostics, text: text)
        page.muscleTerms = vocabulary.ids(.muscles).map { id in
            let term = vocabulary.term(.muscles, id)
            return .init(id: id, label: [term?.name, term?.plain].compactMap { $0 }.joined(separator: " · "))
        }
        page.regionTerms = vocabulary.ids(.regions).map { id in
            let term = vocabulary.term(.regions, id)
            return .init(id: id, label: [term?.name, term?.plain].compactMap { $0 }.joined(separator: " · "))
        }
        var response = desk.pages.page("editor", title: draft.patient.name.isEmpty ? "Plan \(name)" : "Plan for \(draft.patient.name)", context: context, page)
        // The app's policy, plus the one thing this page needs: framing its own preview (`frame-src`
        // would otherwise fall back to `default-src 'none'`).
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.contentSecurityPolicy + "; frame-src 'self'"
        return response
    }

    static func fill(_ page: inout EditorPage, _ review: PlanReview.Result) {
        page.warnings = DiagnosticRow.rows(review.diagnostics)
        page.hasWarnings = !page.warnings.isEmpty
        page.canPreview = review.plan != nil && !review.diagnostics.hasErrors
        page.summary = page.canPreview
            ? "\(review.exercises) exercise\(review.exercises == 1 ? "" : "s"), about \(review.minutesPerDay) minute\(review.minutesPerDay == 1 ? "" : "s") a day"
            : "The plan has errors; it cannot be issued until they are fixed."
    }

    /// Each error of the plan beside the field or row its line belongs to, with `hep check`'s message.
    static func placeErrors(_ page: inout EditorPage, _ diagnostics: DiagnosticList, text: String) {
        for diagnostic in diagnostics.sorted where diagnostic.severity == .error {
            let key = EditorErrors.field(line: diagnostic.line, in: text)
            let parts = key.split(separator: ":")
            if parts.count == 2, let index = Int(parts[1]) {
                switch parts[0] {
                case "m" where page.muscles.indices.contains(index): page.muscles[index].errors.append(diagnostic.message); continue
                case "p" where page.pain.indices.contains(index): page.pain[index].errors.append(diagnostic.message); continue
                case "x" where page.exercises.indices.contains(index): page.exercises[index].errors.append(diagnostic.message); continue
                default: break
                }
            }
            page.fieldErrors.add(diagnostic.message, to: parts.count == 2 ? String(parts[0]) : key)
        }
    }

    static func describe(_ dose: Dosage) -> String {
        var parts: [String] = ["\(dose.sets) set\(dose.sets == 1 ? "" : "s")"]
        if let reps = dose.reps { parts.append("\(reps) reps") }
        if let seconds = dose.seconds { parts.append("\(seconds) s") }
        if let hold = dose.hold { parts.append("hold \(hold) s") }
        parts.append("\(dose.perDay)× a day")
        parts.append("\(dose.daysPerWeek) days a week")
        parts.append(dose.side.rawValue)
        return "Catalogue dose: " + parts.joined(separator: ", ")
    }

    static func emptyPage(pid: String, name: String, openErrors: [DiagnosticRow]) -> EditorPage {
        let base = editorURL(pid, name)
        return EditorPage(base: base, patientID: pid, patientLink: "/patients/\(percent(pid))", draftName: name, notice: nil, error: nil, openErrors: openErrors, canEditForm: false, heading: "Plan",
                          name: "", preferredName: "", email: "", emailConfirmed: false, languages: [], sessionDate: "", practitioner: "",
                          muscles: [], pain: [], movement: "", notes: "", goals: "", advice: "", conditions: [], conditionsOpen: false, equipment: [], painLimit: "",
                          keepOrder: false, followUp: "", exercises: [], hasExercises: false, suggestionGroups: [], suggestionsShown: false, hasPicks: false,
                          suggestionsNote: nil, search: .init(q: "", phases: [], regions: [], targets: [], conditions: [], own: false),
                          results: [], searched: false, noResults: false, packs: [], hasPacks: false, warnings: [], hasWarnings: false,
                          summary: "", previewURL: base + "/preview", canPreview: false, muscleTerms: [], regionTerms: [])
    }
}
