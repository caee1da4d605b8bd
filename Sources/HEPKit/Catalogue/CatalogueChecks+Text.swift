import Foundation

/// "- Lift your arm", "6. Lower it": a step that starts with a list marker becomes a list inside
/// the numbered list, with its own bullet or number, on the handout.
let listMarkerStart = GuardedExpression(#"^(?:[-*+]|\d{1,3}[.)])(?:\s|$)"#) { bytes in
    guard let first = bytes.first else { return false }
    return first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") || (first >= 0x30 && first <= 0x39)
}

/// "the full length.Place your hands": a full stop with no space before the next sentence. The
/// word before the stop has at least two letters, so "e.g.", "i.e." and initials are not
/// sentences run together (and a decimal has no letters).
let runTogether = GuardedExpression(#"(?<![\p{L}.])\p{L}*\p{Ll}\p{Ll}\.\p{Lu}\p{L}*"#) { bytes in
    bytes.indices.dropLast().contains { bytes[$0] == UInt8(ascii: ".") && bytes[$0 + 1] >= 0x41 && bytes[$0 + 1] <= 0x5A }
}

extension CatalogueChecks {
    /// How many exercises may share a sentence of their steps or starting position before it
    /// looks like a placeholder left over from a copy.
    static let sharedSentenceLimit = 5

    /// A sentence must have this many words to count as shared: "Hold." and "Keep breathing."
    /// rightly appear in many exercises.
    static let sharedSentenceWords = 5

    /// Warns about each step that starts with a list marker or a number.
    static func checkStepsAreNotLists(_ exercise: Exercise, into diagnostics: inout DiagnosticList) {
        for (index, step) in exercise.steps.enumerated() {
            guard let match = listMarkerStart.firstMatch(in: step),
                  let found = Range(match.range, in: step) else { continue }
            let marker = String(step[found]).trimmed
            let line = index < exercise.stepLines.count ? exercise.stepLines[index] : 1
            diagnostics.warning(SourceLocation(file: exercise.file, line: line, column: 1),
                                "step \(index + 1) starts with '\(marker)', so the handout shows it as a list inside the list of steps",
                                hint: "remove '\(marker)': the step's own number is enough (`\(index + 1). \(String(step[found.upperBound...]).trimmed)`)",
                                kind: "list-marker-step")
        }
    }

    /// The fewest words a step needs before its own reading grade means anything (the formula on a
    /// five-word step swings by several grades with one long word).
    static let wordsForStepGrade = 8

    /// Warns about each step that, on its own, reads above the clinic's limit, at the step's line:
    /// a file can pass as a whole while one step is the hard one the patient stumbles on.
    static func checkStepGrades(_ exercise: Exercise, clinic: ClinicSettings, into diagnostics: inout DiagnosticList) {
        for (index, step) in exercise.steps.enumerated() {
            let grade = ReadingGrade.score([step])
            guard grade.words >= wordsForStepGrade, grade.grade > clinic.readingGradeLimit else { continue }
            let line = index < exercise.stepLines.count ? exercise.stepLines[index] : 1
            diagnostics.warning(SourceLocation(file: exercise.file, line: line, column: 1),
                                "step \(index + 1) reads at grade \(grade.formatted); the clinic's limit is \(Int(clinic.readingGradeLimit))",
                                hint: "split it into short sentences of everyday words, one action each",
                                kind: "reading-grade-step")
        }
    }

    /// Warns about each sentence run into the next without a space, in the patient's text, at the
    /// line of the file where it is.
    static func checkSentencesAreSpaced(_ exercise: Exercise, lines readLines: () -> [Substring], into diagnostics: inout DiagnosticList) {
        var seen = Set<String>()
        var read: [Substring]?
        for text in exercise.patientText where mayRunTogether(text) {
            for match in runTogether.matches(in: text) {
                guard let range = Range(match.range, in: text) else { continue }
                let words = String(text[range])
                guard seen.insert(words).inserted else { continue }
                var location = SourceLocation(file: exercise.file, line: 1, column: 1)
                let lines = read ?? readLines()
                read = lines
                if let number = lines.firstIndex(where: { $0.contains(words) }), let at = lines[number].range(of: words) {
                    location = SourceLocation(file: exercise.file, line: number + 1,
                                              column: lines[number].distance(from: lines[number].startIndex, to: at.lowerBound) + 1)
                }
                let stop = words.firstIndex(of: ".")!
                let spaced = words[..<stop] + ". " + words[words.index(after: stop)...]
                diagnostics.warning(location, "sentences run together without a space: '\(words)'",
                                    hint: "put a space after the full stop: '\(spaced)'", kind: "run-together-sentence")
            }
        }
    }

    /// False only when `text` surely has no sentences run together: ASCII text with no two
    /// lower-case letters, a full stop and a capital in a row (what every match has). Other text
    /// is left to the pattern's Unicode letter classes.
    static func mayRunTogether(_ text: String) -> Bool {
        var lower = 0  // lower-case letters just before
        var stop = false
        for byte in text.utf8 {
            if byte >= 0x80 { return true }
            if stop {
                if (0x41...0x5A).contains(byte) { return true }
                stop = false
            }
            if (0x61...0x7A).contains(byte) {
                lower += 1
            } else {
                stop = byte == 0x2E && lower >= 2
                lower = 0
            }
        }
        return false
    }

    /// The sentences the catalogue shares on purpose (`shared-sentences:` in
    /// `Exercises/catalogue.yaml`: cues such as "Stay there and breathe slowly."). Problems in
    /// the file are reported where the catalogue's version is read.
    static func intendedSharedSentences(_ project: Project) -> Set<String> {
        var ignored = DiagnosticList()
        guard let text = project.readText("Exercises/catalogue.yaml", into: &ignored, required: false) else { return [] }
        var reader = YAMLReader()
        guard let root = reader.parse(text, file: "Exercises/catalogue.yaml"),
              let fields = reader.mapping(root, known: ["name", "version", "shared-sentences"]) else { return [] }
        return Set((reader.strings("shared-sentences", in: fields, required: false) ?? []).map(\.value))
    }

    /// Warns once about each sentence of the steps or starting position found in more than
    /// `sharedSentenceLimit` exercises, at its first file, naming them all; sentences listed under
    /// `shared-sentences:` in `Exercises/catalogue.yaml` are shared on purpose.
    static func checkSharedSentences(_ exercises: [Exercise], project: Project, into diagnostics: inout DiagnosticList) {
        checkSharedSentences(exercises.map { ($0.file, sharedSentenceCandidates($0)) }, project: project, into: &diagnostics)
    }

    /// An exercise's sentences long enough to count as shared (none for a retired exercise); found
    /// for each exercise on its own, so `hep check` does it on every core.
    static func sharedSentenceCandidates(_ exercise: Exercise) -> Set<String> {
        var own = Set<String>()
        guard !exercise.retired else { return own }
        for text in [exercise.startingPosition] + exercise.steps {
            for sentence in sentences(of: text) where sentence.split(separator: " ").count >= sharedSentenceWords {
                own.insert(sentence)
            }
        }
        return own
    }

    /// The check over each exercise's file and `sharedSentenceCandidates`.
    static func checkSharedSentences(_ candidates: [(file: String, sentences: Set<String>)], project: Project,
                                     into diagnostics: inout DiagnosticList) {
        let intended = intendedSharedSentences(project)
        var files: [String: [String]] = [:]
        for (file, own) in candidates {
            for sentence in own { files[sentence, default: []].append(file) }
        }
        for (sentence, paths) in files where paths.count > sharedSentenceLimit && !intended.contains(sentence) {
            let sorted = paths.sorted()
            var ignored = DiagnosticList()
            let lines = TextFile.read(project.url(sorted[0]), shownAs: sorted[0], into: &ignored)?
                .split(separator: "\n", omittingEmptySubsequences: false) ?? []
            // A sentence may wrap; its first words are on the line where it starts.
            let start = sentence.split(separator: " ").prefix(3).joined(separator: " ")
            let line = (lines.firstIndex { $0.contains(sentence) } ?? lines.firstIndex { $0.contains(start) }).map { $0 + 1 } ?? 1
            diagnostics.warning(SourceLocation(file: sorted[0], line: line, column: 1),
                                "the sentence \"\(sentence)\" is in \(sorted.count) exercises, likely a placeholder: \(sorted.joined(separator: ", "))",
                                hint: "say what each exercise needs in its own words; if the catalogue shares this sentence on purpose, list it under `shared-sentences:` in Exercises/catalogue.yaml",
                                kind: "shared-sentence")
        }
    }

    /// The sentences of a text: split after '.', '!' or '?' followed by a space or the end.
    ///
    /// By bytes; where a non-ASCII character or a carriage return meets a space, a line break or
    /// the punctuation (a mark that would join them into one Character), Characters decide.
    static func sentences(of text: String) -> [String] {
        var copy = text
        let split: [String]? = copy.withUTF8 { bytes in
            func isBoundary(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x2E || byte == 0x21 || byte == 0x3F }
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == 0x0D { return nil }
                if byte >= 0x80, (index > 0 && isBoundary(bytes[index - 1])) || (index + 1 < bytes.count && isBoundary(bytes[index + 1])) {
                    return nil
                }
            }
            var found: [String] = []
            func add(_ range: Range<Int>) {
                var piece = Array(bytes[range])
                for index in piece.indices where piece[index] == 0x0A { piece[index] = 0x20 }
                let sentence = String(decoding: piece, as: UTF8.self).trimmed
                if !sentence.isEmpty { found.append(sentence) }
            }
            var start = 0
            var previous: UInt8 = 0x20
            for index in bytes.indices {
                let byte = bytes[index] == 0x0A ? 0x20 : bytes[index]
                if byte == 0x20, previous == 0x2E || previous == 0x21 || previous == 0x3F {
                    add(start..<index)
                    start = index + 1
                }
                previous = byte
            }
            add(start..<bytes.count)
            return found
        }
        return split ?? sentencesByCharacter(text)
    }

    /// `sentences(of:)`, Character by Character.
    static func sentencesByCharacter(_ text: String) -> [String] {
        var found: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text.replacingOccurrences(of: "\n", with: " ") {
            if character == " ", ".!?".contains(previous) {
                let sentence = current.trimmed
                if !sentence.isEmpty { found.append(sentence) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.trimmed.isEmpty { found.append(current.trimmed) }
        return found
    }
}
