/// How exercises answer findings, in one place: the "why" lines of a handout, `hep suggest` and
/// the practitioner's warnings all use it, so they never disagree.
///
/// Release and lengthen exercises answer an overactive muscle; activate, integrate, strength and
/// breathing exercises answer an inhibited one; any exercise answers pain in a region it works on.
/// A muscle finding is answered on the same side (a `both` finding or exercise matches either).
public struct FindingMatcher: Sendable {
    /// What an exercise does to a muscle finding.
    public enum Role: String, Sendable {
        case releases, lengthens, activates, integrates
    }

    /// A finding an exercise answers, and how.
    public enum Match: Sendable, Hashable {
        case muscle(Plan.MuscleFinding, Role)
        case pain(Plan.PainFinding)
    }

    /// Whether a phase answers overactive (true), inhibited (false) or no muscle finding (nil).
    public static func answersOveractive(_ phase: Phase) -> Bool? {
        switch phase {
        case .release, .lengthen: true
        case .activate, .integrate, .strength, .breathing: false
        case .mobility, .balance, .nerveGlide: nil
        }
    }

    static func role(_ phase: Phase) -> Role {
        switch phase {
        case .release: .releases
        case .lengthen: .lengthens
        case .activate, .breathing: .activates
        default: .integrates
        }
    }

    /// Whether an exercise done on `exerciseSide` works the side of a finding.
    public static func sidesMatch(_ exerciseSide: Side, _ findingSide: Side) -> Bool {
        switch (exerciseSide, findingSide) {
        case (.left, .right), (.right, .left): false
        default: true
        }
    }

    /// The finding an exercise answers in a plan: the plan's explicit `addresses`, else the first
    /// matching muscle finding, else pain in a region the exercise works on.
    public static func match(_ exercise: Exercise, side: Side, addresses: String?, in plan: Plan) -> Match? {
        let wanted = answersOveractive(exercise.phase)
        let candidates = plan.muscles.filter { finding in
            sidesMatch(side, finding.side)
                && (addresses.map { $0 == finding.muscle.value } ?? exercise.targetIDs.contains(finding.muscle.value))
        }
        if let wanted, let finding = candidates.first(where: { $0.status.isOveractive == wanted }) {
            return .muscle(finding, role(exercise.phase))
        }
        let pains = plan.pain.filter { pain in
            sidesMatch(side, pain.side ?? .both) && (addresses.map { $0 == pain.region.value } ?? exercise.regionIDs.contains(pain.region.value))
        }
        if let pain = pains.first { return .pain(pain) }
        return nil
    }

    /// Every finding an exercise could answer (for "a finding that no exercise addresses").
    static func answers(_ exercise: Exercise, side: Side, addresses: String?, finding: Plan.MuscleFinding) -> Bool {
        if let addresses { return addresses == finding.muscle.value && sidesMatch(side, finding.side) }
        guard let wanted = answersOveractive(exercise.phase) else { return false }
        return exercise.targetIDs.contains(finding.muscle.value) && finding.status.isOveractive == wanted
            && sidesMatch(side, finding.side)
    }

    /// A finding in words, the same everywhere it is named (warnings, suggestions):
    /// "left gluteus medius, recorded inhibited", "gluteus maximus on both sides, recorded inhibited".
    static func describe(_ finding: Plan.MuscleFinding, vocabulary: Vocabulary) -> String {
        let name = vocabulary.term(.muscles, finding.muscle.value)?.name ?? finding.muscle.value
        let side = switch finding.side {
        case .left: "left "
        case .right: "right "
        case .both, .each: ""
        }
        let sides = finding.side == .both ? " on both sides" : ""
        return "\(side)\(name)\(sides), recorded \(finding.status.isOveractive ? "overactive" : "inhibited")"
    }
}
