import Foundation
import HEPKit
import Hummingbird

/// The edit form's view model: the exercise's fields in groups, each with the `hep check`
/// diagnostics of the lines it holds.
struct ExerciseEditPage: Sendable {
    struct Field: Sendable {
        var name: String
        var htmlID: String
        var label: String
        var help: String?
        var value: String
        var isText: Bool
        var isArea: Bool
        var isSelect: Bool
        var isNumber: Bool
        var list: String?
        var rows: Int
        var options: [OptionRow]
        var diagnostics: [DiagnosticRow]
        var hasDiagnostics: Bool
        var hasError: Bool
    }
    struct Group: Sendable {
        var title: String
        var htmlID: String
        var fields: [Field]
        var diagnostics: [DiagnosticRow]
        var isDose: Bool
    }
    struct Step: Sendable {
        var number: Int
        var htmlID: String
        var label: String
        var value: String
        var diagnostics: [DiagnosticRow]
        var hasDiagnostics: Bool
        var hasError: Bool
    }
    struct Picture: Sendable {
        var number: Int
        var src: String
    }
    struct Datalist: Sendable {
        var htmlID: String
        var options: [OptionRow]
    }
    var id: String
    var title: String
    var file: String
    /// The fingerprint of the file the form was filled from (`ExerciseForm.stamp`).
    var base: String
    var action: String
    var checkAction: String
    var pictureAction: String
    var viewLink: String
    var groups: [Group]
    var steps: [Step]
    var stepsDiagnostics: [DiagnosticRow]
    var figures: Field
    var pictures: [Picture]
    var top: [DiagnosticRow]
    var summary: String
    var clean: Bool
    var notice: String?
    var error: String?
    var datalists: [Datalist]
}

/// `/catalogue/new`'s view model.
struct ExerciseNewPage: Sendable {
    var id: String
    var phases: [OptionRow]
    var diagnostics: [DiagnosticRow]
}

/// The live check's answer (`POST /catalogue/ID/check`): diagnostics by form field, and those of no
/// field (`top`), each as `hep check` words it.
struct CheckAnswer: Codable, Sendable {
    struct Row: Codable, Sendable {
        var severity: String
        var location: String
        var message: String
        var hint: String?
    }
    var summary: String
    var fields: [String: [Row]]
    var top: [Row]
    var pictures: Int
}

extension DeskRoutes {
    /// Editing the catalogue: `/catalogue/ID/edit` (the form; POST saves), `/catalogue/ID/check`
    /// (live diagnostics of the form's content), `/catalogue/ID/picture` (a pose drawn from the
    /// form), `/catalogue/new`, `/catalogue/release`, `/catalogue/ID/changelog` and
    /// `/catalogue/ID/versions/A/diff/B`. Changing pages need the editor role when accounts exist.
    static func addCatalogueEditing(to router: Router<DeskContext>, desk: Desk) {
        router.get("/catalogue/:id/edit") { request, context -> Response in
            try CatalogueWeb.requireEditor(context)
            let id = try CatalogueWeb.id(context)
            let (file, text) = try CatalogueEditing.file(id, desk: desk)
            guard let form = ExerciseForm.read(text) else { return CatalogueEditing.notEditable(desk, context, file) }
            let query = request.uri.queryParameters
            let notice: String? = query.get("saved") == "1" ? "Saved \(file). Its pictures were redrawn from the poses."
                : query.get("saved") == "0" ? "Nothing changed, so nothing was saved."
                : query.get("created") == "1" ? "Created \(file) from the skeleton, marked as a draft. Fill in every TODO." : nil
            return await CatalogueEditing.editPage(desk, context, id: id, file: file, original: text, form: form, notice: notice)
        }

        router.post("/catalogue/:id/edit") { _, context -> Response in
            try CatalogueWeb.requireEditor(context)
            let id = try CatalogueWeb.id(context)
            let (file, text) = try CatalogueEditing.file(id, desk: desk)
            guard ExerciseForm.read(text) != nil else { return CatalogueEditing.notEditable(desk, context, file) }
            let form = CatalogueEditing.form(from: context.form)
            if context.form["action"] == "check" {
                return await CatalogueEditing.editPage(desk, context, id: id, file: file, original: text, form: form, notice: nil,
                                                       base: context.form["base"])
            }
            if let base = context.form["base"], base != ExerciseForm.stamp(of: text) {
                // Someone saved this file since the form was opened: never overwrite their change unseen.
                return await CatalogueEditing.editPage(desk, context, id: id, file: file, original: text, form: form, status: .conflict,
                                                       error: "Not saved: \(file) was changed since you opened this form. Copy what you typed, reload the page and make your change again.",
                                                       base: base)
            }
            guard let written = form.written(over: text) else { return CatalogueEditing.notEditable(desk, context, file) }
            let project = desk.host.project
            let diagnostics = await ExerciseFormCheck.check(text: written.text, file: file, project: project)
            let isDraft = ExerciseForm.normalised("status", form.values["status"] ?? "") == "draft"
            let blocking = diagnostics.all.contains(where: ExerciseFormCheck.blocksSaving)
            if blocking && !isDraft {
                return await CatalogueEditing.editPage(desk, context, id: id, file: file, original: text, form: form, status: .unprocessableContent,
                                                       error: "Not saved: fix the errors marked below, or mark the exercise as a draft to save work in progress.",
                                                       diagnostics: diagnostics, base: context.form["base"])
            }
            guard written.text != text else { return PageRenderer.redirect("/catalogue/\(id)/edit?saved=0") }
            do {
                try PlanEditor.write(written.text, to: project.url(file))
            } catch {
                return await CatalogueEditing.editPage(desk, context, id: id, file: file, original: text, form: form, status: .internalServerError,
                                                       error: "Not saved: \(error)", diagnostics: diagnostics)
            }
            if !blocking {
                var drawing = DiagnosticList()
                _ = await FigureDrawing.draw(ids: [id], project: project, into: &drawing)
            }
            return PageRenderer.redirect("/catalogue/\(id)/edit?saved=1")
        }

        router.post("/catalogue/:id/check") { _, context -> Response in
            try CatalogueWeb.requireEditor(context)
            let id = try CatalogueWeb.id(context)
            let (file, text) = try CatalogueEditing.file(id, desk: desk)
            let form = CatalogueEditing.form(from: context.form)
            guard let written = form.written(over: text) else { throw HTTPError(.unprocessableContent, message: "This file has no front matter.") }
            let diagnostics = await ExerciseFormCheck.check(text: written.text, file: file, project: desk.host.project)
            let rows = DiagnosticRow.rows(diagnostics)
            var fields: [String: [CheckAnswer.Row]] = [:]
            var top: [CheckAnswer.Row] = []
            for row in rows {
                let answer = CheckAnswer.Row(severity: row.severity, location: row.location, message: row.message, hint: row.hint)
                if let field = CatalogueEditing.field(of: row, in: written, file: file) { fields[field, default: []].append(answer) } else { top.append(answer) }
            }
            let answer = CheckAnswer(summary: CatalogueEditing.summary(diagnostics), fields: fields, top: top,
                                     pictures: ExerciseFormCheck.figureCount(ExerciseForm.normalised("figures", form.values["figures"] ?? "")))
            let data = try JSONEncoder().encode(answer)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        router.get("/catalogue/:id/picture") { request, context -> Response in
            let id = try CatalogueWeb.id(context)
            let (file, text) = try CatalogueEditing.file(id, desk: desk)
            let query = request.uri.queryParameters
            let number = query.get("n").flatMap(Int.init) ?? 1
            let figures = query.get("figures") ?? ExerciseForm.read(text)?.values["figures"] ?? ""
            let (snapshot, _) = desk.snapshot()
            var diagnostics = DiagnosticList()
            guard let svg = ExerciseFormCheck.picture(figures: ExerciseForm.normalised("figures", figures), number: number, file: file,
                                                      brand: snapshot?.clinic.brandColour ?? "#0a5c7a", into: &diagnostics) else {
                let message = HTMLText.escape("This pose cannot be drawn yet: see the message beside the poses.")
                let placeholder = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"120\" viewBox=\"0 0 320 120\"><rect width=\"320\" height=\"120\" fill=\"#fdecec\"/><text x=\"12\" y=\"64\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#a4161a\">\(message)</text></svg>"
                return Response(status: .unprocessableContent, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: placeholder)))
            }
            return Response(status: .ok, headers: [.contentType: "image/svg+xml"], body: .init(byteBuffer: ByteBuffer(string: svg)))
        }

        router.get("/catalogue/new") { _, context -> Response in
            try CatalogueWeb.requireEditor(context)
            return desk.pages.page("exercise-new", title: "New exercise", context: context, section: "catalogue",
                                   ExerciseNewPage(id: "", phases: CatalogueEditing.phases(selected: .activate), diagnostics: []))
        }

        router.post("/catalogue/new") { _, context -> Response in
            try CatalogueWeb.requireEditor(context)
            let id = context.form.text("id") ?? ""
            let phase = context.form.text("phase").flatMap(Phase.init(rawValue:)) ?? .activate
            var diagnostics = DiagnosticList()
            let project = desk.host.project
            guard let file = ExerciseDrafts.new(id: id, phase: phase, project: project, date: desk.today, into: &diagnostics) else {
                return desk.pages.page("exercise-new", title: "New exercise", context: context, section: "catalogue", status: .unprocessableContent,
                                       ExerciseNewPage(id: id, phases: CatalogueEditing.phases(selected: phase), diagnostics: DiagnosticRow.rows(diagnostics)))
            }
            // Written from the web: a draft until reviewed.
            if let text = try? String(contentsOf: project.url(file), encoding: .utf8), var form = ExerciseForm.read(text) {
                form.values["status"] = "draft"
                if let written = form.written(over: text) { try? PlanEditor.write(written.text, to: project.url(file)) }
            }
            return PageRenderer.redirect("/catalogue/\(id)/edit?created=1")
        }
    }
}

/// What the edit routes share.
enum CatalogueEditing {
    /// The exercise's file (relative) and its text now, or 404.
    static func file(_ id: String, desk: Desk) throws -> (String, String) {
        var diagnostics = DiagnosticList()
        let catalogue = desk.host.snapshot(into: &diagnostics)?.catalogue ?? ExerciseCatalogue.open(desk.host.project, into: &diagnostics)
        guard let file = catalogue.files[id], ExerciseFormCheck.isCatalogueFile(file),
              let text = try? String(contentsOf: desk.host.project.url(file), encoding: .utf8) else {
            throw HTTPError(.notFound, message: "There is no exercise “\(id)” in the catalogue.")
        }
        return (file, text)
    }

    static func notEditable(_ desk: Desk, _ context: DeskContext, _ file: String) -> Response {
        var diagnostics = DiagnosticList()
        diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "an exercise file must start with a `---` line that opens its YAML front matter",
                          hint: "the form cannot show this file; fix its front matter in a text editor first")
        return CatalogueWeb.problemPage(desk, context, "This exercise cannot be edited here", diagnostics, status: .unprocessableContent)
    }

    /// The form's submitted fields as an exercise form.
    static func form(from data: FormData) -> ExerciseForm {
        var values: [String: String] = [:]
        for field in ExerciseForm.fields { if let value = data[field] { values[field] = value } }
        return ExerciseForm(values: values, steps: data.values("step"))
    }

    static func phases(selected: Phase?) -> [OptionRow] {
        Phase.allCases.map { OptionRow(value: $0.rawValue, label: CatalogueWeb.phaseName($0), selected: $0 == selected) }
    }

    /// The field a diagnostic belongs beside: the one whose lines hold it (none for the file as a whole).
    static func field(of row: DiagnosticRow, in written: ExerciseForm.Written, file: String) -> String? {
        guard row.file == file, row.line > 1 else { return nil }
        return written.field(atLine: row.line)
    }

    static func summary(_ diagnostics: DiagnosticList) -> String {
        let errors = diagnostics.all.filter { $0.severity == .error }.count
        let warnings = diagnostics.all.filter { $0.severity == .warning }.count
        if errors == 0 && warnings == 0 { return "No problems found." }
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    static let labels: [String: (label: String, help: String?)] = [
        "title": ("Title", "What the patient sees above the exercise."),
        "purpose": ("Purpose", "One line: why this helps, in plain words."),
        "phase": ("Phase", nil),
        "status": ("Review", "A draft is never given to a patient. Mark it reviewed once a colleague has checked it."),
        "starting-position": ("Starting position", "How to start, in one or two short sentences."),
        "regions": ("Body regions", "Vocabulary ids, separated by commas."),
        "targets": ("Target muscles", "Vocabulary ids, separated by commas."),
        "conditions": ("Conditions it suits", "Vocabulary ids, separated by commas."),
        "equipment": ("Equipment", "Vocabulary ids, separated by commas; leave empty for none."),
        "contraindications": ("Contraindications", "Condition ids it is never suggested for."),
        "easier": ("Easier versions", "Exercise ids, closest first."),
        "harder": ("Harder versions", "Exercise ids, closest first."),
        "dosage.sets": ("Sets", nil), "dosage.reps": ("Reps", "Or seconds, not both."), "dosage.seconds": ("Seconds a set", "Instead of reps."),
        "dosage.hold": ("Hold (s)", nil), "dosage.rest": ("Rest (s)", nil), "dosage.tempo": ("Tempo", "Out-pause-back, e.g. 2-1-2."),
        "dosage.side": ("Side", nil), "dosage.per-day": ("Times a day", nil), "dosage.days-per-week": ("Days a week", nil),
        "feel": ("What the patient should feel", "One line each."),
        "mistakes": ("Common mistakes", "One line each."),
        "stop-if": ("Stop if", "One line each."),
        "precautions": ("Precautions (practitioner only)", "One line each; never shown to the patient."),
        "figures": ("Poses", "The YAML list under figures: (view, base, joint angles, props, arrow, highlight, alt). The picture is redrawn as you type."),
    ]

    static let groups: [(title: String, id: String, fields: [String])] = [
        ("About", "about", ["title", "purpose", "phase", "status"]),
        ("Where it works", "where", ["regions", "targets", "conditions", "equipment", "contraindications"]),
        ("Default dose", "dose", ExerciseForm.dosageFields),
        ("For the patient", "patient", ["starting-position", "feel", "mistakes", "stop-if"]),
        ("Variations", "variations", ["easier", "harder"]),
        ("For the practitioner", "practitioner", ["precautions"]),
    ]

    /// The edit page for `form` over the file's `original` text, with the diagnostics of what the
    /// form would write (checked now unless given).
    static func editPage(_ desk: Desk, _ context: DeskContext, id: String, file: String, original: String, form: ExerciseForm,
                         status: HTTPResponse.Status = .ok, notice: String? = nil, error: String? = nil,
                         diagnostics given: DiagnosticList? = nil, base: String? = nil) async -> Response {
        let written = form.written(over: original) ?? ExerciseForm.Written(text: original, spans: [])
        let diagnostics: DiagnosticList
        if let given { diagnostics = given } else { diagnostics = await ExerciseFormCheck.check(text: written.text, file: file, project: desk.host.project) }
        let shown = ExerciseForm.read(written.text) ?? form
        var byField: [String: [DiagnosticRow]] = [:]
        var top: [DiagnosticRow] = []
        for row in DiagnosticRow.rows(diagnostics) {
            if let field = field(of: row, in: written, file: file) { byField[field, default: []].append(row) } else { top.append(row) }
        }
        let (snapshot, _) = desk.snapshot()
        let vocabulary = snapshot?.catalogue.vocabulary
        func makeField(_ name: String) -> ExerciseEditPage.Field {
            let value = shown.values[name] ?? ""
            let rows = byField[name] ?? []
            let label = labels[name] ?? (name, nil)
            var options: [OptionRow] = []
            if name == "phase" { options = phases(selected: Phase(rawValue: value)).map { OptionRow(value: $0.value, label: $0.label, selected: $0.selected) } }
            if name == "status" {
                options = [OptionRow(value: "reviewed", label: "Reviewed", selected: value != "draft"),
                           OptionRow(value: "draft", label: "Draft, not yet reviewed", selected: value == "draft")]
            }
            if name == "dosage.side" {
                options = [OptionRow(value: "", label: "—", selected: value.isEmpty)] + Side.allCases.map { OptionRow(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == value) }
            }
            if !options.isEmpty, !options.contains(where: \.selected) { options.insert(OptionRow(value: value, label: value, selected: true), at: 0) }
            let list: String? = switch name {
            case "regions": "vocab-regions"
            case "targets": "vocab-muscles"
            case "conditions", "contraindications": "vocab-conditions"
            case "equipment": "vocab-equipment"
            case "easier", "harder": "vocab-exercises"
            default: nil
            }
            let isArea = ExerciseForm.textListFields.contains(name) || name == "starting-position" || name == "figures"
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false).count
            return ExerciseEditPage.Field(
                name: name, htmlID: "f-" + name.replacingOccurrences(of: ".", with: "-"), label: label.label, help: label.help, value: value,
                isText: options.isEmpty && !isArea && !["dosage.sets", "dosage.reps", "dosage.seconds", "dosage.hold", "dosage.rest", "dosage.per-day", "dosage.days-per-week"].contains(name),
                isArea: isArea, isSelect: !options.isEmpty,
                isNumber: ["dosage.sets", "dosage.reps", "dosage.seconds", "dosage.hold", "dosage.rest", "dosage.per-day", "dosage.days-per-week"].contains(name),
                list: list, rows: name == "figures" ? min(max(lines + 1, 8), 40) : max(lines + 1, 3), options: options,
                diagnostics: rows, hasDiagnostics: !rows.isEmpty, hasError: rows.contains(where: \.isError))
        }
        let groupRows = groups.map { group in
            ExerciseEditPage.Group(title: group.title, htmlID: "g-" + group.id, fields: group.fields.map(makeField),
                                   diagnostics: group.id == "dose" ? byField["dosage"] ?? [] : [], isDose: group.id == "dose")
        }
        var steps = shown.steps.enumerated().map { index, text in
            let rows = byField["step.\(index + 1)"] ?? []
            return ExerciseEditPage.Step(number: index + 1, htmlID: "step-\(index + 1)", label: "Step \(index + 1)", value: text,
                                         diagnostics: rows, hasDiagnostics: !rows.isEmpty, hasError: rows.contains(where: \.isError))
        }
        steps.append(ExerciseEditPage.Step(number: steps.count + 1, htmlID: "step-\(steps.count + 1)", label: "Add a step", value: "",
                                           diagnostics: [], hasDiagnostics: false, hasError: false))
        let figures = makeField("figures")
        let count = ExerciseFormCheck.figureCount(figures.value)
        var datalists: [ExerciseEditPage.Datalist] = []
        if let vocabulary {
            for (kind, name) in [(Vocabulary.Kind.regions, "regions"), (.muscles, "muscles"), (.conditions, "conditions"), (.equipment, "equipment")] {
                datalists.append(.init(htmlID: "vocab-" + name, options: vocabulary.ids(kind).map { OptionRow(value: $0, label: vocabulary.term(kind, $0)?.name ?? $0, selected: false) }))
            }
        }
        datalists.append(.init(htmlID: "vocab-exercises", options: (snapshot?.catalogue.ids ?? []).map { OptionRow(value: $0, label: $0, selected: false) }))
        let title = shown.values["title"].flatMap { $0.isEmpty ? nil : $0 } ?? id
        let page = ExerciseEditPage(
            id: id, title: title, file: file, base: base ?? ExerciseForm.stamp(of: original), action: "/catalogue/\(id)/edit", checkAction: "/catalogue/\(id)/check",
            pictureAction: "/catalogue/\(id)/picture", viewLink: "/catalogue/\(id)",
            groups: groupRows, steps: steps, stepsDiagnostics: byField["steps"] ?? [], figures: figures,
            pictures: (0..<count).map { ExerciseEditPage.Picture(number: $0 + 1, src: "/catalogue/\(id)/picture?n=\($0 + 1)&figures=" + urlEncoded(figures.value)) },
            top: top, summary: summary(diagnostics), clean: diagnostics.all.isEmpty, notice: notice, error: error, datalists: datalists)
        return desk.pages.page("exercise-edit", title: "Edit \(title)", context: context, section: "catalogue", status: status, page)
    }

    static func urlEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// `/catalogue/release`'s view model: what a release would record, and what keeps it from going ahead.
struct ReleasePage: Sendable {
    struct Item: Sendable {
        var id: String
        var title: String
        var change: String
        var needsNote: Bool
        var diffLink: String?
        var link: String
    }
    var items: [Item]
    var hasItems: Bool
    var needsNote: Bool
    var diagnostics: [DiagnosticRow]
    var blocked: Bool
    var note: String
    var safety: Bool
    var notice: String?
    var error: String?
}

/// A diff between two versions of one exercise.
struct DiffPage: Sendable {
    struct Line: Sendable {
        var number: Int
        var sign: String
        var text: String
        var added: Bool
    }
    var id: String
    var title: String
    var before: String
    var after: String
    var lines: [Line]
    var isEmpty: Bool
    var fromOptions: [OptionRow]
    var toOptions: [OptionRow]
    var link: String
    var changelogLink: String
}

/// An exercise's changelog.
struct ChangelogPage: Sendable {
    var id: String
    var title: String
    var link: String
    var versions: [ExercisePage.Version]
    var compareLink: String?
}

extension DeskRoutes {
    static func addCatalogueRelease(to router: Router<DeskContext>, desk: Desk) {
        router.get("/catalogue/release") { request, context -> Response in
            try CatalogueWeb.requireEditor(context)
            let released = request.uri.queryParameters.get("released").flatMap { $0.allSatisfy { $0.isNumber || $0 == "." } ? $0 : nil }
            return await CatalogueReleasing.page(desk, context, notice: released.map { "Released: the catalogue is now version \($0)." })
        }

        router.post("/catalogue/release") { _, context -> Response in
            try CatalogueWeb.requireEditor(context)
            let text = context.form["note"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let safety = context.form["safety"] != nil
            let report = await CatalogueRelease.run(project: desk.host.project, note: CatalogueRelease.Note(text), safety: safety, date: desk.today)
            if report.diagnostics.hasErrors || report.stamp == nil {
                let error = report.diagnostics.hasErrors ? "Nothing was released: see the problems below." : "Nothing to release: every exercise is as released."
                return await CatalogueReleasing.page(desk, context, status: report.diagnostics.hasErrors ? .unprocessableContent : .ok,
                                                     error: error, note: text, safety: safety, diagnostics: report.diagnostics)
            }
            return PageRenderer.redirect("/catalogue/release?released=\(report.stamp!)")
        }

        router.get("/catalogue/:id/changelog") { _, context -> Response in
            let id = try CatalogueWeb.id(context)
            let (snapshot, problems) = desk.snapshot()
            guard let snapshot else { return CatalogueWeb.problemPage(desk, context, "The project has errors", problems) }
            var diagnostics = DiagnosticList()
            guard let details = ExerciseDetails.load(id, in: snapshot.catalogue, into: &diagnostics) else {
                guard snapshot.catalogue.files[id] != nil else { throw HTTPError(.notFound, message: "There is no exercise “\(id)” in the catalogue.") }
                return CatalogueWeb.problemPage(desk, context, "This exercise has errors", diagnostics, editLink: "/catalogue/\(id)/edit")
            }
            let page = CatalogueWeb.exercisePage(details, snapshot: snapshot)
            let compare = details.releasedVersion.map { "/catalogue/\(id)/versions/\($0)/diff/now" }
            return desk.pages.page("exercise-changelog", title: "Changelog of \(page.title)", context: context, section: "catalogue",
                                   ChangelogPage(id: id, title: page.title, link: "/catalogue/\(id)", versions: page.versions,
                                                 compareLink: details.changedSinceRelease ? compare : nil))
        }

        // The version picker: a plain GET form lands on the canonical address.
        router.get("/catalogue/:id/diff") { request, context -> Response in
            let id = try CatalogueWeb.id(context)
            let query = request.uri.queryParameters
            func version(_ name: String) -> String { query.get(name).flatMap { $0 == "now" || Int($0) != nil ? $0 : nil } ?? "now" }
            return PageRenderer.redirect("/catalogue/\(id)/versions/\(version("from"))/diff/\(version("to"))")
        }

        router.get("/catalogue/:id/versions/:from/diff/:to") { _, context -> Response in
            let id = try CatalogueWeb.id(context)
            func version(_ name: String) throws -> Int? {
                let text = context.parameters.get(name) ?? ""
                if text == "now" { return nil }
                guard let number = Int(text), number >= 1 else { throw HTTPError(.notFound, message: "There is no such version.") }
                return number
            }
            let from = try version("from"), to = try version("to")
            let project = desk.host.project
            var diagnostics = DiagnosticList()
            guard let from, let comparison = ExerciseDrafts.diff(id: id, from: from, to: to, project: project, into: &diagnostics) else {
                if diagnostics.all.isEmpty { diagnostics.error(SourceLocation(file: CatalogueLock.path), "compare from a released version") }
                return CatalogueWeb.problemPage(desk, context, "These versions cannot be compared", diagnostics, status: .notFound)
            }
            let (snapshot, _) = desk.snapshot()
            var ignored = DiagnosticList()
            let details = snapshot.flatMap { ExerciseDetails.load(id, in: $0.catalogue, into: &ignored) }
            let versions = details?.releasedVersions ?? []
            let page = DiffPage(
                id: id, title: details?.exercise.title ?? id, before: comparison.before, after: comparison.after,
                lines: comparison.lines.map { DiffPage.Line(number: $0.number, sign: $0.added ? "+" : "−", text: $0.text, added: $0.added) },
                isEmpty: comparison.lines.isEmpty,
                fromOptions: versions.map { OptionRow(value: String($0), label: "version \($0)", selected: $0 == from) },
                toOptions: versions.map { OptionRow(value: String($0), label: "version \($0)", selected: $0 == to) }
                    + [OptionRow(value: "now", label: "the file now", selected: to == nil)],
                link: "/catalogue/\(id)", changelogLink: "/catalogue/\(id)/changelog")
            return desk.pages.page("exercise-diff", title: "What changed in \(page.title)", context: context, section: "catalogue", page)
        }
    }
}

enum CatalogueReleasing {
    static func page(_ desk: Desk, _ context: DeskContext, status: HTTPResponse.Status = .ok, notice: String? = nil, error: String? = nil,
                     note: String = "", safety: Bool = false, diagnostics extra: DiagnosticList? = nil) async -> Response {
        let preview = await CataloguePendingRelease.preview(project: desk.host.project)
        var diagnostics = preview.diagnostics
        if let extra { diagnostics = extra }
        let errors = DiagnosticList.only(diagnostics, severity: .error)
        let items = preview.items.map { item in
            ReleasePage.Item(id: item.id, title: item.title,
                             change: item.from.map { "version \($0) → \(item.to)" } ?? "new, version \(item.to)",
                             needsNote: item.needsNote,
                             diffLink: item.from.map { "/catalogue/\(item.id)/versions/\($0)/diff/now" }, link: "/catalogue/\(item.id)")
        }
        let page = ReleasePage(items: items, hasItems: !items.isEmpty, needsNote: items.contains(where: \.needsNote),
                               diagnostics: DiagnosticRow.rows(errors), blocked: errors.hasErrors, note: note, safety: safety,
                               notice: notice, error: error)
        return desk.pages.page("release", title: "Release the catalogue", context: context, section: "catalogue", status: status, page)
    }
}
