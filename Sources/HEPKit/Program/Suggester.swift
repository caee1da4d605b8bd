/// `hep suggest`: exercises proposed from a plan's findings, ranked, each with its reason. The
/// practitioner chooses; nothing here changes a plan unless asked to (`PlanEditor`).
public struct Suggester: Sendable {
    /// One proposed exercise.
    public struct Suggestion: Sendable, Hashable {
        /// The exercise.
        public var exercise: Exercise
        /// The side to prescribe.
        public var side: Side
        /// The muscle or region id it answers (`addresses:` in the plan).
        public var addresses: String
        /// "releases right quadratus lumborum, recorded overactive".
        public var reason: String
        /// Higher is better.
        public var score: Int
        /// Already in the plan.
        public var inPlan: Bool
    }

    /// Suggestions for one finding, best first.
    public struct Group: Sendable, Hashable {
        /// "Right quadratus lumborum, recorded overactive".
        public var heading: String
        /// Ranked suggestions.
        public var suggestions: [Suggestion]
    }

    /// Plain-language names.
    public var vocabulary: Vocabulary
    /// Every exercise in the catalogue.
    public var exercises: [Exercise]
    /// How many suggestions to show per finding.
    public var perFinding: Int = 3

    /// Groups of suggestions: each overactive muscle (release, then lengthen), each inhibited
    /// muscle (activate), then integration for the regions involved.
    public func suggest(for plan: Plan) -> [Group] {
        let inPlan = Set(plan.exercises.map(\.id.value))
        let conditions = Set(plan.conditions.map(\.value))
        let equipment = plan.equipment.isEmpty ? nil : Set(plan.equipment.map(\.value))
        let inhibited = plan.muscles.filter { !$0.status.isOveractive }
        let overactive = plan.muscles.filter { $0.status.isOveractive }
        let painRegions = Set(plan.pain.map(\.region.value))

        /// Filters every suggestion shares: no drafts, precautions (contraindications) and the patient's equipment.
        func usable(_ exercise: Exercise) -> Bool {
            guard !exercise.isDraft, exercise.contraindications.allSatisfy({ !conditions.contains($0.value) }) else { return false }
            if let equipment, !exercise.equipmentIDs.allSatisfy({ equipment.contains($0) || vocabulary.term(.equipment, $0)?.household == true }) {
                return false
            }
            return true
        }
        /// Never release (or stretch) a muscle recorded inhibited on a side the exercise works.
        func releasesInhibited(_ exercise: Exercise, side: Side) -> Bool {
            inhibited.contains { exercise.targetIDs.contains($0.muscle.value) && FindingMatcher.sidesMatch(side, $0.side) }
        }
        func bonus(_ exercise: Exercise) -> Int {
            exercise.regionIDs.filter(painRegions.contains).count * 10
                + exercise.conditionIDs.filter(conditions.contains).count * 5
        }
        func prescribedSide(_ exercise: Exercise, for finding: Side) -> Side {
            finding == .left || finding == .right ? finding : exercise.dosage.side
        }

        var groups: [Group] = []
        for finding in overactive {
            let muscle = finding.muscle.value
            let candidates = exercises.filter { exercise in
                (exercise.phase == .release || exercise.phase == .lengthen) && exercise.targetIDs.contains(muscle) && usable(exercise)
                    && !releasesInhibited(exercise, side: prescribedSide(exercise, for: finding.side))
            }
            let suggestions = candidates.map { exercise in
                Suggestion(exercise: exercise, side: prescribedSide(exercise, for: finding.side), addresses: muscle,
                           reason: "\(exercise.phase == .release ? "releases" : "lengthens") \(describe(finding))",
                           score: (exercise.phase == .release ? 100 : 80) + bonus(exercise) - exercise.targets.count,
                           inPlan: inPlan.contains(exercise.id))
            }
            groups.append(Group(heading: Self.capitalised(describe(finding)), suggestions: ranked(suggestions)))
        }
        for finding in inhibited {
            let muscle = finding.muscle.value
            let candidates = exercises.filter {
                $0.phase == .activate && $0.targetIDs.contains(muscle) && usable($0)
            }
            let suggestions = candidates.map { exercise in
                let targetsOveractive = overactive.contains { exercise.targetIDs.contains($0.muscle.value) }
                return Suggestion(exercise: exercise, side: prescribedSide(exercise, for: finding.side), addresses: muscle,
                                  reason: "activates \(describe(finding))",
                                  score: 100 + bonus(exercise) - exercise.targets.count - (targetsOveractive ? 30 : 0),
                                  inPlan: inPlan.contains(exercise.id))
            }
            groups.append(Group(heading: Self.capitalised(describe(finding)), suggestions: ranked(suggestions)))
        }
        // Integration: whole movements that use the inhibited muscles, in the regions involved.
        let involvedRegions = Set(groups.flatMap { $0.suggestions.prefix(perFinding).flatMap(\.exercise.regionIDs) }).union(painRegions)
        if !involvedRegions.isEmpty || !inhibited.isEmpty {
            let candidates = exercises.filter { exercise in
                (exercise.phase == .integrate || exercise.phase == .strength) && usable(exercise)
                    && (!exercise.regionIDs.filter(involvedRegions.contains).isEmpty
                        || inhibited.contains { exercise.targetIDs.contains($0.muscle.value) })
            }
            let suggestions = candidates.map { exercise -> Suggestion in
                let uses = inhibited.filter { exercise.targetIDs.contains($0.muscle.value) }
                let regions = exercise.regionIDs.filter(involvedRegions.contains)
                let reason: String
                let addresses: String
                if let finding = uses.first {
                    reason = "puts \(muscle(finding)), recorded inhibited, to work in a whole movement"
                    addresses = finding.muscle.value
                } else {
                    let names = regions.compactMap { vocabulary.term(.regions, $0)?.name }
                    reason = "a whole movement for the \(names.joined(separator: ", ")) region\(names.count == 1 ? "" : "s")"
                    addresses = regions.first(where: painRegions.contains) ?? regions.first ?? ""
                }
                let side = uses.first.map { prescribedSide(exercise, for: $0.side) } ?? exercise.dosage.side
                let score = (exercise.phase == .integrate ? 60 : 50) + uses.count * 20 + regions.count * 5 + bonus(exercise)
                return Suggestion(exercise: exercise, side: side, addresses: plan.pain.contains { $0.region.value == addresses }
                                      || plan.muscles.contains { $0.muscle.value == addresses } ? addresses : "",
                                  reason: reason, score: score, inPlan: inPlan.contains(exercise.id))
            }
            groups.append(Group(heading: "Integrate", suggestions: ranked(suggestions)))
        }
        return groups
    }

    /// Best first; ties broken by id so the list is always the same.
    func ranked(_ suggestions: [Suggestion]) -> [Suggestion] {
        Array(suggestions.sorted { $0.score != $1.score ? $0.score > $1.score : $0.exercise.id < $1.exercise.id }.prefix(perFinding))
    }

    func describe(_ finding: Plan.MuscleFinding) -> String { FindingMatcher.describe(finding, vocabulary: vocabulary) }

    /// "right quadratus lumborum", "gluteus maximus (both sides)".
    func muscle(_ finding: Plan.MuscleFinding) -> String {
        let name = vocabulary.term(.muscles, finding.muscle.value)?.name ?? finding.muscle.value
        switch finding.side {
        case .left: return "left \(name)"
        case .right: return "right \(name)"
        case .both, .each: return "\(name) (both sides)"
        }
    }

    /// The top suggestion of each group not already in the plan (and not picked twice).
    public static func picks(_ groups: [Group]) -> [Suggestion] {
        var chosen: [Suggestion] = []
        var seen = Set<String>()
        for group in groups {
            if group.suggestions.contains(where: \.inPlan) { continue }  // this finding is covered already
            if let pick = group.suggestions.first(where: { !seen.contains($0.exercise.id) }) {
                chosen.append(pick)
                seen.insert(pick.exercise.id)
            }
        }
        return chosen
    }

    /// Plan YAML for the picks, indented as list items under `exercises:`.
    public static func yaml(for picks: [Suggestion], indent: String = "  ") -> String {
        picks.map { pick in
            var lines = ["\(indent)- id: \(pick.exercise.id)"]
            if pick.side != pick.exercise.dosage.side { lines.append("\(indent)  side: \(pick.side.rawValue)") }
            if !pick.addresses.isEmpty { lines.append("\(indent)  addresses: \(pick.addresses)") }
            return lines.joined(separator: "\n") + "\n"
        }.joined()
    }

    static func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
