/// One named thing a patient may read about: a muscle, a body region, a condition or equipment.
public struct Term: Sendable, Hashable {
    /// Stable kebab-case id, e.g. `gluteus-medius`.
    public var id: String
    /// Clinical or usual name, e.g. "gluteus medius".
    public var name: String
    /// Everyday phrase that fits in a sentence, e.g. "the muscle on the side of your hip".
    public var plain: String
    /// One sentence a patient understands.
    public var description: String
    /// Equipment every home has (a wall, a chair): never a reason not to suggest an exercise.
    public var household: Bool = false
    /// Where it is defined.
    public var location: SourceLocation
}

/// The plain-language vocabulary (`Exercises/vocabulary/*.yaml`) every reference must resolve against.
public struct Vocabulary: Sendable {
    /// The kinds of vocabulary, one file each.
    public enum Kind: String, Sendable, CaseIterable {
        case muscles, regions, conditions, equipment

        /// Singular noun used in messages ("unknown muscle 'x'").
        public var singular: String {
            switch self {
            case .muscles: "muscle"
            case .regions: "region"
            case .conditions: "condition"
            case .equipment: "equipment"
            }
        }
    }

    /// Terms by kind, then id.
    public private(set) var terms: [Kind: [String: Term]] = [:]

    /// An empty vocabulary.
    public init() {}

    /// Looks up a term.
    public func term(_ kind: Kind, _ id: String) -> Term? { terms[kind]?[id] }

    /// All ids of a kind, sorted.
    public func ids(_ kind: Kind) -> [String] { (terms[kind] ?? [:]).keys.sorted() }

    mutating func add(_ term: Term, kind: Kind) { terms[kind, default: [:]][term.id] = term }

    /// Checks that `id` is a known term of `kind`, adding an error with the closest id as a hint if not.
    func resolve(_ id: Located<String>, as kind: Kind, into diagnostics: inout DiagnosticList) {
        guard term(kind, id.value) == nil else { return }
        var hint: Hint = "known ids are in Exercises/vocabulary/\(kind.rawValue).yaml; add it there if it is new"
        if let close = Suggestions.closest(to: id.value, in: ids(kind)) {
            hint = hint.prefixed("did you mean '\(close)'? ")
        }
        diagnostics.error(id.location, "unknown \(kind.singular) '\(id.value)'", hint: hint)
    }
}

extension Vocabulary {
    /// Loads every vocabulary file under `Exercises/vocabulary/`.
    static func load(from project: Project, into diagnostics: inout DiagnosticList) -> Vocabulary {
        var vocabulary = Vocabulary()
        for kind in Kind.allCases {
            let relative = "Exercises/vocabulary/\(kind.rawValue).yaml"
            guard let text = project.readText(relative, into: &diagnostics, required: true) else { continue }
            var reader = YAMLReader()
            defer { diagnostics.append(contentsOf: reader.diagnostics) }
            guard let root = reader.parse(text, file: relative) else { continue }
            guard case .mapping(let mapping) = root.node else {
                reader.diagnostics.error(root.location, "a vocabulary file must map each id to its name, plain and description")
                continue
            }
            for (keyNode, _) in mapping {
                guard case .scalar(let key) = keyNode else { continue }
                let id = key.string
                let keyValue = YAMLValue(node: keyNode, path: id, file: relative, lineOffset: 0)
                if !Identifier.isKebabCase(id) {
                    reader.diagnostics.error(keyValue.location, "vocabulary id '\(id)' must be kebab-case (lower-case words joined by '-')")
                }
            }
            guard let entries = reader.mapping(root, known: mapping.keys.compactMap(\.scalar?.string)) else { continue }
            for entry in entries.entries {
                let known = kind == .equipment ? ["name", "plain", "description", "household"] : ["name", "plain", "description"]
                guard let fields = reader.mapping(entry.value, known: known) else { continue }
                let name = reader.string("name", in: fields)
                let plain = reader.string("plain", in: fields)
                let description = reader.string("description", in: fields)
                let household = reader.bool("household", in: fields, required: false) ?? false
                guard let name, let plain, let description else { continue }
                vocabulary.add(Term(id: entry.key, name: name, plain: plain, description: description,
                                    household: household, location: entry.keyLocation), kind: kind)
            }
        }
        return vocabulary
    }
}

/// Rules for ids of exercises and vocabulary terms.
enum Identifier {
    /// `glute-bridge`: lower-case letters and digits in words joined by single hyphens.
    static func isKebabCase(_ id: String) -> Bool {
        guard !id.isEmpty, id.count <= 80 else { return false }
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}
