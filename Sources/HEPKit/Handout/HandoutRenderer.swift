import Foundation
import CommonMark

/// The pure part of the pipeline: prepared plan -> view model -> Markdown -> libcmark HTML -> page,
/// and the email packaged from the same render. Reads no files and writes none.
extension ProjectSnapshot {
    /// Renders a prepared plan for a handout folder (pictures as files beside the HTML).
    ///
    /// `catalogueVersion` overrides the current one (reproducing a handout issued under an older one).
    public func render(_ plan: Plan, items: [HandoutComposer.Item], previous: Manifest? = nil,
                       catalogueVersion stamp: String? = nil, timings: StageTimings? = nil) -> RenderedHandout {
        let catalogueVersion = stamp ?? catalogueVersion
        let clock = timings ?? StageTimings()
        let language = plan.patient.language
        let wording = wordings[language] ?? wordings["en"]!
        let (viewModel, images, markdown, html) = composedPage(plan, items: items, previous: previous, catalogueVersion: catalogueVersion, timings: clock)
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
            pictures: Self.pictureRecords(ordered),
            previous: previous.map { "\($0.sessionDate)\($0.folderSuffix)" },
            reference: HandoutComposer.reference(plan: plan, catalogueVersion: catalogueVersion))
        let wordingTree = wordingTrees[language] ?? TemplateText(wording.templateTree)
        let plainText = clock.measure(.fill) {
            TextWrap.wrap(templates.render(clinic.textTemplate, with: TemplateNode(base: viewModel, text: wordingTree)))
        }
        return RenderedHandout(markdown: markdown, html: html, manifest: manifest, viewModel: viewModel, planText: plan.text,
                               text: plainText, images: images)
    }

    /// The handout page alone, byte for byte the `html` that `render` gives for the same plan: what
    /// the desk's live preview shows on every change, without the manifest's hashes or the plain text.
    public func renderPage(_ plan: Plan, items: [HandoutComposer.Item], previous: Manifest? = nil) -> String {
        composedPage(plan, items: items, previous: previous, catalogueVersion: catalogueVersion, timings: StageTimings()).html
    }

    /// The view model, the pictures and the page: the part `render` and `renderPage` share.
    func composedPage(_ plan: Plan, items: [HandoutComposer.Item], previous: Manifest?, catalogueVersion: String,
                      timings clock: StageTimings) -> (HandoutViewModel, [ExerciseImage], markdown: String, html: String) {
        let language = plan.patient.language
        let wording = wordings[language] ?? wordings["en"]!
        let viewModel = clock.measure(.compose) {
            HandoutComposer(vocabulary: catalogue.vocabulary, wording: wording, clinic: clinic, catalogueVersion: catalogueVersion)
                .makeHandout(for: plan, items: items, previous: previous)
        }
        let images = Dictionary(items.flatMap(\.exercise.images).map { ($0.outputName, $0) }, uniquingKeysWith: { a, _ in a })
            .values.sorted { $0.outputName < $1.outputName }
        let (markdown, html) = page(viewModel, language: language, images: images, media: .files, timings: clock)
        return (viewModel, images, markdown, html)
    }

    /// Each picture once, in handout order, with the exercise it shows, its credit and licence.
    static func pictureRecords(_ items: [HandoutComposer.Item]) -> [Manifest.PictureRecord]? {
        var seen = Set<String>(), records: [Manifest.PictureRecord] = []
        for item in items {
            for image in item.exercise.images where seen.insert(image.outputName).inserted {
                records.append(.init(file: "images/\(image.outputName)", sha256: image.sha256, exercise: item.exercise.id,
                                     credit: image.credit, licence: image.licence))
            }
        }
        return records.isEmpty ? nil : records
    }

    /// Markdown and page HTML of a view model, with pictures linked as `media` says.
    func page(_ viewModel: HandoutViewModel, language: String, images: [ExerciseImage], media: MediaLinks,
              timings clock: StageTimings) -> (markdown: String, html: String) {
        let wording = wordings[language] ?? wordings["en"]!
        let text = wordingTrees[language] ?? TemplateText(wording.templateTree)
        var linked = viewModel
        for index in linked.exercises.indices {
            for (imageIndex, image) in linked.exercises[index].images.enumerated() {
                if let picture = images.first(where: { "images/\($0.outputName)" == image.src }) {
                    linked.exercises[index].images[imageIndex].src = media.source(for: picture)
                }
            }
        }
        let markdown = clock.measure(.fill) {
            templates.render(clinic.handoutTemplate, with: TemplateNode(base: linked, text: text))
        }
        let fragment = clock.measure(.convert) { CommonMark.html(from: markdown, options: .handout) }
        let pictures = Dictionary(images.map { (media.source(for: $0), $0.displaySize) }, uniquingKeysWith: { a, _ in a })
        let html = clock.measure(.wrap) {
            let page = PageViewModel(handout: linked, bodyHTML: styler.style(fragment, pictures: pictures), language: language,
                                     preheader: wording.phrase("preheader", ["clinic": clinic.name]))
            return templates.render(clinic.pageTemplate, with: TemplateNode(base: page, text: text))
        }
        return (markdown, html)
    }

    /// The handout as an email to the patient: the same view model rendered with `cid:` pictures,
    /// the plain-text twin and the pictures as parts. The one path to an email, for `render --eml`
    /// and for sending.
    ///
    /// Without `messageID` the id is derived from the handout's content and the Date from the
    /// session, so the same handout always gives the same bytes; sending gives a fresh one each time.
    public func email(_ handout: RenderedHandout, for plan: Plan, messageID: String? = nil, date: String? = nil) throws -> [UInt8] {
        guard let from = clinic.email else {
            throw MailHeaders.UnsafeValue(header: "From", problem: "is missing: set `email:` in Templates/clinic.yaml")
        }
        guard let to = plan.patient.email else {
            throw MailHeaders.UnsafeValue(header: "To", problem: "is missing: the plan has no `patient.email`")
        }
        let id = messageID ?? MessageID.derived(from: handout, domain: MessageID.domain(of: from))
        let html = page(handout.viewModel, language: plan.patient.language, images: handout.images, media: .email,
                        timings: StageTimings()).html
        return try MIMEMessage(fromName: clinic.name, fromAddress: from, replyTo: clinic.replyTo, toName: plan.patient.name,
                               toAddress: to, subject: handout.viewModel.title, date: date ?? MIMEMessage.date(plan.sessionDate),
                               messageID: id, text: handout.text, html: html, images: MIMEMessage.parts(for: handout.images)).bytes()
    }
}
