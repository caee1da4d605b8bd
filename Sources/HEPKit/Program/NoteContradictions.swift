/// Where the practitioner's words and the rest of the handout disagree: a note that sets its own pain
/// limit beside the pain guide, a note that gives another hold, count, time or side than the dose
/// line, a note that limits the range of a step that goes the full range, a note that rules out
/// equipment a step uses, and a dose that gives two hold times. The patient reads both and cannot
/// tell which to follow, so each is a warning at the note, with the variant to use when the
/// catalogue has one.
extension ProgramAdvice {
    func noteContradictions(into found: inout DiagnosticList) {
        let limit = PainLimit.effective(plan: plan, clinic: clinic)
        for item in items {
            let id = item.exercise.id
            if let note = item.prescription.note, let at = item.prescription.noteLocation {
                painLimit(in: note, at: at, subject: "the note on '\(id)'", limit: limit, into: &found)
                doseContradictions(item, note: note, at: at, into: &found)
                rangeContradiction(item, note: note, at: at, into: &found)
                equipmentContradictions(item, note: note, at: at, into: &found)
            }
            stepPainAboveLimit(item, limit: limit, into: &found)
            if let dose = item.dose.hold, let tempo = item.dose.tempo, tempo.pause > 0,
               item.prescription.dosage.hold != nil || item.prescription.dosage.tempo != nil {
                found.warning(item.prescription.dosageLocation ?? item.prescription.id.location,
                              "the dose for '\(id)' gives a \(dose)-second hold and a \(tempo.pause)-second pause in its tempo (\(tempo)); the dose line then states two hold times",
                              hint: "give one: remove `hold:`, or set the tempo's middle number to 0 (`tempo: \(tempo.out)-0-\(tempo.back)`)")
            }
        }
        var notes: [(text: String, at: SourceLocation)] = []
        for finding in plan.muscles { if let note = finding.note, let at = finding.noteLocation { notes.append((note, at)) } }
        for pain in plan.pain { if let note = pain.note, let at = pain.noteLocation { notes.append((note, at)) } }
        notes += plan.noteLines.map { ($0.value, $0.location) }
        for note in notes { painLimit(in: note.text, at: note.at, subject: "this note", limit: limit, into: &found) }
    }

    // MARK: Pain limit

    func painLimit(in note: String, at location: SourceLocation, subject: String, limit: PainLimit, into found: inout DiagnosticList) {
        guard let stated = NoteReading.painLimits(in: note).first(where: { $0.value != limit.value }) else { return }
        let hint: Hint = if case .plan = limit.source {
            "change `pain-limit:` to \(stated.value), or change the note; the pain guide and every dose line use `pain-limit`"
        } else {
            "set `pain-limit: \(stated.value)` in the plan, so the pain guide and every dose line say the same, or change the note"
        }
        found.warning(location, "\(subject) sets a pain limit of \(stated.value) out of 10 ('\(stated.phrase)'), but \(Self.describe(limit))", hint: hint)
    }

    /// "the plan's `pain-limit` is 3", "the pain guide allows up to 5 out of 10".
    static func describe(_ limit: PainLimit) -> String {
        switch limit.source {
        case .plan: "the plan's `pain-limit` is \(limit.value)"
        case .clinic: "the clinic's `pain-limit` (Templates/clinic.yaml) is \(limit.value)"
        case .guide: "the pain guide allows up to \(limit.value) out of 10"
        }
    }

    /// A step that asks for more pain than the patient's limit ("Press to a good hurt, 3 or 4 out of
    /// 10" with `pain-limit: 2`): the practitioner cannot change the step, so the warning is at the
    /// exercise.
    func stepPainAboveLimit(_ item: HandoutComposer.Item, limit: PainLimit, into found: inout DiagnosticList) {
        let exercise = item.exercise
        for (index, step) in exercise.steps.enumerated() {
            guard let score = NoteReading.painScores(in: step).filter({ $0.value > limit.value }).max(by: { $0.value < $1.value }) else { continue }
            let sentence = step.range(of: score.phrase).map { NoteReading.sentence(around: $0, in: step) } ?? step.startIndex..<step.endIndex
            found.warning(item.prescription.id.location,
                          "step \(index + 1) of '\(exercise.id)' asks for up to \(score.value) out of 10 ('\(String(step[sentence]).trimmed)'), but \(Self.describe(limit))",
                          hint: "choose a gentler exercise, or raise `pain-limit:`; the patient would read two limits")
            return
        }
    }

    // MARK: Dose

    func doseContradictions(_ item: HandoutComposer.Item, note: String, at location: SourceLocation, into found: inout DiagnosticList) {
        let dose = item.dose, subject = "the note on '\(item.exercise.id)' says"
        func warn(_ phrase: String, _ dosePart: String, set field: String) {
            found.warning(location, "\(subject) '\(phrase)', but its dose \(dosePart)",
                          hint: "give the dose in `dosage:` (`\(field)`) and take it out of the note, so the patient reads one number")
        }
        for claim in NoteReading.doses(in: note) {
            switch claim.value {
            case .hold(let seconds):
                if let hold = dose.hold {
                    if hold != seconds { warn(claim.phrase, "holds each one for \(Self.duration(hold))", set: "hold: \(seconds)") }
                } else if let pause = dose.tempo?.pause, pause > 0 {
                    if pause != seconds { warn(claim.phrase, "pauses for \(Self.duration(pause))", set: "hold: \(seconds)") }
                } else {
                    warn(claim.phrase, "has no hold", set: "hold: \(seconds)")
                }
            case .sets(let sets) where sets != dose.sets:
                warn(claim.phrase, "is \(dose.sets) \(dose.sets == 1 ? "set" : "sets")", set: "sets: \(sets)")
            case .reps(let count, let saidAsTimes):
                if let reps = dose.reps {
                    if reps != count { warn(claim.phrase, "is \(reps) repetitions", set: "reps: \(count)") }
                } else if saidAsTimes {
                    if dose.sets != count { warn(claim.phrase, "is \(dose.sets) \(dose.sets == 1 ? "time" : "times")", set: "sets: \(count)") }
                } else if let seconds = dose.seconds {
                    warn(claim.phrase, "is timed (\(Self.duration(seconds)) a set)", set: "reps: \(count)")
                }
            case .seconds(let seconds):
                if let timed = dose.seconds, timed != seconds {
                    warn(claim.phrase, "lasts \(Self.duration(timed))", set: "seconds: \(seconds)")
                }
            case .perDay(let count) where count != dose.perDay:
                warn(claim.phrase, "is \(Self.timesADay(dose.perDay))", set: "per-day: \(count)")
            case .daysPerWeek(let days) where days != dose.daysPerWeek:
                warn(claim.phrase, "is \(dose.daysPerWeek == 7 ? "every day" : "\(dose.daysPerWeek) days a week")", set: "days-per-week: \(days)")
            case .side(let side):
                switch (side, dose.side) {
                case (.left, .left), (.right, .right), (.each, .each), (.each, .both), (.both, .each), (.both, .both): break
                case (_, .left), (_, .right):
                    warn(claim.phrase, "is for the \(dose.side.rawValue) side only", set: "side: \(side == .left || side == .right ? side.rawValue : "each")")
                default:
                    warn(claim.phrase, "is for both sides", set: "side: \(side.rawValue)")
                }
            default: break
            }
        }
    }

    static func duration(_ seconds: Int) -> String {
        if seconds >= 60, seconds % 60 == 0 { return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes" }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }

    static func timesADay(_ count: Int) -> String {
        switch count {
        case 1: "once a day"
        case 2: "twice a day"
        default: "\(count) times a day"
        }
    }

    // MARK: Range and equipment

    func rangeContradiction(_ item: HandoutComposer.Item, note: String, at location: SourceLocation, into found: inout DiagnosticList) {
        let exercise = item.exercise
        guard let phrase = NoteReading.rangeLimit(in: note), let step = exercise.fullRangeSteps.first,
              step <= exercise.steps.count else { return }
        let variant = easierVariant(of: exercise, keeping: exercise.equipmentIDs) { $0.fullRangeSteps.isEmpty }
        found.warning(location, "the note on '\(exercise.id)' says '\(phrase)', but step \(step) goes the full range: '\(exercise.steps[step - 1])'",
                      hint: variantHint(variant, otherwise: "change the note, or add a smaller-range version to the catalogue (\(.newExercise)) and link it with `easier:`"))
    }

    func equipmentContradictions(_ item: HandoutComposer.Item, note: String, at location: SourceLocation, into found: inout DiagnosticList) {
        let exercise = item.exercise
        for (equipment, phrase) in NoteReading.forbiddenEquipment(in: note) {
            let uses = Self.uses(equipment, exercise)
            guard let use = uses else { continue }
            let kept = exercise.equipmentIDs.filter { $0 != equipment.vocabularyID }
            let variant = easierVariant(of: exercise, keeping: kept) { Self.uses(equipment, $0) == nil }
            found.warning(location, "the note on '\(exercise.id)' says '\(phrase)', but \(use.place) uses \(equipment.name): '\(use.sentence)'",
                          hint: variantHint(variant, otherwise: "change the note, or add a version without \(equipment.name) to the catalogue (\(.newExercise)) and link it with `easier:`"))
        }
    }

    /// Where an exercise's text says it uses the equipment: "its starting position" or "step 2".
    static func uses(_ equipment: NoteReading.Equipment, _ exercise: Exercise) -> (place: String, sentence: String)? {
        if let sentence = NoteReading.sentence(using: equipment, in: exercise.startingPosition) {
            return ("its starting position", sentence)
        }
        for (index, step) in exercise.steps.enumerated() {
            if let sentence = NoteReading.sentence(using: equipment, in: step) { return ("step \(index + 1)", sentence) }
        }
        return nil
    }

    /// The first of an exercise's `easier:` versions of the same kind (same phase, keeping the
    /// equipment it still needs) that `resolves` the contradiction.
    func easierVariant(of exercise: Exercise, keeping equipment: [String], resolves: (Exercise) -> Bool) -> Exercise? {
        guard let catalogue else { return nil }
        for link in exercise.easier {
            var ignored = DiagnosticList()
            guard let variant = catalogue.load(link.value, into: &ignored), !variant.retired, variant.phase == exercise.phase,
                  Set(equipment).isSubset(of: variant.equipmentIDs), resolves(variant) else { continue }
            return variant
        }
        return nil
    }

    func variantHint(_ variant: Exercise?, otherwise: Hint) -> Hint {
        guard let variant else { return otherwise }
        return "prescribe its easier version '\(variant.id)' (\(variant.title)) instead, or change the note"
    }
}
