import Foundation

/// How outside terms (a database's muscle, equipment and category names) become vocabulary ids:
/// the `--mapping` file of `hep catalogue import`. See Exercises/README.md.
struct ImportMapping: Sendable {
    /// Written before each row's id in `source:` ("free-exercise-db: Barbell_Squat").
    var source: String?
    /// The licence of rows that give none.
    var licence: String?
    /// The phase of rows that give none and whose category is not under `phases:`.
    var phase: Phase?
    /// Outside term (lower-cased) -> vocabulary ids, per kind; an empty list maps to nothing on purpose.
    var terms: [Vocabulary.Kind: [String: [String]]] = [:]
    /// Outside category or level (lower-cased) -> phase.
    var phases: [String: Phase] = [:]

    static let keys = ["source", "licence", "phase", "muscles", "regions", "equipment", "phases"]

    /// Reads a mapping file; every mapped id must be in the vocabulary.
    static func load(_ text: String, file: String, vocabulary: Vocabulary, into diagnostics: inout DiagnosticList) -> ImportMapping? {
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        guard let root = reader.parse(text, file: file), let fields = reader.mapping(root, known: keys, what: "the mapping file") else { return nil }
        var mapping = ImportMapping()
        mapping.source = reader.string("source", in: fields, required: false)
        mapping.licence = reader.string("licence", in: fields, required: false)
        mapping.phase = fields["phase"].flatMap { reader.choice($0, as: Phase.self) }
        for (key, kind) in [("muscles", Vocabulary.Kind.muscles), ("regions", .regions), ("equipment", .equipment)] {
            guard let value = fields[key], !value.isNull else { continue }
            guard case .mapping(let pairs) = value.node else {
                reader.diagnostics.error(value.location, "'\(key)' must map each outside term to a vocabulary id, e.g. `lower back: erector-spinae`")
                continue
            }
            var table: [String: [String]] = [:]
            for (keyNode, idsNode) in pairs {
                guard let term = keyNode.scalar?.string.trimmed.lowercased() else { continue }
                let ids = value.child(term, idsNode)
                let items: [YAMLValue]
                if case .sequence = idsNode { items = reader.list(ids) ?? [] } else if ids.isNull { items = [] } else { items = [ids] }
                var resolved: [String] = []
                for item in items {
                    guard let id = reader.string(item) else { continue }
                    vocabulary.resolve(Located(id, at: item.location), as: kind, into: &reader.diagnostics)
                    resolved.append(id)
                }
                table[term] = resolved
            }
            mapping.terms[kind] = table
        }
        if let value = fields["phases"], !value.isNull {
            if case .mapping(let pairs) = value.node {
                for (keyNode, phaseNode) in pairs {
                    guard let term = keyNode.scalar?.string.trimmed.lowercased(),
                          let phase = reader.choice(value.child(term, phaseNode), as: Phase.self) else { continue }
                    mapping.phases[term] = phase
                }
            } else {
                reader.diagnostics.error(value.location, "'phases' must map each category or level to a phase, e.g. `stretching: lengthen`")
            }
        }
        return reader.diagnostics.hasErrors ? nil : mapping
    }

    /// The vocabulary ids for an outside term: the mapping's, else the term itself when, written
    /// in kebab-case, it is already a vocabulary id; nil when unmapped.
    func ids(for term: String, kind: Vocabulary.Kind, vocabulary: Vocabulary) -> [String]? {
        let key = term.trimmed.lowercased()
        if let ids = terms[kind]?[key] { return ids }
        let id = ImportID.kebab(term)
        return vocabulary.term(kind, id) != nil ? [id] : nil
    }
}

/// Ids for imported exercises.
enum ImportID {
    /// Lower-case ASCII words joined by '-': accents dropped ("Übung" -> "ubung"), other letters
    /// spelled out where usual ("ß" -> "ss"), anything else a word break. Empty when nothing is left.
    static func kebab(_ text: String) -> String {
        let folded = text.replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "æ", with: "ae")
            .replacingOccurrences(of: "Æ", with: "ae").replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "oe")
            .replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "Ø", with: "o").replacingOccurrences(of: "ł", with: "l")
            .replacingOccurrences(of: "Ł", with: "l").replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
        var words: [String] = []
        var word = ""
        for scalar in folded.decomposedASCIILetters {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        // Leave room for a "-2" suffix under the 80-character id limit.
        var id = ""
        for word in words where id.count + word.count + 1 <= 76 || id.isEmpty {
            id += id.isEmpty ? String(word.prefix(76)) : "-" + word
        }
        return id
    }
}

private extension String {
    /// Lower-cased unicode scalars with combining marks removed (NFD, then marks dropped).
    var decomposedASCIILetters: [Unicode.Scalar] {
        decomposedStringWithCanonicalMapping.lowercased().unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }
}
