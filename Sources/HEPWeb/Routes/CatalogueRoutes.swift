import Foundation
import HEPKit
import Hummingbird

/// A choice in a filter or form `<select>`.
struct OptionRow: Sendable {
    var value: String
    var label: String
    var selected: Bool
}

/// A vocabulary term or exercise as a page shows it.
struct TermRow: Sendable {
    var id: String
    var name: String
    var link: String?
}

/// The catalogue list's view model.
struct CataloguePage: Sendable {
    struct Row: Sendable {
        var id: String
        var title: String
        var purpose: String
        var phase: String
        var regions: String
        var link: String
        var isDraft: Bool
        var retired: Bool
        var version: Int
    }
    var query: String
    var phases: [OptionRow]
    var regions: [OptionRow]
    var targets: [OptionRow]
    var conditions: [OptionRow]
    var equipment: [OptionRow]
    var statuses: [OptionRow]
    var rows: [Row]
    var count: String
    var isEmpty: Bool
    var filtered: Bool
    var problems: [String]
    var diagnostics: [DiagnosticRow]
    var hasDiagnostics: Bool
    var notice: String?
}

/// One exercise's view model (read-only).
struct ExercisePage: Sendable {
    struct Picture: Sendable {
        var src: String
        var alt: String
    }
    struct Version: Sendable {
        var version: Int
        var date: String
        var note: String
        var safety: Bool
        var diffLink: String?
    }
    var id: String
    var title: String
    var version: Int
    var file: String
    var purpose: String
    var phase: String
    var isDraft: Bool
    var retired: Bool
    var replacedBy: TermRow?
    var regions: [TermRow]
    var targets: [TermRow]
    var conditions: [TermRow]
    var equipment: [TermRow]
    var contraindications: [TermRow]
    var hasContraindications: Bool
    var dose: String
    var grade: String
    var gradeDetail: String
    var gradeTooHigh: Bool
    var gradeLimit: Int
    var easier: [TermRow]
    var harder: [TermRow]
    var startingPosition: String
    var steps: [String]
    var feel: [String]
    var mistakes: [String]
    var stopIf: [String]
    var precautions: [String]
    var hasPrecautions: Bool
    var pictures: [Picture]
    var hasPictures: Bool
    var versions: [Version]
    var releasedVersion: String
    var changedSinceRelease: Bool
    var changeLink: String?
    var editLink: String
    var changelogLink: String
}

/// A page that could not show an exercise: the reasons, as `hep check` words them.
struct CatalogueProblemPage: Sendable {
    var heading: String
    var diagnostics: [DiagnosticRow]
    var editLink: String?
}

extension DeskRoutes {
    /// `/catalogue`: browse, search and filter the exercises; `/catalogue/ID`: one in full, as
    /// `hep exercises show` shows it (precautions included: the desk is for practitioners);
    /// `/catalogue/ID/images/N`: its pictures.
    static func addCatalogue(to router: Router<DeskContext>, desk: Desk) {
        addCatalogueEditing(to: router, desk: desk)
        addCatalogueRelease(to: router, desk: desk)
        router.get("/catalogue") { request, context -> Response in
            let (snapshot, loadProblems) = desk.snapshot()
            guard let snapshot else { return CatalogueWeb.problemPage(desk, context, "The project has errors", loadProblems) }
            let query = request.uri.queryParameters
            func parameter(_ name: String) -> String? {
                query.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let catalogue = snapshot.catalogue
            let vocabulary = catalogue.vocabulary
            var problems: [String] = []
            let phase = parameter("phase").flatMap { Phase(rawValue: $0) }
            if let text = parameter("phase"), phase == nil { problems.append("There is no phase “\(text)”.") }
            var filter = CatalogueQueries.Filter(phase: phase, region: parameter("region"), target: parameter("target"),
                                                 condition: parameter("condition"), search: parameter("q"))
            for unknown in CatalogueQueries.unknownTerms(in: filter, vocabulary: vocabulary) {
                problems.append("There is no \(unknown.kind.singular) “\(unknown.value)” in the vocabulary" + (unknown.closest.map { "; did you mean “\($0)”?" } ?? "."))
                switch unknown.kind {
                case .regions: filter.region = nil
                case .muscles: filter.target = nil
                case .conditions: filter.condition = nil
                case .equipment: break
                }
            }
            var equipment = parameter("equipment")
            if let id = equipment, vocabulary.term(.equipment, id) == nil {
                problems.append("There is no equipment “\(id)” in the vocabulary.")
                equipment = nil
            }
            let status = parameter("status").flatMap { ExerciseStatus(rawValue: $0) }
            var loading = DiagnosticList()
            let matches = await CatalogueQueries.list(catalogue, filter: filter, equipment: equipment, status: status, into: &loading)
            func options(_ kind: Vocabulary.Kind, selected: String?) -> [OptionRow] {
                vocabulary.ids(kind).map { id in
                    OptionRow(value: id, label: vocabulary.term(kind, id)?.name ?? id, selected: id == selected)
                }.sorted { $0.label.lowercased() < $1.label.lowercased() }
            }
            let rows = matches.map { exercise in
                CataloguePage.Row(id: exercise.id, title: exercise.title, purpose: exercise.purpose, phase: CatalogueWeb.phaseName(exercise.phase),
                                  regions: exercise.regionIDs.map { vocabulary.term(.regions, $0)?.name ?? $0 }.joined(separator: ", "),
                                  link: "/catalogue/\(exercise.id)", isDraft: exercise.isDraft, retired: exercise.retired, version: exercise.version)
            }
            let errors = DiagnosticList.only(loading, severity: .error)
            let notice = parameter("created").map { "Created \($0)." }
            let page = CataloguePage(
                query: parameter("q") ?? "",
                phases: Phase.allCases.map { OptionRow(value: $0.rawValue, label: CatalogueWeb.phaseName($0), selected: $0 == phase) },
                regions: options(.regions, selected: filter.region), targets: options(.muscles, selected: filter.target),
                conditions: options(.conditions, selected: filter.condition), equipment: options(.equipment, selected: equipment),
                statuses: [OptionRow(value: "draft", label: "Drafts", selected: status == .draft),
                           OptionRow(value: "reviewed", label: "Reviewed", selected: status == .reviewed)],
                rows: rows, count: "\(rows.count) exercise\(rows.count == 1 ? "" : "s")", isEmpty: rows.isEmpty,
                filtered: phase != nil || filter.region != nil || filter.target != nil || filter.condition != nil || filter.search != nil || equipment != nil || status != nil,
                problems: problems, diagnostics: DiagnosticRow.rows(errors), hasDiagnostics: !errors.all.isEmpty, notice: notice)
            return desk.pages.page("catalogue", title: "Catalogue", context: context, section: "catalogue", page)
        }

        router.get("/catalogue/:id") { _, context -> Response in
            let id = try CatalogueWeb.id(context)
            let (snapshot, loadProblems) = desk.snapshot()
            guard let snapshot else { return CatalogueWeb.problemPage(desk, context, "The project has errors", loadProblems) }
            var diagnostics = DiagnosticList()
            guard let details = ExerciseDetails.load(id, in: snapshot.catalogue, into: &diagnostics) else {
                guard snapshot.catalogue.files[id] != nil else { throw HTTPError(.notFound, message: "There is no exercise “\(id)” in the catalogue.") }
                return CatalogueWeb.problemPage(desk, context, "This exercise has errors", diagnostics, editLink: "/catalogue/\(id)/edit")
            }
            return desk.pages.page("exercise", title: details.exercise.title, context: context, section: "catalogue",
                                   CatalogueWeb.exercisePage(details, snapshot: snapshot))
        }

        router.get("/catalogue/:id/images/:number") { _, context -> Response in
            let id = try CatalogueWeb.id(context)
            guard let number = context.parameters.get("number").flatMap(Int.init), number >= 1 else { throw HTTPError(.notFound) }
            let (snapshot, _) = desk.snapshot()
            var ignored = DiagnosticList()
            guard let exercise = snapshot?.catalogue.load(id, into: &ignored), number <= exercise.images.count else {
                throw HTTPError(.notFound, message: "No such picture.")
            }
            let image = exercise.images[number - 1]
            return Response(status: .ok, headers: [.contentType: image.mediaType],
                            body: .init(byteBuffer: ByteBuffer(bytes: image.data)))
        }
    }
}

/// What the catalogue pages share.
enum CatalogueWeb {
    /// The `:id` of the URL, refused (404) unless it is a kebab-case exercise id.
    static func id(_ context: DeskContext) throws -> String {
        guard let id = context.parameters.get("id"), ExerciseFormCheck.isValidID(id) else {
            throw HTTPError(.notFound, message: "There is no such exercise.")
        }
        return id
    }

    /// Whether this visitor may change the catalogue: an editor account, or anyone on a loopback
    /// desk without accounts.
    static func canEdit(_ context: DeskContext) -> Bool {
        context.session?.role.map { $0 >= .editor } ?? (context.user == nil)
    }

    static func requireEditor(_ context: DeskContext) throws {
        guard canEdit(context) else { throw HTTPError(.forbidden, message: "Only catalogue editors can change the catalogue.") }
    }

    static func phaseName(_ phase: Phase) -> String {
        phase == .nerveGlide ? "Nerve glide" : phase.rawValue.prefix(1).uppercased() + phase.rawValue.dropFirst()
    }

    static func problemPage(_ desk: Desk, _ context: DeskContext, _ heading: String, _ diagnostics: DiagnosticList,
                            editLink: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        desk.pages.page("catalogue-problem", title: heading, context: context, section: "catalogue", status: status,
                        CatalogueProblemPage(heading: heading, diagnostics: DiagnosticRow.rows(diagnostics),
                                             editLink: canEdit(context) ? editLink : nil))
    }

    /// The default dose, worded as `hep exercises show` words it.
    static func dose(_ dose: Dosage) -> String {
        var parts = ["sets \(dose.sets)"]
        if let reps = dose.reps { parts.append("reps \(reps)") }
        if let seconds = dose.seconds { parts.append("seconds \(seconds)") }
        if let hold = dose.hold { parts.append("hold \(hold)s") }
        if let rest = dose.rest { parts.append("rest \(rest)s") }
        if let tempo = dose.tempo { parts.append("tempo \(tempo)") }
        parts += ["side \(dose.side.rawValue)", "\(dose.perDay)x a day", "\(dose.daysPerWeek) days a week"]
        return parts.joined(separator: ", ")
    }

    static func exercisePage(_ details: ExerciseDetails, snapshot: ProjectSnapshot) -> ExercisePage {
        let exercise = details.exercise
        let link = { (id: String) in "/catalogue/\(id)" }
        func rows(_ terms: [ExerciseDetails.Term]) -> [TermRow] { terms.map { TermRow(id: $0.id, name: $0.name ?? $0.id, link: nil) } }
        func exercises(_ ids: [Located<String>]) -> [TermRow] {
            ids.map { TermRow(id: $0.value, name: $0.value, link: link($0.value)) }
        }
        let released = Set(details.releasedVersions)
        let versions = exercise.changelog.reversed().map { entry in
            ExercisePage.Version(version: entry.version, date: entry.date.description, note: entry.note, safety: entry.safety,
                                 diffLink: released.contains(entry.version) && released.contains(entry.version - 1)
                                    ? "/catalogue/\(exercise.id)/versions/\(entry.version - 1)/diff/\(entry.version)" : nil)
        }
        let limit = snapshot.clinic.readingGradeLimit
        let grade = details.grade
        return ExercisePage(
            id: exercise.id, title: exercise.title, version: exercise.version, file: exercise.file, purpose: exercise.purpose,
            phase: phaseName(exercise.phase), isDraft: exercise.isDraft, retired: exercise.retired,
            replacedBy: exercise.replacedBy.map { TermRow(id: $0.value, name: $0.value, link: link($0.value)) },
            regions: rows(details.regions), targets: rows(details.targets), conditions: rows(details.conditions),
            equipment: rows(details.equipment), contraindications: rows(details.contraindications),
            hasContraindications: !details.contraindications.isEmpty, dose: dose(exercise.dosage),
            grade: grade.formatted, gradeDetail: "\(grade.words) words, \(grade.sentences) sentences, \(grade.syllables) syllables",
            gradeTooHigh: grade.grade > limit, gradeLimit: Int(limit),
            easier: exercises(exercise.easier), harder: exercises(exercise.harder),
            startingPosition: exercise.startingPosition, steps: exercise.steps, feel: exercise.feel, mistakes: exercise.mistakes,
            stopIf: exercise.stopIf, precautions: exercise.precautions, hasPrecautions: !exercise.precautions.isEmpty,
            pictures: exercise.images.enumerated().map { ExercisePage.Picture(src: "/catalogue/\(exercise.id)/images/\($0.offset + 1)", alt: $0.element.alt) },
            hasPictures: !exercise.images.isEmpty, versions: versions,
            releasedVersion: details.releasedVersion.map { "version \($0)" } ?? "never released",
            changedSinceRelease: details.changedSinceRelease,
            changeLink: details.changedSinceRelease ? details.releasedVersion.map { "/catalogue/\(exercise.id)/versions/\($0)/diff/now" } : nil,
            editLink: "/catalogue/\(exercise.id)/edit", changelogLink: "/catalogue/\(exercise.id)/changelog")
    }
}

extension DiagnosticList {
    /// The diagnostics of `list` of one severity.
    static func only(_ list: DiagnosticList, severity: Diagnostic.Severity) -> DiagnosticList {
        var kept = DiagnosticList()
        kept.append(contentsOf: list.all.filter { $0.severity == severity })
        return kept
    }
}
