import Foundation

/// Steps that state a time, a count or a side contradict the dose line as soon as a plan
/// overrides it ("Stay there for 90 seconds" under "Do it for 60 seconds"). The dose belongs in
/// `dosage:`, where the plan can change it.
let doseInSteps = GuardedExpression(
    #"\b\d+\s*(seconds?|secs?|minutes?|mins?|times|reps|repetitions|rounds)\b|\bswitch (sides|arms|legs|hands|feet)\b|\b(repeat|do the same) (on|with) the other (side|arm|leg|hand|foot)\b"#,
    options: [.caseInsensitive], words: ["switch ", " the other "], digits: true)

extension CatalogueChecks {
    static func checkStepsLeaveDoseToThePlan(_ exercise: Exercise, into diagnostics: inout DiagnosticList) {
        for (index, step) in exercise.steps.enumerated() {
            guard let match = doseInSteps.firstMatch(in: step), let found = Range(match.range, in: step) else { continue }
            let line = index < exercise.stepLines.count ? exercise.stepLines[index] : 1
            diagnostics.warning(SourceLocation(file: exercise.file, line: line, column: 1),
                                "step \(index + 1) says '\(step[found])'; the dose line gives times, counts and sides, and a plan may change them",
                                hint: "write the step without it (\"Hold. Keep breathing.\"); put the default in `dosage:`")
        }
    }
}

extension CatalogueChecks {
    /// A hold and a tempo pause each say how long to stay at the end of the movement; together the
    /// dose line gives two hold times ("Hold each one for 3 seconds. ... pause for 3 seconds").
    static func checkOneHoldTime(_ exercise: Exercise, into diagnostics: inout DiagnosticList) {
        guard let hold = exercise.dosage.hold, let tempo = exercise.dosage.tempo, tempo.pause > 0 else { return }
        diagnostics.warning(exercise.dosageLocation ?? exercise.versionLocation,
                            "'dosage' gives a \(hold)-second hold and a \(tempo.pause)-second pause in its tempo (\(tempo)); the dose line then states two hold times",
                            hint: "give one: remove `hold:`, or set the tempo's middle number to 0 (`tempo: \(tempo.out)-0-\(tempo.back)`)")
    }
}

extension CatalogueChecks {
    /// A skeleton from `hep exercises new` fails the check until every `TODO` is replaced.
    static func placeholders(_ catalogue: ExerciseCatalogue, into diagnostics: inout DiagnosticList) {
        for id in catalogue.ids where !catalogue.memo.knownWithoutTODO(id) {
            var ignored = DiagnosticList()
            guard let path = catalogue.files[id],
                  let text = TextFile.read(catalogue.project.url(path), shownAs: path, into: &ignored), hasTODO(text) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let range = line.range(of: "TODO") else { continue }
                diagnostics.error(SourceLocation(file: path, line: index + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1),
                                  "placeholder not filled in: \(line.trimmingCharacters(in: .whitespaces))",
                                  hint: "replace every TODO before releasing the exercise")
            }
        }
    }

    /// Whether the bytes `TODO` are in `text`: the lines are then searched as before. (Foundation's
    /// `contains` costs ~100 times more, and no other text can equal the ASCII `TODO`.) Every
    /// exercise loaded is searched, so each `T` is found by libc's `memchr`.
    static func hasTODO(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 4 else { return false }
            var offset = 0
            while offset + 4 <= bytes.count {
                guard let found = memchr(base + offset, 0x54, bytes.count - offset - 3) else { return false }
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if bytes[at + 1] == 0x4F, bytes[at + 2] == 0x44, bytes[at + 3] == 0x4F { return true }
                offset = at + 1
            }
            return false
        }
    }
}

extension CatalogueChecks {
    /// Every drawn picture exists and matches its pose and the clinic's colour.
    static func checkPictures(_ exercise: Exercise, clinic: ClinicSettings, records: FigureRecords, into diagnostics: inout DiagnosticList) {
        guard !exercise.retired else { return }
        if exercise.figures.isEmpty && exercise.images.isEmpty {
            diagnostics.error(exercise.versionLocation, "'\(exercise.id)' has no picture",
                              hint: "describe its start and end positions under `figures:` (see Exercises/README.md) and run \(.drawFigures(id: exercise.id)), or give the clinic's own picture under `images:`")
            return
        }
        for (index, pose) in exercise.figures.enumerated() {
            let name = FigureRecords.fileName(id: exercise.id, number: index + 1)
            let file = "Exercises/images/\(name)"
            let location = index < exercise.figureLocations.count ? exercise.figureLocations[index] : exercise.versionLocation
            let hint: Hint = "draw it again with \(.drawFigures(id: exercise.id)), then commit the picture and Exercises/images/figures.lock"
            guard let image = exercise.images.first(where: { $0.file == file }) else {
                diagnostics.error(location, "figure \(index + 1) of '\(exercise.id)' has no picture: \(file) is missing", hint: hint)
                continue
            }
            let svg = SHA256.hex(of: FigureRenderer.svg(pose, brand: clinic.brandColour))
            guard let record = records.pictures[name], record.svg == svg, record.png == image.sha256 else {
                diagnostics.error(location, "\(file) is stale: it was not drawn from this pose and the clinic's colour", hint: hint)
                continue
            }
        }
    }
}

/// Whole-catalogue checks beyond each file's own: reading grade and link sanity.
enum CatalogueChecks {
    /// What to do about a draft, in `hep check` and when a plan uses one.
    static let draftHint: Hint = "have it reviewed, then set `status: reviewed` (or remove the `status:` line); a plan that uses a draft cannot be rendered"

    static func run(_ catalogue: ExerciseCatalogue, clinic: ClinicSettings, into diagnostics: inout DiagnosticList) async {
        let exercises = catalogue.loaded
        let records = FigureRecords.load(catalogue.project)
        let found = await ParallelMap.run(exercises.count) { index -> (diagnostics: [Diagnostic], sentences: Set<String>) in
            var diagnostics = DiagnosticList()
            let exercise = exercises[index]
            check(exercise, clinic: clinic, into: &diagnostics)
            // The file's lines, to locate a problem, are read only when there is one.
            checkSentencesAreSpaced(exercise, lines: {
                var ignored = DiagnosticList()
                return TextFile.read(catalogue.project.url(exercise.file), shownAs: exercise.file, into: &ignored)?
                    .split(separator: "\n", omittingEmptySubsequences: false) ?? []
            }, into: &diagnostics)
            checkPictures(exercises[index], clinic: clinic, records: records, into: &diagnostics)
            return (diagnostics.all, sharedSentenceCandidates(exercise))
        }
        for outcome in found { diagnostics.append(contentsOf: outcome.diagnostics) }
        checkSharedSentences(zip(exercises, found).map { ($0.file, $1.sentences) }, project: catalogue.project, into: &diagnostics)
    }

    static func check(_ exercise: Exercise, clinic: ClinicSettings, into diagnostics: inout DiagnosticList) {
        do {
            checkStepsLeaveDoseToThePlan(exercise, into: &diagnostics)
            checkStepsAreNotLists(exercise, into: &diagnostics)
            checkStopIfLines(exercise, into: &diagnostics)
            checkOneHoldTime(exercise, into: &diagnostics)
            if exercise.isDraft {
                diagnostics.warning(exercise.statusLocation ?? exercise.versionLocation, "'\(exercise.id)' is a draft, not yet reviewed",
                                    hint: draftHint, kind: "draft")
            }
            let grade = ReadingGrade.score(exercise.patientText)
            if grade.grade > clinic.readingGradeLimit {
                diagnostics.warning(SourceLocation(file: exercise.file, line: 1, column: 1),
                                    "patient text reads at grade \(grade.formatted); the clinic's limit is \(Int(clinic.readingGradeLimit))",
                                    hint: "use shorter sentences and everyday words; \(.showExercise(id: exercise.id)) prints the grade")
            }
            checkStepGrades(exercise, clinic: clinic, into: &diagnostics)
        }
    }
}
