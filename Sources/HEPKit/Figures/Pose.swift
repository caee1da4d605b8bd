/// One drawn picture of an exercise, as a catalogue editor writes it under `figures:`: a named
/// base posture, the joint angles that differ from it, props, an optional arrow and the region
/// that works. The renderer (`FigureRenderer`) turns it into a mannequin drawing.
public struct Pose: Sendable, Hashable {
    /// Where the viewer stands.
    public enum View: String, Sendable, Hashable, CaseIterable {
        case side, front, above
    }

    /// A named starting posture; joint angles are changes from it.
    public enum Base: String, Sendable, Hashable, CaseIterable {
        case standing, sitting
        case lyingBack = "lying-back"
        case lyingFront = "lying-front"
        case sideLying = "side-lying"
        case fourPointKneeling = "four-point-kneeling"
        case kneeling
        case halfKneeling = "half-kneeling"
    }

    /// A joint whose angle an editor may set. Angles are degrees from the base posture's own angle
    /// (see `Exercises/README.md`): flexion for most, abduction for `hip-out`/`shoulder-out`.
    public enum Joint: String, Sendable, Hashable, CaseIterable {
        case trunk, neck, hip, knee, ankle, shoulder, elbow
        case hipOut = "hip-out"
        case shoulderOut = "shoulder-out"

        /// Whether the joint has a left and a right (`left-knee`).
        var sided: Bool { self != .trunk && self != .neck }

        /// The range an angle may take.
        var range: ClosedRange<Int> {
            switch self {
            case .trunk: -90...90
            case .neck: -60...60
            case .hip: -30...150
            case .knee: 0...160
            case .ankle: -30...60
            case .shoulder: -60...180
            case .elbow: 0...160
            case .hipOut: -20...60
            case .shoulderOut: -20...180
            }
        }
    }

    /// Something drawn with the figure.
    public enum Prop: String, Sendable, Hashable, CaseIterable {
        case floor, mat, chair, wall, doorway, step, table, band, towel
        case massageBall = "massage-ball"
        case foamRoller = "foam-roller"

        /// Props drawn under a body part (`massage-ball: buttock`).
        var needsPlace: Bool { self == .massageBall || self == .foamRoller || self == .towel }
    }

    /// A body region that works, drawn in the clinic's colour.
    public enum Region: String, Sendable, Hashable, CaseIterable {
        case buttock, calf, forearm, neck, shoulder, foot
        case hipSide = "hip-side"
        case thighFront = "thigh-front"
        case thighBack = "thigh-back"
        case lowerBack = "lower-back"
        case upperBack = "upper-back"
    }

    /// A body part an arrow or a prop refers to.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        case head, chest, hips, knee, foot, hand, arm, leg, buttock
        case upperBack = "upper-back"
        case lowerBack = "lower-back"
    }

    /// Which way an arrow points, on the picture.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        case up, down, left, right
    }

    /// Which limb an angle or part is for.
    public enum Limb: String, Sendable, Hashable, CaseIterable {
        case left, right
    }

    /// An angle for one joint on one side (nil side: both, or no side).
    public struct Angle: Sendable, Hashable {
        public var joint: Joint
        public var side: Limb?
        public var degrees: Int
    }

    /// A prop, with the body part it lies under when it needs one.
    public struct PlacedProp: Sendable, Hashable {
        public var prop: Prop
        public var under: Part?
    }

    /// An arrow beside a body part.
    public struct Arrow: Sendable, Hashable {
        public var part: Part
        public var side: Limb?
        public var direction: Direction
    }

    public var view: View
    public var base: Base
    /// The angles written, in file order (a sided angle overrides a both-sides one).
    public var angles: [Angle]
    public var props: [PlacedProp]
    public var arrow: Arrow?
    public var highlight: [Region]
    /// Alt text written by the editor, instead of the generated one.
    public var alt: String?

    /// The angle of a joint on a side, if written.
    func angle(_ joint: Joint, _ side: Limb?) -> Int? {
        if let side, let sided = angles.last(where: { $0.joint == joint && $0.side == side }) { return sided.degrees }
        return angles.last(where: { $0.joint == joint && $0.side == nil })?.degrees
    }

    /// Whether a prop is drawn.
    func has(_ prop: Prop) -> Bool { props.contains { $0.prop == prop } }
}

extension Pose {
    /// Every key a figure may carry.
    static var keys: [String] {
        var keys = ["view", "base", "props", "arrow", "highlight", "alt"]
        for joint in Joint.allCases {
            keys.append(joint.rawValue)
            if joint.sided { keys += ["left-\(joint.rawValue)", "right-\(joint.rawValue)"] }
        }
        return keys
    }

    /// Reads one `figures:` entry.
    static func read(_ value: YAMLValue, reader: inout YAMLReader) -> Pose? {
        guard let fields = reader.mapping(value, known: keys) else { return nil }
        let errorsBefore = reader.diagnostics.errors.count
        let view = fields["view"].flatMap { reader.choice($0, as: View.self) }
        if fields["view"] == nil { reader.missing("view", in: fields, hint: "add `view: side`, `front` or `above`") }
        let base = fields["base"].flatMap { reader.choice($0, as: Base.self) }
        if fields["base"] == nil {
            reader.missing("base", in: fields, hint: "add the posture it starts from, e.g. `base: lying-back`; one of: \(Base.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var angles: [Angle] = []
        for entry in fields.entries {
            var name = entry.key
            var side: Limb?
            for limb in Limb.allCases where name.hasPrefix("\(limb.rawValue)-") {
                side = limb
                name = String(name.dropFirst(limb.rawValue.count + 1))
            }
            guard let joint = Joint(rawValue: name) else { continue }
            guard let degrees = reader.int(entry.value, in: joint.range, unit: " degrees") else { continue }
            angles.append(Angle(joint: joint, side: side, degrees: degrees))
        }
        var props: [PlacedProp] = []
        if let list = fields["props"].flatMap({ reader.list($0) }) {
            for item in list {
                if case .mapping = item.node {
                    guard let placed = reader.mapping(item, known: Prop.allCases.filter(\.needsPlace).map(\.rawValue)),
                          let entry = placed.entries.first else { continue }
                    guard let part = reader.choice(entry.value, as: Part.self) else { continue }
                    props.append(PlacedProp(prop: Prop(rawValue: entry.key)!, under: part))
                } else if let prop = reader.choice(item, as: Prop.self) {
                    if prop.needsPlace {
                        reader.diagnostics.error(item.location, "'\(item.path)': a \(prop.rawValue) needs the body part it lies under",
                                                 hint: "write `- \(prop.rawValue): buttock` (parts: \(Part.allCases.map(\.rawValue).joined(separator: ", ")))")
                        continue
                    }
                    props.append(PlacedProp(prop: prop, under: nil))
                }
            }
        }
        var arrow: Arrow?
        if let value = fields["arrow"], let arrowFields = reader.mapping(value, known: ["part", "side", "direction"]) {
            let part = arrowFields["part"].flatMap { reader.choice($0, as: Part.self) }
            if arrowFields["part"] == nil { reader.missing("part", in: arrowFields, hint: "add the body part that moves, e.g. `part: hips`") }
            let direction = arrowFields["direction"].flatMap { reader.choice($0, as: Direction.self) }
            if arrowFields["direction"] == nil { reader.missing("direction", in: arrowFields, hint: "add `direction: up`, `down`, `left` or `right` (as seen on the picture)") }
            let side = arrowFields["side"].flatMap { reader.choice($0, as: Limb.self) }
            if let part, let direction { arrow = Arrow(part: part, side: side, direction: direction) }
        }
        var highlight: [Region] = []
        if let value = fields["highlight"] {
            if case .sequence = value.node {
                for item in reader.list(value) ?? [] {
                    if let region = reader.choice(item, as: Region.self) { highlight.append(region) }
                }
            } else if let region = reader.choice(value, as: Region.self) {
                highlight.append(region)
            }
        }
        let alt = reader.string("alt", in: fields, required: false)
        guard let view, let base, reader.diagnostics.errors.count == errorsBefore else { return nil }
        return Pose(view: view, base: base, angles: angles, props: props, arrow: arrow, highlight: highlight, alt: alt)
    }
}
