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
        /// Rounding the back (flexion of the spine between pelvis and chest); negative arches it.
        case spine
        /// Bending the upper trunk to the left (negative: to the right), legs staying.
        case trunkSide = "trunk-side"
        /// Turning the chest to the left (negative: to the right), legs staying.
        case trunkTurn = "trunk-turn"
        /// Tipping the head, left ear toward the left shoulder (negative: right).
        case neckSide = "neck-side"
        /// Turning the head to look left (negative: right).
        case neckTurn = "neck-turn"
        /// Turning the thigh out (external rotation); negative turns it in.
        case hipTurn = "hip-turn"
        /// Turning the upper arm out (external rotation), so the palm faces out or up.
        case shoulderTurn = "shoulder-turn"
        /// Bending the hand toward the palm side; negative bends it back.
        case wrist

        /// Whether the joint has a left and a right (`left-knee`).
        var sided: Bool { ![.trunk, .neck, .spine, .trunkSide, .trunkTurn, .neckSide, .neckTurn].contains(self) }

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
            case .spine: -40...60
            case .trunkSide: -60...60
            case .trunkTurn: -90...90
            case .neckSide: -45...45
            case .neckTurn: -80...80
            case .hipTurn: -60...90
            case .shoulderTurn: -90...90
            case .wrist: -90...90
            }
        }
    }

    /// The shape of a hand (`right-hand: fist`).
    public enum HandShape: String, Sendable, Hashable, CaseIterable {
        case open, fist
    }

    /// Something drawn with the figure.
    public enum Prop: String, Sendable, Hashable, CaseIterable {
        case floor, mat, chair, wall, doorway, step, table, band, towel, pillow, strap
        case massageBall = "massage-ball"
        case foamRoller = "foam-roller"

        /// Props drawn under (or, for a strap, looped around) a body part (`massage-ball: buttock`).
        var needsPlace: Bool { [.massageBall, .foamRoller, .towel, .pillow, .strap].contains(self) }
        /// Props that may name the body part they touch (`wall: hand`, `table: forearm`), or stand
        /// where they always did when written alone.
        var mayPlace: Bool { needsPlace || [.wall, .doorway, .table, .chair, .band].contains(self) }
    }

    /// A body region that works, drawn in the clinic's colour.
    public enum Region: String, Sendable, Hashable, CaseIterable {
        case buttock, calf, forearm, neck, shoulder, foot
        case hipSide = "hip-side"
        case thighFront = "thigh-front"
        case thighBack = "thigh-back"
        case lowerBack = "lower-back"
        case upperBack = "upper-back"
        case chest, belly, jaw, hand
        case hipFront = "hip-front"
        case shoulderTop = "shoulder-top"
        case trunkSide = "trunk-side"
        /// The front of the shin (the muscle that lifts the foot).
        case shin
    }

    /// A hand shape on one side, or both (nil).
    public struct HandSetting: Sendable, Hashable {
        public var side: Limb?
        public var shape: HandShape
    }

    /// A highlighted region, on one side (`right-calf`) or both.
    public struct Highlight: Sendable, Hashable {
        public var region: Region
        public var side: Limb?
    }

    /// A body part an arrow or a prop refers to.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        case head, chest, hips, knee, foot, hand, arm, leg, buttock
        case upperBack = "upper-back"
        case lowerBack = "lower-back"
        case neck, belly, shoulder, elbow, forearm, thigh, calf
        case shoulderBlade = "shoulder-blade"
    }

    /// Which way an arrow points, on the picture.
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        case up, down, left, right
        /// A circle around the part (ankle circles).
        case around
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
        /// The side of the part (`foam-roller: left-thigh`); nil: the right one, as for arrows.
        public var side: Limb? = nil
        /// A band's other end (`band: [left-knee, right-knee]`): a body part, or nil with `toTable`.
        public var to: Part? = nil
        public var toSide: Limb? = nil
        /// A band whose other end is tied low round the table's leg (`band: [right-foot, table]`).
        public var toTable = false
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
    public var highlight: [Highlight]
    /// Hand shapes written (`left-hand: fist`), by side (nil: both).
    public var hands: [HandSetting] = []
    /// Alt text written by the editor, instead of the generated one.
    public var alt: String?

    /// The angle of a joint on a side, if written.
    func angle(_ joint: Joint, _ side: Limb?) -> Int? {
        if let side, let sided = angles.last(where: { $0.joint == joint && $0.side == side }) { return sided.degrees }
        return angles.last(where: { $0.joint == joint && $0.side == nil })?.degrees
    }

    /// Whether a prop is drawn.
    func has(_ prop: Prop) -> Bool { props.contains { $0.prop == prop } }

    /// The shape of a hand.
    func hand(_ side: Limb) -> HandShape {
        hands.last(where: { $0.side == side })?.shape ?? hands.last(where: { $0.side == nil })?.shape ?? .open
    }
}

extension Pose {
    /// Every key a figure may carry.
    static var keys: [String] {
        var keys = ["view", "base", "props", "arrow", "highlight", "alt"]
        for joint in Joint.allCases {
            keys.append(joint.rawValue)
            if joint.sided { keys += ["left-\(joint.rawValue)", "right-\(joint.rawValue)"] }
        }
        keys += ["hand", "left-hand", "right-hand"]
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
        var hands: [HandSetting] = []
        for entry in fields.entries {
            var name = entry.key
            var side: Limb?
            for limb in Limb.allCases where name.hasPrefix("\(limb.rawValue)-") {
                side = limb
                name = String(name.dropFirst(limb.rawValue.count + 1))
            }
            if name == "hand" {
                if let shape = reader.choice(entry.value, as: HandShape.self) { hands.append(HandSetting(side: side, shape: shape)) }
                continue
            }
            guard let joint = Joint(rawValue: name) else { continue }
            guard let degrees = reader.int(entry.value, in: joint.range, unit: " degrees") else { continue }
            angles.append(Angle(joint: joint, side: side, degrees: degrees))
        }
        var props: [PlacedProp] = []
        if let list = fields["props"].flatMap({ reader.list($0) }) {
            for item in list {
                if case .mapping = item.node {
                    guard let placed = reader.mapping(item, known: Prop.allCases.filter(\.mayPlace).map(\.rawValue)),
                          let entry = placed.entries.first else { continue }
                    if entry.key == Prop.band.rawValue {
                        if let band = readBand(entry.value, reader: &reader) { props.append(band) }
                        continue
                    }
                    guard let (part, side) = sidedChoice(entry.value, as: Part.self, reader: &reader) else { continue }
                    props.append(PlacedProp(prop: Prop(rawValue: entry.key)!, under: part, side: side))
                } else if let prop = reader.choice(item, as: Prop.self) {
                    if prop.needsPlace {
                        let example = prop == .strap ? "foot" : prop == .pillow ? "head" : "buttock"
                        reader.diagnostics.error(item.location, "'\(item.path)': a \(prop.rawValue) needs the body part it \(prop == .strap ? "loops around" : "lies under")",
                                                 hint: "write `- \(prop.rawValue): \(example)` (parts: \(Part.allCases.map(\.rawValue).joined(separator: ", ")))")
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
        var highlight: [Highlight] = []
        if let value = fields["highlight"] {
            let items: [YAMLValue]
            if case .sequence = value.node { items = reader.list(value) ?? [] } else { items = [value] }
            for item in items {
                if let (region, side) = sidedChoice(item, as: Region.self, reader: &reader) { highlight.append(Highlight(region: region, side: side)) }
            }
        }
        let alt = reader.string("alt", in: fields, required: false)
        guard let view, let base, reader.diagnostics.errors.count == errorsBefore else { return nil }
        return Pose(view: view, base: base, angles: angles, props: props, arrow: arrow, highlight: highlight, hands: hands, alt: alt)
    }

    /// A band between two ends: `[left-knee, right-knee]`, `[left-hand, right-hand]`, or a part and
    /// `table` (tied low round the table's leg): `[right-foot, table]`.
    static func readBand(_ value: YAMLValue, reader: inout YAMLReader) -> PlacedProp? {
        let hint: Hint = "write the two ends it runs between, e.g. `- band: [left-knee, right-knee]` or `- band: [right-foot, table]` (parts: \(Part.allCases.map(\.rawValue).joined(separator: ", ")))"
        guard case .sequence = value.node, let ends = reader.list(value), ends.count == 2 else {
            reader.diagnostics.error(value.location, "'\(value.path)': a band runs between two ends", hint: hint)
            return nil
        }
        guard let (part, side) = sidedChoice(ends[0], as: Part.self, reader: &reader) else { return nil }
        if case .scalar(let scalar) = ends[1].node, scalar.string == Prop.table.rawValue {
            return PlacedProp(prop: .band, under: part, side: side, toTable: true)
        }
        guard let (to, toSide) = sidedChoice(ends[1], as: Part.self, reader: &reader) else { return nil }
        return PlacedProp(prop: .band, under: part, side: side, to: to, toSide: toSide)
    }

    /// One of a fixed set of words, optionally after `left-` or `right-` (`right-calf`).
    static func sidedChoice<T: RawRepresentable & CaseIterable>(_ value: YAMLValue, as type: T.Type, reader: inout YAMLReader) -> (T, Limb?)? where T.RawValue == String {
        guard case .scalar(let scalar) = value.node else { return reader.choice(value, as: T.self).map { ($0, nil) } }
        var name = scalar.string
        var side: Limb?
        for limb in Limb.allCases where name.hasPrefix("\(limb.rawValue)-") {
            side = limb
            name = String(name.dropFirst(limb.rawValue.count + 1))
        }
        if let result = T(rawValue: name) { return (result, side) }
        let allowed = T.allCases.map(\.rawValue)
        var hint: Hint = "use one of: \(allowed.joined(separator: ", ")) (with `left-` or `right-` in front for one side)"
        if let close = Suggestions.closest(to: name, in: allowed) { hint = hint.prefixed("did you mean '\(side.map { "\($0.rawValue)-" } ?? "")\(close)'? ") }
        reader.diagnostics.error(value.location, "'\(value.path)' must be one of \(allowed.joined(separator: ", ")), found '\(value.shownValue)'", hint: hint)
        return nil
    }
}
