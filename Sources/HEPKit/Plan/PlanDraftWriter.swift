import Foundation

/// Writes a `PlanDraft` as plan YAML, keeping what the practitioner wrote wherever it did not change.
///
/// The rule, exactly:
/// - The original text is cut into **blocks**: at the top level, each key written at column 0
///   (`patient:`, `exercises:` ...); inside `patient:`, `session:` and `findings:`, each of their
///   keys; inside `exercises:`, `findings.muscles:` and `findings.pain:`, each list item (`- ...`).
///   A block's *content* runs from its key (or `-`) line to its last line that is neither blank nor
///   a comment before the next block at the same level; the blank and comment lines above a block
///   are its *leading* lines (the first block's leading lines are the file's header).
/// - A block whose value is the same in the draft as in the original is copied byte for byte,
///   leading lines, comments inside it, quoting and flow style included. So writing an unchanged
///   draft gives back the original text exactly.
/// - A changed block keeps its leading lines and has its content rewritten in hep's own layout;
///   comments *inside* a changed block are lost (inside `patient:`/`session:`/`findings:` and the
///   three lists, only the changed key or item counts as changed, so little is rewritten).
/// - A removed block goes with its leading lines. A new key is written after the nearest key
///   before it in the plan's usual order; list items follow the draft's order (a kept item is
///   moved with its leading comment lines).
/// - Keys hep does not know are copied as they are. Text that is not YAML is replaced whole.
///
/// Every text value is written as data, never as YAML structure: a plain scalar only when it is
/// unambiguous (`PlanDraftWriter.scalar`), else double-quoted with escapes.
enum PlanDraftWriter {
    /// A value as it will be written.
    indirect enum Value: Hashable {
        /// An already-escaped scalar.
        case scalar(String)
        case flowList([String])
        case flowMap([Pair])
        case map([Pair])
        case list([Value])
    }
    struct Pair: Hashable {
        var key: String
        var value: Value
    }

    static let topKeys = ["patient", "session", "findings", "goals", "conditions", "equipment", "pain-limit",
                          "exercises", "keep-order", "advice", "follow-up"]
    static let childKeys = ["patient": ["id", "name", "preferred-name", "email", "email-confirmed", "language"],
                            "session": ["date", "practitioner"],
                            "findings": ["muscles", "pain", "movement", "notes"]]

    // MARK: The draft as values

    static func values(_ draft: PlanDraft) -> [Pair] {
        var top: [Pair] = []
        func add(_ key: String, _ value: Value?, to pairs: inout [Pair]) { if let value { pairs.append(Pair(key: key, value: value)) } }
        var patient: [Pair] = []
        add("id", text(draft.patient.id), to: &patient)
        add("name", text(draft.patient.name), to: &patient)
        add("preferred-name", text(draft.patient.preferredName), to: &patient)
        add("email", text(draft.patient.email), to: &patient)
        add("email-confirmed", draft.patient.emailConfirmed ? .scalar("true") : nil, to: &patient)
        add("language", text(draft.patient.language), to: &patient)
        add("patient", patient.isEmpty ? nil : .map(patient), to: &top)
        var session: [Pair] = []
        add("date", date(draft.sessionDate), to: &session)
        add("practitioner", text(draft.practitioner), to: &session)
        add("session", session.isEmpty ? nil : .map(session), to: &top)
        var findings: [Pair] = []
        add("muscles", list(draft.muscles.map { muscle in
            var pairs: [Pair] = []
            add("muscle", text(muscle.muscle), to: &pairs)
            add("side", text(muscle.side), to: &pairs)
            add("status", text(muscle.status), to: &pairs)
            add("test", text(muscle.test), to: &pairs)
            add("note", text(muscle.note), to: &pairs)
            return .map(pairs)
        }), to: &findings)
        add("pain", list(draft.pain.map { pain in
            var pairs: [Pair] = []
            add("region", text(pain.region), to: &pairs)
            add("side", text(pain.side), to: &pairs)
            add("score", number(pain.score), to: &pairs)
            add("note", text(pain.note), to: &pairs)
            return .map(pairs)
        }), to: &findings)
        add("movement", list(draft.movement.compactMap(text)), to: &findings)
        add("notes", list(draft.notes.compactMap(text)), to: &findings)
        add("findings", findings.isEmpty ? nil : .map(findings), to: &top)
        add("goals", list(draft.goals.compactMap(text)), to: &top)
        add("conditions", flowList(draft.conditions), to: &top)
        add("equipment", flowList(draft.equipment), to: &top)
        add("pain-limit", number(draft.painLimit), to: &top)
        add("exercises", list(draft.exercises.map { exercise in
            var pairs: [Pair] = []
            add("id", text(exercise.id), to: &pairs)
            add("version", number(exercise.version), to: &pairs)
            add("side", text(exercise.side), to: &pairs)
            let dose = PlanDraft.Exercise.doseKeys.compactMap { key -> Pair? in
                guard let given = exercise.dosage[key]?.trimmingBlanks(), !given.isEmpty else { return nil }
                return Pair(key: key, value: .scalar(flowScalar(given)))
            }
            add("dosage", dose.isEmpty ? nil : .flowMap(dose), to: &pairs)
            add("note", text(exercise.note), to: &pairs)
            add("addresses", text(exercise.addresses), to: &pairs)
            return .map(pairs)
        }), to: &top)
        add("keep-order", draft.keepOrder ? .scalar("true") : nil, to: &top)
        add("advice", list(draft.advice.compactMap(text)), to: &top)
        add("follow-up", date(draft.followUp), to: &top)
        return top
    }

    static func text(_ value: String) -> Value? {
        let trimmed = value.trimmingBlanks()
        return trimmed.isEmpty ? nil : .scalar(scalar(trimmed))
    }
    static func number(_ value: String) -> Value? {
        let trimmed = value.trimmingBlanks()
        guard !trimmed.isEmpty else { return nil }
        return .scalar(trimmed.count <= 6 && trimmed.allSatisfy(\.isASCIIDigit) ? trimmed : quoted(trimmed))
    }
    static func date(_ value: String) -> Value? {
        let trimmed = value.trimmingBlanks()
        guard !trimmed.isEmpty else { return nil }
        let isDate = trimmed.count == 10 && trimmed.enumerated().allSatisfy { index, character in
            index == 4 || index == 7 ? character == "-" : character.isASCIIDigit
        }
        return .scalar(isDate ? trimmed : quoted(trimmed))
    }
    static func list(_ items: [Value]) -> Value? { items.isEmpty ? nil : .list(items) }
    static func flowList(_ items: [String]) -> Value? {
        let items = items.map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : .flowList(items.map(flowScalar))
    }

    // MARK: Escaping

    static let reservedWords: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]

    /// `text` as a YAML scalar in block context that reads back as exactly `text`: plain when it
    /// starts with a letter and holds nothing YAML could take as structure, else double-quoted.
    static func scalar(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic,
              text.utf8.count > 5 || !reservedWords.contains(text.lowercased()) else { return quoted(text) }
        // One pass (the editor writes every field on every keystroke): no ": " or " #", no
        // trailing ":" or space, nothing that is not plain-safe.
        var previous: Unicode.Scalar = "\0"
        for scalar in text.unicodeScalars {
            if !isPlainSafe(scalar) || (previous == ":" && scalar == " ") || (previous == " " && scalar == "#") { return quoted(text) }
            previous = scalar
        }
        return previous == ":" || previous == " " ? quoted(text) : text
    }

    /// `text` inside a flow collection (`[a, b]`, `{sets: 2}`): plain only for ids and numbers.
    static func flowScalar(_ text: String) -> String {
        let isID = !text.isEmpty && text.count <= 80 && !reservedWords.contains(text.lowercased())
            && text.first.map { $0.isASCIILetter || $0.isASCIIDigit } == true
            && text.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" || $0 == "." }
        return isID ? text : quoted(text)
    }

    static func isPlainSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029, 0xFEFF: false
        default: true
        }
    }

    /// A double-quoted YAML scalar: `\` and `"` escaped, every control or line-breaking character as `\uXXXX` or its short escape.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isPlainSafe(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\\u" + String(format: "%04X", scalar.value)
                }
            }
        }
        return out + "\""
    }

    // MARK: Layout

    static func render(_ pair: Pair, indent: String) -> [String] {
        let head = indent + pair.key + ":"
        switch pair.value {
        case .scalar(let text): return [head + " " + text]
        case .flowList(let items): return [head + " [" + items.joined(separator: ", ") + "]"]
        case .flowMap(let pairs): return [head + " {" + pairs.map { "\($0.key): \(flat($0.value))" }.joined(separator: ", ") + "}"]
        case .map(let pairs): return [head] + pairs.flatMap { render($0, indent: indent + "  ") }
        case .list(let items): return [head] + items.flatMap { item($0, indent: indent + "  ") }
        }
    }

    static func flat(_ value: Value) -> String {
        if case .scalar(let text) = value { return text }
        return "\"\""
    }

    static func item(_ value: Value, indent: String) -> [String] {
        switch value {
        case .map(let pairs) where !pairs.isEmpty:
            var lines = pairs.flatMap { render($0, indent: indent + "  ") }
            lines[0] = indent + "- " + lines[0].dropFirst(indent.count + 2)
            return lines
        case .map: return [indent + "- {}"]
        case .scalar(let text): return [indent + "- " + text]
        default: return [indent + "- \"\""]
        }
    }

    // MARK: Writing

    static func write(_ draft: PlanDraft, keeping original: String?, openedAs opened: PlanDraft? = nil) -> String {
        let new = values(draft)
        guard let original, !original.isEmpty, let old = opened ?? (try? PlanDraft(text: original, file: "plan")) else {
            return new.flatMap { render($0, indent: "") }.map { $0 + "\n" }.joined()
        }
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let finalNewline = original.hasSuffix("\n")
        if finalNewline { lines.removeLast() }
        let document = Document(lines: lines)
        let out = document.mergeMap(old: values(old), new: new, range: 0..<lines.count, indent: 0, keys: topKeys, path: "")
        return out.joined(separator: "\n") + (finalNewline || out.isEmpty ? "\n" : "")
    }

    /// The original text's lines, cut into blocks.
    struct Document {
        let lines: [String]

        struct Block {
            var key: String
            var leading: Range<Int>
            var content: Range<Int>
        }

        func indentOf(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        func isFiller(_ line: String) -> Bool {
            let trimmed = line.trimmingBlanks(newlines: true)
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }

        /// The key a line starts at exactly `indent` spaces, if it is a `key:` line.
        func key(_ line: String, indent: Int) -> String? {
            guard indentOf(line) == indent else { return nil }
            let rest = line.dropFirst(indent)
            guard let first = rest.first, first.isLetter || first.isNumber, let colon = rest.firstIndex(of: ":") else { return nil }
            let after = rest[rest.index(after: colon)...]
            guard after.isEmpty || after.first == " " || after.first == "\r" else { return nil }
            let key = rest[..<colon]
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
            return String(key)
        }

        func isItem(_ line: String, indent: Int) -> Bool {
            guard indentOf(line) == indent else { return false }
            let rest = line.dropFirst(indent)
            return rest == "-" || rest.hasPrefix("- ") || rest.hasPrefix("-\r")
        }

        /// Blocks starting where `starts` says, within `range`; the lines after the last block's content.
        func blocks(in range: Range<Int>, starts: (String) -> String?) -> (blocks: [Block], tail: Range<Int>) {
            var blocks: [Block] = []
            var open: (key: String, line: Int, leading: Int)?
            var lastContent = range.lowerBound - 1
            func close(before end: Int) -> Int {
                guard let current = open else { return range.lowerBound }
                let contentEnd = max(lastContent, current.line) + 1
                blocks.append(Block(key: current.key, leading: current.leading..<current.line, content: current.line..<contentEnd))
                return contentEnd
            }
            for index in range {
                let line = lines[index]
                if let key = starts(line) {
                    let leadingStart = close(before: index)
                    open = (key, index, leadingStart)
                    lastContent = index
                } else if !isFiller(line) {
                    lastContent = index
                }
            }
            let tailStart = close(before: range.upperBound)
            return (blocks, tailStart..<range.upperBound)
        }

        /// The lines inside a block after its key line, when the key line holds nothing but the key
        /// (and perhaps a comment); nil for `key: value` written on one line.
        func body(of block: Block) -> Range<Int>? {
            let line = lines[block.content.lowerBound]
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let rest = line[line.index(after: colon)...].trimmingBlanks(newlines: true)
            guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
            return (block.content.lowerBound + 1)..<block.content.upperBound
        }

        /// The indent of the first line in `range` that is not filler.
        func firstIndent(in range: Range<Int>) -> Int? {
            range.first { !isFiller(lines[$0]) }.map { indentOf(lines[$0]) }
        }

        func mergeMap(old: [Pair], new: [Pair], range: Range<Int>, indent: Int, keys: [String], path: String) -> [String] {
            let pad = String(repeating: " ", count: indent)
            let (blocks, tail) = blocks(in: range) { key($0, indent: indent) }
            let oldValues = Dictionary(old.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let newValues = Dictionary(new.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let present = Set(blocks.map(\.key))
            // Each new key goes after the present key of the highest rank below its own (nil: before the first known key).
            var after: [Int?: [Pair]] = [:]
            for pair in new where !present.contains(pair.key) {
                guard let rank = keys.firstIndex(of: pair.key) else { continue }
                let anchor = blocks.indices.filter { keys.firstIndex(of: blocks[$0].key).map { $0 < rank } ?? false }
                    .max { keys.firstIndex(of: blocks[$0].key)! < keys.firstIndex(of: blocks[$1].key)! }
                after[anchor, default: []].append(pair)
            }
            let firstKnown = blocks.firstIndex { keys.contains($0.key) }
            var out: [String] = []
            if firstKnown == nil { out += (after[nil] ?? []).flatMap { render($0, indent: pad) } }
            for (index, block) in blocks.enumerated() {
                let isKnown = keys.contains(block.key)
                if index == firstKnown {
                    out += lines[block.leading]
                    out += (after[nil] ?? []).flatMap { render($0, indent: pad) }
                    out += merged(block, old: oldValues[block.key], new: newValues[block.key], known: true, indent: indent, path: path, keepLeading: false)
                } else {
                    out += merged(block, old: oldValues[block.key], new: newValues[block.key], known: isKnown, indent: indent, path: path, keepLeading: true)
                }
                out += (after[index] ?? []).flatMap { render($0, indent: pad) }
            }
            out += lines[tail]
            return out
        }

        func merged(_ block: Block, old: Value?, new: Value?, known: Bool, indent: Int, path: String, keepLeading: Bool) -> [String] {
            let leading = keepLeading ? Array(lines[block.leading]) : []
            guard known else { return leading + lines[block.content] }
            guard let new else { return [] }  // removed, with its leading lines
            if old == new { return leading + lines[block.content] }
            let pad = String(repeating: " ", count: indent)
            let full = path.isEmpty ? block.key : "\(path).\(block.key)"
            if let body = body(of: block), let old {
                if case .map(let oldPairs) = old, case .map(let newPairs) = new, let children = PlanDraftWriter.childKeys[full],
                   let childIndent = firstIndent(in: body), childIndent > indent {
                    return leading + [lines[block.content.lowerBound]]
                        + mergeMap(old: oldPairs, new: newPairs, range: body, indent: childIndent, keys: children, path: full)
                }
                if case .list(let oldItems) = old, case .list(let newItems) = new, ["exercises", "findings.muscles", "findings.pain"].contains(full),
                   let itemIndent = firstIndent(in: body), let merged = mergeItems(old: oldItems, new: newItems, range: body, indent: itemIndent) {
                    return leading + [lines[block.content.lowerBound]] + merged
                }
            }
            return leading + render(Pair(key: block.key, value: new), indent: pad)
        }

        /// The list items in `range`, each kept when unchanged; nil when the lines do not match the parsed list.
        func mergeItems(old: [Value], new: [Value], range: Range<Int>, indent: Int) -> [String]? {
            let (blocks, tail) = blocks(in: range) { isItem($0, indent: indent) ? "-" : nil }
            guard blocks.count == old.count else { return nil }
            let pad = String(repeating: " ", count: indent)
            var used = Set<Int>()
            var out: [String] = []
            for value in new {
                if let match = old.indices.first(where: { !used.contains($0) && old[$0] == value }) {
                    used.insert(match)
                    out += lines[blocks[match].leading] + lines[blocks[match].content]
                } else {
                    out += item(value, indent: pad)
                }
            }
            return out + lines[tail]
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
