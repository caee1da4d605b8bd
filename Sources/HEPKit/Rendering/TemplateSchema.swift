/// What a template may name, level by level, and what each name gives it: the keys of each
/// view-model type (declared beside the view model, in `HandoutViewModel+TemplateSchema.swift`,
/// next to the `templateValue` lookups a test holds them to) and the nested shape of the loaded
/// wording, which every level reaches as `text`.
///
/// The template check resolves every tag against this, scope by scope, as swift-mustache would.
struct TemplateSchema: Sendable {
    /// A view-model type templates receive (each one answers `TemplateKeyed.templateValue`).
    enum ViewType: String, Sendable, Hashable, CaseIterable {
        case handout, patient, clinic, exercise, image, step, page
    }

    /// What a key gives a template.
    enum Kind: Sendable, Hashable {
        /// A String.
        case text
        /// An Int (shown as text).
        case number
        /// A String that may be missing: `{{#key}}...{{/key}}` shows only when it is there.
        case optionalText
        /// A list of Strings.
        case textList
        /// A list of view-model values.
        case list(ViewType)
        /// One view-model value.
        case object(ViewType)
        /// A group of the wording: the path below `text` (`[]` is `text` itself).
        case wording([String])
    }

    /// One key of a view-model type.
    struct Key: Sendable {
        let name: String
        let kind: Kind
    }

    /// The shape of one wording file: a phrase is text, a list a list of text, a group an object.
    indirect enum WordingShape: Sendable, Hashable {
        case phrase, list, group([String: WordingShape])

        init(tree value: Any) {
            if let group = value as? [String: Any] {
                self = .group(group.mapValues { WordingShape(tree: $0) })
            } else if value is [String] {
                self = .list
            } else {
                self = .phrase
            }
        }

        func node(at path: some Collection<String>) -> WordingShape? {
            guard let head = path.first else { return self }
            guard case .group(let children) = self, let child = children[head] else { return nil }
            return child.node(at: path.dropFirst())
        }
    }

    /// The key every view-model level answers with the wording tree (`TemplateNode.child`).
    static let wordingKey = "text"

    /// Each loaded wording file's shape, built from the very tree templates receive.
    let wordings: [(file: String, shape: WordingShape)]

    init(wordings: [String: Wording]) {
        self.init(wordings: wordings.mapValues(\.file), trees: wordings.mapValues(\.templateTree))
    }

    /// From trees already built: each language's file and tree.
    init(wordings files: [String: String], trees: [String: [String: Any]]) {
        wordings = files.sorted { $0.key < $1.key }.map { ($0.value, WordingShape(tree: trees[$0.key] ?? [:])) }
    }

    /// The keys of a view-model type: `text` first (`TemplateNode.child` answers it before the
    /// type's own lookup), then the type's in declaration order.
    func keys(of type: ViewType) -> [Key] {
        [Key(name: Self.wordingKey, kind: .wording([]))] + type.declaredKeys
    }

    /// The kind of a view-model type's key, or nil when `templateValue` does not answer it.
    func kind(of key: String, in type: ViewType) -> Kind? {
        key == Self.wordingKey ? .wording([]) : type.declaredKeys.first { $0.name == key }?.kind
    }

    /// What looking up a key in a wording group finds.
    enum WordingLookup: Equatable {
        /// No wording file loaded (its own errors are reported): nothing to check against.
        case unchecked
        case found(Kind)
        /// The key is missing from these wording files.
        case missing(files: [String])
        /// The files disagree: a phrase in one, a group in another.
        case mixed([String: Kind])
    }

    /// Looks up `key` in the wording group at `path`, in every wording file.
    func wordingChild(_ key: String, of path: [String]) -> WordingLookup {
        guard !wordings.isEmpty else { return .unchecked }
        var kinds: [String: Kind] = [:], missing: [String] = []
        for (file, shape) in wordings {
            switch shape.node(at: path + [key]) {
            case .phrase: kinds[file] = .text
            case .list: kinds[file] = .textList
            case .group: kinds[file] = .wording(path + [key])
            case nil: missing.append(file)
            }
        }
        if !missing.isEmpty { return .missing(files: missing) }
        let distinct = Set(kinds.values)
        return distinct.count == 1 ? .found(distinct.first!) : .mixed(kinds)
    }

    /// The keys of the wording group at `path`, in any wording file, sorted.
    func wordingKeys(of path: [String]) -> [String] {
        var keys = Set<String>()
        for (_, shape) in wordings {
            if case .group(let children)? = shape.node(at: path) { keys.formUnion(children.keys) }
        }
        return keys.sorted()
    }
}

extension TemplateSchema.ViewType {
    /// The keys `templateValue` answers, with their kinds.
    var declaredKeys: [TemplateSchema.Key] {
        switch self {
        case .handout: HandoutViewModel.templateSchema
        case .patient: HandoutViewModel.PatientView.templateSchema
        case .clinic: HandoutViewModel.ClinicView.templateSchema
        case .exercise: HandoutViewModel.ExerciseView.templateSchema
        case .image: HandoutViewModel.ImageView.templateSchema
        case .step: HandoutViewModel.StepView.templateSchema
        case .page: PageViewModel.templateSchema
        }
    }

    /// "the handout", "an exercise": one value of this type, in words.
    var one: String {
        switch self {
        case .handout: "the handout"
        case .patient: "the patient"
        case .clinic: "the clinic"
        case .exercise: "an exercise"
        case .image: "a picture"
        case .step: "a step"
        case .page: "the page"
        }
    }

    /// "exercises": a list of this type, in words.
    var plural: String {
        switch self {
        case .handout: "handouts"
        case .patient: "patients"
        case .clinic: "clinics"
        case .exercise: "exercises"
        case .image: "pictures"
        case .step: "steps"
        case .page: "pages"
        }
    }

    /// "each exercise" for the types that come in lists, else "the clinic".
    var each: String {
        switch self {
        case .exercise: "each exercise"
        case .image: "each picture"
        case .step: "each step"
        default: one
        }
    }
}
