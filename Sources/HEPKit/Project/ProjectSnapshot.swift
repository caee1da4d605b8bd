import Foundation
import CommonMark

/// Everything a render needs from the project, loaded and validated once and never changed:
/// clinic settings, wording, templates and the catalogue index. Plans are prepared
/// (`ProjectSnapshot+Plans.swift`) and rendered (`HandoutRenderer.swift`) against it.
///
/// A long-running process keeps a `ProjectHost`, which hands out a new snapshot when the project's
/// files change; parsed exercises are shared between snapshots through a cache keyed by content.
public struct ProjectSnapshot: Sendable {
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
    let wordingTrees: [String: TemplateText]
    /// Inline styles for the clinic's brand colour, built once.
    let styler: HTMLStyler

    /// Loads and checks the project's settings, wording, templates and catalogue index.
    /// Returns nil when any of them has an error; every problem is in `diagnostics`.
    ///
    /// `forRendering`: only what rendering plans needs is read up front; vocabulary terms are read
    /// and checked when a plan or one of its exercises names them (`hep check` reads them all).
    public static func load(_ project: Project, forRendering: Bool = false, into diagnostics: inout DiagnosticList) -> ProjectSnapshot? {
        load(project, exercises: .none, forRendering: forRendering, into: &diagnostics)
    }

    /// Loads for rendering `plans` (paths of plan files), reading their exercises and vocabulary
    /// terms on the second core while this one reads the wording and templates. The plans are
    /// rendered as usual afterwards (`HandoutIssuing`), finding what they need already parsed;
    /// anything a plan names that is wrong is reported then, in the plan's place.
    public static func load(_ project: Project, rendering plans: [String], into diagnostics: inout DiagnosticList) -> ProjectSnapshot? {
        load(project, exercises: .none, forRendering: true, warming: plans, into: &diagnostics)
    }

    /// Plans read ahead by `load(_:rendering:into:)`: enough for one practitioner's command; a
    /// batch keeps both cores busy with its plans instead.
    static let plansReadAhead = 4

    /// Loads with a shared cache of parsed exercises (entries are reused only for identical text).
    static func load(_ project: Project, exercises cache: ExerciseCache, forRendering: Bool = false, warming plans: [String] = [],
                     into diagnostics: inout DiagnosticList) -> ProjectSnapshot? {
        guard project.hasExercisesFolder(into: &diagnostics) else { return nil }
        let start = diagnostics.errors.count
        // Two independent halves, one per core: settings, wording and templates here; the catalogue
        // (and the exercises the plans name) beside. Diagnostics keep the order of one thread.
        let readAhead = plans.count <= plansReadAhead ? plans : []
        let (presented, indexed) = Both.run({
            var found = DiagnosticList()
            let loaded = loadPresentation(project, into: &found)
            return (loaded, found)
        }, {
            var found = DiagnosticList()
            let opened = ExerciseCatalogue.open(project, cache: cache, lazyVocabulary: forRendering, into: &found)
            let version = loadCatalogueVersion(project, into: &found)
            if !found.hasErrors { opened.readAhead(plans: readAhead) }
            return (opened, version, found)
        })
        let ((clinic, wordings, templates, hashes, trees), presentation) = presented
        let (catalogue, catalogueVersion, catalogueDiagnostics) = indexed
        diagnostics.append(contentsOf: presentation)
        diagnostics.append(contentsOf: catalogueDiagnostics)
        guard diagnostics.errors.count == start, let clinic, let catalogueVersion else { return nil }
        return ProjectSnapshot(project: project, clinic: clinic, wordings: wordings, templates: templates, catalogue: catalogue,
                         catalogueVersion: catalogueVersion, templateHashes: hashes.sorted { $0.file < $1.file },
                         wordingTrees: trees, styler: HTMLStyler(brandColour: clinic.brandColour))
    }

    /// The clinic's settings, wording and templates, and the hashes of their files.
    private static func loadPresentation(_ project: Project, into diagnostics: inout DiagnosticList)
        -> (ClinicSettings?, [String: Wording], TemplateLibrary, [Manifest.FileHash], [String: TemplateText]) {
        let clinic = ClinicSettings.load(from: project, into: &diagnostics)
        var wordings: [String: Wording] = [:]
        for language in Plan.supportedLanguages {
            if let wording = Wording.load(language: language, from: project, into: &diagnostics) {
                wordings[language] = wording
            }
        }
        // The wording tree templates receive, built once: the key checks read its shape.
        let trees = wordings.mapValues { TemplateText($0.templateTree) }
        let schema = TemplateSchema(wordings: wordings.mapValues(\.file), trees: trees.mapValues(\.raw))
        let templates = TemplateLibrary.load(from: project, schema: schema, clinic: clinic, into: &diagnostics)
        if let clinic {
            templates.require(clinic.handoutTemplate, format: .markdown, setting: "handout-template", into: &diagnostics)
            templates.require(clinic.pageTemplate, format: .html, setting: "page-template", into: &diagnostics)
            templates.require(clinic.textTemplate, format: .text, setting: "text-template", into: &diagnostics)
        }
        var hashes: [Manifest.FileHash] = []
        for name in ["Templates/clinic.yaml"] + Plan.supportedLanguages.map({ "Templates/wording/\($0).yaml" })
            + templates.entries.values.map(\.file) {
            if let data = FileManager.default.contents(atPath: project.url(name).path) {
                hashes.append(.init(file: name, sha256: SHA256.hex(of: data)))
            }
        }
        return (clinic, wordings, templates, hashes, trees)
    }

    static func loadCatalogueVersion(_ project: Project, into diagnostics: inout DiagnosticList) -> String? {
        let relative = "Exercises/catalogue.yaml"
        guard let text = project.readText(relative, into: &diagnostics, required: true) else { return nil }
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: relative),
              let fields = reader.mapping(root, known: ["name", "version", "shared-sentences"]) else { return nil }
        _ = reader.string("name", in: fields, required: false)
        _ = reader.strings("shared-sentences", in: fields, required: false)
        return reader.string("version", in: fields)
    }
}
