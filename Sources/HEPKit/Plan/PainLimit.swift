/// The most pain (out of 10) a patient should feel during and after the exercises: the plan's
/// `pain-limit`, else the clinic's (`Templates/clinic.yaml`), else the pain guide's own (5, the top
/// of "OK, but do not push further"). The pain guide, every dose line and the warnings about notes
/// all use this one number, so the handout never gives the patient two limits.
public struct PainLimit: Sendable, Hashable {
    /// Where the limit comes from.
    public enum Source: Sendable, Hashable {
        /// The plan's `pain-limit:`.
        case plan(SourceLocation)
        /// The clinic's `pain-limit:` in `Templates/clinic.yaml`.
        case clinic(SourceLocation)
        /// Nobody set one: the pain guide's bands.
        case guide
    }

    /// 0-10.
    public var value: Int
    /// Who set it.
    public var source: Source

    /// The pain guide's limit when neither the plan nor the clinic sets one.
    public static let guideDefault = 5
    /// Up to this score, pain during exercise is "fine"; above it (up to the limit) "OK, but do not push".
    public static let comfortable = 3

    /// The limit for one plan.
    public static func effective(plan: Plan, clinic: ClinicSettings) -> PainLimit {
        if let limit = plan.painLimit { return PainLimit(value: limit.value, source: .plan(limit.location)) }
        if let limit = clinic.painLimit { return PainLimit(value: limit.value, source: .clinic(limit.location)) }
        return PainLimit(value: guideDefault, source: .guide)
    }

    /// True when the plan or the clinic set the limit (then every dose line states it).
    public var isSet: Bool { source != .guide }

    /// The pain guide's bands: scores that are fine, scores that are OK (when the limit is above
    /// `comfortable`), and above the limit, stop.
    var bands: (fine: ClosedRange<Int>, ok: ClosedRange<Int>?, stopAbove: Int?) {
        let fineTop = min(value, Self.comfortable)
        return (0...fineTop, value > fineTop ? (fineTop + 1)...value : nil, value < 10 ? value : nil)
    }
}
