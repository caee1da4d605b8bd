import Foundation

/// The text of one imported exercise: the skeleton's shape, filled with what the source gave.
struct ImportDraft {
    var id: String
    var title: String
    var purpose: String?
    var phase: Phase
    var mapped: [Vocabulary.Kind: [String]]
    var unmapped: [Vocabulary.Kind: [String]]
    var steps: [String]
    var source: String
    var licence: String?
    var date: CalendarDate

    /// Steps as the patient reads them: empty ones dropped, a leading "6." or "-" marker removed,
    /// white space (line breaks too) run together.
    static func cleanSteps(_ steps: [String]) -> [String] {
        steps.map { step in
            var text = Substring(step.oneLine)
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let marker = text.dropFirst(digits.count).first, marker == "." || marker == ")" {
                text = text.dropFirst(digits.count + 1)
            } else if let first = text.first, "-*+•".contains(first), text.dropFirst().first == " " {
                text = text.dropFirst()
            }
            return String(text).trimmed
        }.filter { !$0.isEmpty }
    }

    var text: String {
        func list(_ kind: Vocabulary.Kind, placeholder: String?) -> String {
            var ids = mapped[kind] ?? []
            if ids.isEmpty, let placeholder { ids = [placeholder] }
            var line = "[\(ids.joined(separator: ", "))]"
            if let terms = unmapped[kind], !terms.isEmpty {
                line += "  # TODO map \(terms.map { "'\($0)'" }.joined(separator: ", ")) to \(kind.rawValue) ids"
            }
            return line
        }
        let steps = steps.isEmpty ? ["TODO one action per step.", "TODO the next action. Keep breathing.", "TODO how to come back."] : steps
        return """
        ---
        id: \(id)
        version: 1
        status: draft
        source: \(Self.yaml(source))
        licence: \(licence.map(Self.yaml) ?? "TODO the licence of the source")
        title: \(Self.yaml(title))
        purpose: \(purpose.map(Self.yaml) ?? "TODO one line on why this helps, in plain words.")
        phase: \(phase.rawValue)
        regions: \(list(.regions, placeholder: "TODO-region"))
        targets: \(list(.muscles, placeholder: "TODO-muscle"))
        conditions: []
        equipment: \(list(.equipment, placeholder: nil))
        dosage:  # TODO check the dose
          sets: 2
          reps: 10
          rest: 30
          side: both
          per-day: 1
          days-per-week: 5
        feel:
          - TODO what the patient should feel.
        mistakes:
          - TODO a common mistake.
        stop-if:
          - You feel sharp pain.
          - TODO when else to stop.
        easier: []
        harder: []
        precautions:
          - TODO precautions for the practitioner.
        figures:
          - view: side
            base: standing
            alt: TODO the position in plain words, then set the pose and run hep exercises draw
        changelog:
          - version: 1
            date: \(date)
            note: \(Self.yaml("Imported from \(source)."))
            safety: false
        ---
        ## Starting position

        TODO how to start, in one or two short sentences.

        ## Steps

        \(steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"))

        """
    }

    /// A YAML scalar: plain when that reads back as the same text, else double-quoted.
    static func yaml(_ text: String) -> String {
        let plainSafe = text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " .,'()/-_".unicodeScalars.contains($0)) }
        if plainSafe, let first = text.unicodeScalars.first, first.properties.isAlphabetic, text.last != " " { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
