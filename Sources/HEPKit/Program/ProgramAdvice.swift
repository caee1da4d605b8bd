/// Guidance for the practitioner about a whole program, as warnings from `hep check` and
/// `hep render`: size, time, precautions, findings left unanswered, contradictions between an
/// exercise and the findings, and between the practitioner's notes and the rest of the handout
/// (`NoteContradictions.swift`). Kept in one place so every message reads the same.
struct ProgramAdvice {
    let plan: Plan
    let items: [HandoutComposer.Item]
    let clinic: ClinicSettings
    let vocabulary: Vocabulary
    /// For the easier versions a warning names; nil leaves them out.
    var catalogue: ExerciseCatalogue? = nil

    /// Estimated minutes a day for the whole program (at least 1).
    var minutesPerDay: Int {
        max(1, Int((Double(items.reduce(0) { $0 + $1.dose.secondsPerDay }) / 60).rounded()))
    }

    func warnings() -> [Diagnostic] {
        var found = DiagnosticList()
        let first = plan.exercises.first?.id.location ?? SourceLocation(file: plan.file, line: 1, column: 1)
        if items.count > clinic.maximumExercises {
            found.warning(SourceLocation(file: plan.file, line: first.line, column: 1),
                          "\(items.count) exercises; more than \(clinic.maximumExercises) lowers how many patients keep doing them",
                          hint: "keep the \(clinic.maximumExercises) that matter most; patients keep doing short programs")
        }
        if minutesPerDay > clinic.maximumMinutesPerDay {
            found.warning(SourceLocation(file: plan.file, line: first.line, column: 1),
                          "about \(minutesPerDay) minutes a day; more than \(clinic.maximumMinutesPerDay) is hard to keep up at home",
                          hint: "lower sets, holds or times a day, or drop an exercise")
        }
        let conditions = Dictionary(plan.conditions.map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first })
        for item in items {
            let exercise = item.exercise, at = item.prescription.id.location
            for contraindication in exercise.contraindications where conditions[contraindication.value] != nil {
                let name = vocabulary.term(.conditions, contraindication.value)?.name ?? contraindication.value
                let precaution = exercise.precautions.first.map { "its precautions: \($0) " } ?? ""
                found.warning(at, "'\(exercise.id)' is not advised with \(name), which this plan records",
                              hint: "\(precaution)Choose another exercise (\(.suggest(plan: nil)) skips it), or remove the condition if it no longer applies.")
            }
            contradictions(item, at: at, into: &found)
            missingEquipment(item, at: at, into: &found)
        }
        noteContradictions(into: &found)
        for finding in plan.muscles where !items.contains(where: {
            FindingMatcher.answers($0.exercise, side: $0.dose.side, addresses: $0.prescription.addresses?.value, finding: finding)
        }) {
            found.warning(finding.muscle.location, "no exercise addresses the \(describe(finding))",
                          hint: "add one (\(.suggest(plan: plan.file)) proposes some), or link one with `addresses: \(finding.muscle.value)`")
        }
        for pain in plan.pain where !items.contains(where: { item in
            item.prescription.addresses?.value == pain.region.value
                || (item.exercise.regionIDs.contains(pain.region.value) && FindingMatcher.sidesMatch(item.dose.side, pain.side ?? .both))
        }) {
            let name = vocabulary.term(.regions, pain.region.value)?.name ?? pain.region.value
            found.warning(pain.region.location, "no exercise works on the \(name), where this plan records pain \(pain.score)/10",
                          hint: "add an exercise for that region, or link one with `addresses: \(pain.region.value)`")
        }
        return found.all
    }

    /// Releasing an inhibited muscle, activating an overactive one, or working the other side.
    func contradictions(_ item: HandoutComposer.Item, at location: SourceLocation, into found: inout DiagnosticList) {
        let exercise = item.exercise, side = item.dose.side
        guard let answersOveractive = FindingMatcher.answersOveractive(exercise.phase),
              exercise.phase == .release || exercise.phase == .lengthen || exercise.phase == .activate else { return }
        let verb = answersOveractive ? (exercise.phase == .release ? "releases" : "lengthens") : "activates"
        for target in exercise.targetIDs {
            let findings = plan.muscles.filter { $0.muscle.value == target }
            guard !findings.isEmpty else { continue }
            let wrongKind = findings.filter { $0.status.isOveractive != answersOveractive && FindingMatcher.sidesMatch(side, $0.side) }
            let rightKind = findings.filter { $0.status.isOveractive == answersOveractive }
            if let finding = wrongKind.first, rightKind.filter({ FindingMatcher.sidesMatch(side, $0.side) }).isEmpty {
                let hint: Hint = answersOveractive
                    ? "release only what is overactive; activate an inhibited muscle instead (\(.suggest(plan: nil)) lists options)"
                    : "activate only what is inhibited; release an overactive muscle first (\(.suggest(plan: nil)) lists options)"
                found.warning(location, "'\(exercise.id)' \(verb) the \(describe(finding))", hint: hint)
            } else if !rightKind.isEmpty, (side == .left || side == .right),
                      !rightKind.contains(where: { FindingMatcher.sidesMatch(side, $0.side) }), let finding = rightKind.first {
                found.warning(location, "'\(exercise.id)' is prescribed on the \(side.rawValue) side, but the \(describe(finding))",
                              hint: "set `side: \(finding.side.rawValue)`, or record the finding on the \(side.rawValue) side too")
            }
        }
    }

    /// Equipment the exercise needs that the plan's `equipment:` does not list, household items
    /// counting as available, as in `hep suggest`. A plan without `equipment:` says nothing about
    /// what the patient has, so it warns about nothing.
    func missingEquipment(_ item: HandoutComposer.Item, at location: SourceLocation, into found: inout DiagnosticList) {
        guard !plan.equipment.isEmpty else { return }
        let available = Set(plan.equipment.map(\.value))
        let missing = item.exercise.equipmentIDs.filter { !available.contains($0) && vocabulary.term(.equipment, $0)?.household != true }
        guard !missing.isEmpty else { return }
        let list = missing.map { "`\($0)`" }.joined(separator: ", ")
        found.warning(location, "'\(item.exercise.id)' needs \(missing.joined(separator: ", ")), which the plan's equipment does not list",
                      hint: "add \(list) to the plan's `equipment:` if the patient has \(missing.count == 1 ? "it" : "them"), or choose another exercise (\(.suggest(plan: nil)) proposes only what the patient has)",
                      kind: "missing-equipment")
    }

    func describe(_ finding: Plan.MuscleFinding) -> String { FindingMatcher.describe(finding, vocabulary: vocabulary) }
}
