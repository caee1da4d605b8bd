import Foundation
import CommonMark

/// The wording as nested dictionaries for templates: built once, never changed, only strings,
/// lists of strings and dictionaries of those inside, so sharing it across threads is safe.
struct WordingTree: @unchecked Sendable {
    let value: [String: Any]
}

/// Everything a render needs from the project, loaded and validated once: clinic settings,
/// wording, templates and the catalogue index. Plans are then prepared and rendered against it.
public struct Workspace: Sendable {
    /// hep's own version, recorded in manifests.
    public static let toolVersion = "0.1.0"

    /// The project.
    public let project: Project
    /// The clinic's settings.
    public let clinic: ClinicSettings
    /// Wording by language.
    public let wordings: [String: Wording]
    /// Templates.
    public let templates: TemplateLibrary
    /// The catalogue (exercises parse on demand).
    public let catalogue: ExerciseCatalogue
    /// The catalogue's version (`Exercises/catalogue.yaml`).
    public let catalogueVersion: String
    /// SHA-256 of each template, wording and settings file, for manifests.
    let templateHashes: [Manifest.FileHash]
    /// Each language's wording as the nested tree templates read, built once.
    let wordingTrees: [String: WordingTree]
    /// Inline styles for the clinic's brand colour, built once.
    let styler: HTMLStyler

    /// Loads and checks the project's settings, wording, templates and catalogue index.
    /// Returns nil when any of them has an error; every problem is in `diagnostics`.
    public static func load(_ project: Project, into diagnostics: inout DiagnosticList) -> Workspace? {
        let start = diagnostics.errors.count
        let clinic = ClinicSettings.load(from: project, into: &diagnostics)
        var wordings: [String: Wording] = [:]
        for language in Plan.supportedLanguages {
            if let wording = Wording.load(language: language, from: project, into: &diagnostics) {
                wordings[language] = wording
            }
        }
        let templates = TemplateLibrary.load(from: project, schema: TemplateSchema(wordings: wordings), clinic: clinic, into: &diagnostics)
        if let clinic {
            templates.require(clinic.handoutTemplate, format: .markdown, setting: "handout-template", into: &diagnostics)
            templates.require(clinic.pageTemplate, format: .html, setting: "page-template", into: &diagnostics)
            templates.require(clinic.textTemplate, format: .text, setting: "text-template", into: &diagnostics)
        }
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        let catalogueVersion = Self.loadCatalogueVersion(project, into: &diagnostics)
        var hashes: [Manifest.FileHash] = []
        for name in ["Templates/clinic.yaml"] + Plan.supportedLanguages.map({ "Templates/wording/\($0).yaml" })
            + templates.entries.values.map(\.file) {
            if let data = FileManager.default.contents(atPath: project.url(name).path) {
                hashes.append(.init(file: name, sha256: SHA256.hex(of: data)))
            }
        }
        guard diagnostics.errors.count == start, let clinic, let catalogueVersion else { return nil }
        return Workspace(project: project, clinic: clinic, wordings: wordings, templates: templates, catalogue: catalogue,
                         catalogueVersion: catalogueVersion, templateHashes: hashes.sorted { $0.file < $1.file },
                         wordingTrees: wordings.mapValues { WordingTree(value: $0.templateTree) }, styler: HTMLStyler(brandColour: clinic.brandColour))
    }

    static func loadCatalogueVersion(_ project: Project, into diagnostics: inout DiagnosticList) -> String? {
        let relative = "Exercises/catalogue.yaml"
        guard let text = project.readText(relative, into: &diagnostics, required: true) else { return nil }
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: relative),
              let fields = reader.mapping(root, known: ["name", "version"]) else { return nil }
        _ = reader.string("name", in: fields, required: false)
        return reader.string("version", in: fields)
    }

    /// Parses every exercise in the catalogue.
    public func loadAllExercises(into diagnostics: inout DiagnosticList) {
        catalogue.loadAll(into: &diagnostics)
    }

    // MARK: Plans

    /// Reads and parses a plan file.
    public func loadPlan(at url: URL, into diagnostics: inout DiagnosticList) -> Plan? {
        let shown = project.displayPath(of: url)
        guard let text = TextFile.read(url, shownAs: shown, into: &diagnostics) else { return nil }
        return Plan.parse(text, file: shown, into: &diagnostics)
    }

    /// Resolves a plan's exercises and vocabulary references; adds errors and the practitioner's
    /// warnings. Returns the items to render, or nil when there is an error.
    ///
    /// `exact` supplies the exact exercise texts to use by id (reproducing an issued handout).
    public func prepare(_ plan: Plan, exact: [String: Exercise] = [:], into diagnostics: inout DiagnosticList) -> [HandoutComposer.Item]? {
        var found = DiagnosticList()
        let vocabulary = catalogue.vocabulary
        for finding in plan.muscles { vocabulary.resolve(finding.muscle, as: .muscles, into: &found) }
        for pain in plan.pain { vocabulary.resolve(pain.region, as: .regions, into: &found) }
        for condition in plan.conditions { vocabulary.resolve(condition, as: .conditions, into: &found) }
        for item in plan.equipment { vocabulary.resolve(item, as: .equipment, into: &found) }
        var items: [HandoutComposer.Item] = []
        var seen: [String: SourceLocation] = [:]
        for prescription in plan.exercises {
            let id = prescription.id
            if let first = seen[id.value] {
                found.error(id.location, "exercise '\(id.value)' is already in this plan (line \(first.line))",
                            hint: "list each exercise once; change its dose instead")
                continue
            }
            seen[id.value] = id.location
            var exercise: Exercise
            if let given = exact[id.value] {
                exercise = given
            } else {
                guard catalogue.files[id.value] != nil else {
                    found.error(id.location, "no exercise with id '\(id.value)' in Exercises/", hint: catalogue.hint(forUnknown: id.value))
                    continue
                }
                var exerciseDiagnostics = DiagnosticList()
                guard let current = catalogue.load(id.value, into: &exerciseDiagnostics) else {
                    found.append(contentsOf: exerciseDiagnostics)
                    found.error(id.location, "exercise '\(id.value)' has errors (see above) and cannot be used",
                                hint: "fix the exercise file; `hep check` lists every problem")
                    continue
                }
                found.append(contentsOf: exerciseDiagnostics)
                exercise = current
                if let pinned = prescription.version, pinned != current.version {
                    guard let archived = archivedExercise(id.value, version: pinned, at: id.location, into: &found) else { continue }
                    exercise = archived
                } else if current.retired {
                    let replacement = current.replacedBy?.value ?? "another exercise"
                    found.error(id.location, "'\(id.value)' is retired and replaced by '\(replacement)'",
                                hint: "prescribe '\(replacement)' instead, or pin `version:` to reissue the old text on purpose")
                    continue
                }
            }
            if let address = prescription.addresses {
                let known = vocabulary.term(.muscles, address.value) != nil || vocabulary.term(.regions, address.value) != nil
                let inFindings = plan.muscles.contains { $0.muscle.value == address.value }
                    || plan.pain.contains { $0.region.value == address.value }
                if !known {
                    var hint = "name a muscle or region from the plan's findings"
                    if let close = Suggestions.closest(to: address.value, in: vocabulary.ids(.muscles) + vocabulary.ids(.regions)) {
                        hint = "did you mean '\(close)'? " + hint
                    }
                    found.error(address.location, "unknown muscle or region '\(address.value)'", hint: hint)
                } else if !inFindings {
                    found.error(address.location, "'addresses: \(address.value)' names nothing in this plan's findings",
                                hint: "add the finding under `findings:`, or remove `addresses:`")
                }
            }
            items.append(.init(exercise: exercise, dose: prescription.dosage.applied(to: exercise.dosage), prescription: prescription))
        }
        if !found.hasErrors {
            found.append(contentsOf: ProgramAdvice(plan: plan, items: items, clinic: clinic, vocabulary: vocabulary).warnings())
        }
        diagnostics.append(contentsOf: found)
        return found.hasErrors ? nil : items
    }

    /// A released version of an exercise, from the archive (for plans that pin an older version).
    func archivedExercise(_ id: String, version: Int, at location: SourceLocation, into found: inout DiagnosticList) -> Exercise? {
        var lockDiagnostics = DiagnosticList()
        let lock = CatalogueLock.load(project, into: &lockDiagnostics)
        guard let hash = lock?.entry(id)?.released[String(version)] else {
            let known = lock?.entry(id)?.released.keys.compactMap(Int.init).sorted().map(String.init).joined(separator: ", ") ?? "none"
            found.error(location, "version \(version) of '\(id)' was never released", hint: "released versions: \(known)")
            return nil
        }
        return archivedExercise(id, sha256: hash, at: location, into: &found)
    }

    /// The archived text with this hash, parsed.
    func archivedExercise(_ id: String, sha256: String, at location: SourceLocation, into found: inout DiagnosticList) -> Exercise? {
        guard let text = CatalogueArchive.text(for: sha256, in: project) else {
            found.error(location, "the archived text of '\(id)' (\(sha256.prefix(12))) is missing or damaged in \(CatalogueArchive.folder)/",
                        hint: "restore Exercises/archive/ from version control")
            return nil
        }
        var parsed = DiagnosticList()
        guard let exercise = Exercise.parse(text, file: CatalogueArchive.path(for: sha256), expectedID: id, project: project,
                                           into: &parsed) else {
            found.append(contentsOf: parsed)
            return nil
        }
        return exercise
    }

    // MARK: Rendering

    /// A rendered handout, not yet written.
    public struct RenderedHandout: Sendable {
        /// The handout's Markdown.
        public var markdown: String
        /// The complete HTML page.
        public var html: String
        /// The manifest (outputs filled in).
        public var manifest: Manifest
        /// The view model the templates received.
        public var viewModel: HandoutViewModel

        /// The plan exactly as given, kept with the handout so it can be reproduced.
        public var planText: String
        /// The plain-text twin (for email), wrapped at 78 columns.
        public var text: String
        /// The email, when asked for.
        public var eml: [UInt8]?
        /// Illustrations used, copied beside the HTML as `images/<name>`.
        public var images: [ExerciseImage] = []
        /// The project the images are read from.
        var project: Project?

        /// The files of a handout folder.
        public var files: [(name: String, data: Data)] {
            var files = [("handout.md", Data(markdown.utf8)), ("handout.html", Data(html.utf8)), ("handout.txt", Data(text.utf8)),
                         ("manifest.json", manifest.encoded()), ("plan.yaml", Data(planText.utf8))]
            if let eml { files.append(("handout.eml", Data(eml))) }
            for image in images {
                if let data = project.flatMap({ FileManager.default.contents(atPath: $0.url(image.file).path) }) {
                    files.append(("images/\(image.outputName)", data))
                }
            }
            return files
        }
    }

    /// The composer for a language.
    public func composer(language: String) -> HandoutComposer? {
        guard let wording = wordings[language] else { return nil }
        return HandoutComposer(vocabulary: catalogue.vocabulary, wording: wording, clinic: clinic, catalogueVersion: catalogueVersion)
    }

    /// Renders a prepared plan: view model -> Markdown -> libcmark HTML -> page. Pure: no files.
    ///
    /// `catalogueVersion` overrides the current one (reproducing a handout issued under an older one).
    public func render(_ plan: Plan, items: [HandoutComposer.Item], previous: Manifest? = nil,
                       catalogueVersion stamp: String? = nil, timings: StageTimings? = nil) -> RenderedHandout {
        let catalogueVersion = stamp ?? catalogueVersion
        let clock = timings ?? StageTimings()
        let language = plan.patient.language
        let wording = wordings[language] ?? wordings["en"]!
        let wordingTree = wordingTrees[language]?.value ?? wording.templateTree
        let text = wordingTree
        let viewModel = clock.measure(.compose) {
            HandoutComposer(vocabulary: catalogue.vocabulary, wording: wording, clinic: clinic, catalogueVersion: catalogueVersion)
                .makeHandout(for: plan, items: items, previous: previous)
        }
        let markdown = clock.measure(.fill) {
            templates.render(clinic.handoutTemplate, with: TemplateNode(base: viewModel, text: text))
        }
        let fragment = clock.measure(.convert) { CommonMark.html(from: markdown, options: .handout) }
        let images = Dictionary(items.flatMap(\.exercise.images).map { ($0.outputName, $0) }, uniquingKeysWith: { a, _ in a })
        let html = clock.measure(.wrap) {
            var styled = styler.style(fragment)
            for (name, image) in images.sorted(by: { $0.key < $1.key }) {
                let size = image.displaySize
                styled = styled.replacingOccurrences(of: "<img src=\"images/\(name)\"",
                    with: "<img src=\"images/\(name)\" width=\"\(size.width)\" height=\"\(size.height)\" style=\"display:block;max-width:100%;height:auto;border:0;background-color:#ffffff;\"")
            }
            let page = PageViewModel(handout: viewModel, bodyHTML: styled, language: language,
                                     preheader: wording.phrase("preheader", ["clinic": clinic.name]))
            return templates.render(clinic.pageTemplate, with: TemplateNode(base: page, text: text))
        }
        let ordered = HandoutComposer.order(items, keepingPlanOrder: plan.keepOrder)
        let manifest = Manifest(
            toolVersion: Self.toolVersion, cmarkVersion: CommonMark.version, catalogueVersion: catalogueVersion,
            patientID: plan.patient.id, sessionDate: plan.sessionDate.description, language: language,
            plan: .init(file: plan.file, sha256: plan.hash),
            exercises: ordered.map {
                .init(id: $0.exercise.id, version: $0.exercise.version, file: $0.exercise.file, sha256: $0.exercise.contentHash,
                      title: $0.exercise.title, dose: .init($0.dose))
            },
            templates: templateHashes,
            outputs: [.init(file: "handout.md", sha256: SHA256.hex(of: markdown)),
                      .init(file: "handout.html", sha256: SHA256.hex(of: html))],
            previous: previous.map { "\($0.sessionDate)\($0.folderSuffix)" })
        let plainText = clock.measure(.fill) {
            TextWrap.wrap(templates.render(clinic.textTemplate, with: TemplateNode(base: viewModel, text: wordingTree)))
        }
        return RenderedHandout(markdown: markdown, html: html, manifest: manifest, viewModel: viewModel, planText: plan.text,
                               text: plainText, images: images.values.sorted { $0.outputName < $1.outputName }, project: project)
    }

    /// The handout as an email to the patient. The Message-ID is derived from the handout's content
    /// and the Date from the session, so the same handout always gives the same bytes; `hep send`
    /// makes a fresh one for each sending.
    public func email(_ handout: RenderedHandout, for plan: Plan, messageID: String? = nil, date: String? = nil) throws -> [UInt8] {
        guard let from = clinic.email else {
            throw MailHeaders.UnsafeValue(header: "From", problem: "is missing: set `email:` in Templates/clinic.yaml")
        }
        guard let to = plan.patient.email else {
            throw MailHeaders.UnsafeValue(header: "To", problem: "is missing: the plan has no `patient.email`")
        }
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let id = messageID ?? "\(SHA256.hex(of: handout.markdown + handout.html).prefix(32)).hep@\(domain)"
        return try MIMEMessage(fromName: clinic.name, fromAddress: from, replyTo: clinic.replyTo, toName: plan.patient.name,
                               toAddress: to, subject: handout.viewModel.title, date: date ?? MIMEMessage.date(plan.sessionDate),
                               messageID: id, text: handout.text, html: MIMEMessage.emailHTML(handout.html),
                               images: try MIMEMessage.parts(for: handout.images, in: project)).bytes()
    }

    /// Writes a rendered handout as a new folder under `output`; returns the folder.
    public func write(_ handout: RenderedHandout, for plan: Plan, to output: URL) throws -> URL {
        try HandoutStore(root: output).write(files: handout.files, patientID: plan.patient.id, date: plan.sessionDate)
    }
}
