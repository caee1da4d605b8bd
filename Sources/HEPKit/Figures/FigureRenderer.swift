/// Draws a `Pose` as an SVG mannequin: solid, round-capped limbs and a round head in grey, the
/// working region in the clinic's colour, simple props and an arrow, on a white background.
///
/// The body is posed in 3D by forward kinematics (the base posture places the trunk; each joint
/// angle rotates its limb in the limb's own frame), then projected for the view. The same pose
/// and colour always give the same bytes: coordinates are rounded to 0.1 and printed by hand.
public enum FigureRenderer {
    /// The picture's size in pixels.
    public static let width = 600
    public static let maximumHeight = 400
    /// Pixels per body unit (about a centimetre of a 172 cm adult).
    static let scale = 1.8

    static let figureGrey = "#8d969e"
    static let farGrey = "#c5cbd0"
    static let propGrey = "#dde1e4"
    static let lineGrey = "#6b747c"
    static let arrowColour = "#3b4248"

    /// The SVG text for `pose`, with `brand` (`#1f5f8b`) for the working region.
    public static func svg(_ pose: Pose, brand: String) -> String {
        var scene = Scene(pose: pose, body: Mannequin(pose: pose), brand: brand)
        scene.place()
        return scene.render()
    }
}

// MARK: - Geometry

struct Vec3: Sendable, Hashable {
    var x: Double, y: Double, z: Double
    static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    static func * (a: Vec3, s: Double) -> Vec3 { Vec3(x: a.x * s, y: a.y * s, z: a.z * s) }
    static prefix func - (a: Vec3) -> Vec3 { a * -1 }
    func cross(_ b: Vec3) -> Vec3 { Vec3(x: y * b.z - z * b.y, y: z * b.x - x * b.z, z: x * b.y - y * b.x) }
    func dot(_ b: Vec3) -> Double { x * b.x + y * b.y + z * b.z }

    /// Rotated about the unit `axis` by `degrees` (right-handed).
    func rotated(about axis: Vec3, _ degrees: Double) -> Vec3 {
        let t = degrees * .pi / 180, c = cos(t), s = sin(t)
        return self * c + axis.cross(self) * s + axis * (axis.dot(self) * (1 - c))
    }

    static let x = Vec3(x: 1, y: 0, z: 0), y = Vec3(x: 0, y: 1, z: 0), z = Vec3(x: 0, y: 0, z: 1)
}

/// A frame of three unit vectors: along the segment, its front and its left.
struct Frame {
    var along: Vec3, front: Vec3, left: Vec3
    func rotated(about axis: Vec3, _ degrees: Double) -> Frame {
        Frame(along: along.rotated(about: axis, degrees), front: front.rotated(about: axis, degrees), left: left.rotated(about: axis, degrees))
    }
}

private func cos(_ x: Double) -> Double { Foundation.cos(x) }
private func sin(_ x: Double) -> Double { Foundation.sin(x) }

import Foundation

// MARK: - The posed body

/// Adult proportions in body units (about centimetres).
enum Proportions {
    static let trunk = 50.0, shoulderDrop = 4.0, shoulderHalf = 17.0, hipHalf = 9.0
    static let neck = 8.0, headRadius = 11.0
    static let thigh = 44.0, shank = 42.0, foot = 15.0
    static let upperArm = 30.0, forearm = 31.0, hand = 8.0, lowerTrunk = 24.0
    static let trunkDepth = 24.0, trunkWidth = 32.0
    static let thighWidth = 15.0, shankWidth = 11.0, footWidth = 7.0, upperArmWidth = 10.0, forearmWidth = 8.0, handWidth = 7.0, fistWidth = 9.0, neckWidth = 10.0
}

/// The mannequin's joints in 3D (x forward, y to the left of a standing figure, z up).
struct Mannequin {
    struct Limb {
        var root: Vec3, middle: Vec3, end: Vec3, tip: Vec3
        var side: Pose.Limb
        /// The hand's stroke width and whether it is a fist (arms only).
        var fist = false
        /// The front of the shin (legs only), for the `shin` region.
        var front = Vec3(x: 0, y: 0, z: 0)
    }

    var pelvis = Vec3(x: 0, y: 0, z: 0)
    /// The pelvis: the base posture tilted by `trunk`; the legs hang from it.
    var frame: Frame
    /// The lower and upper halves of the trunk (they differ with `spine`, `trunk-side`, `trunk-turn`).
    var lower: Frame, upper: Frame
    var waist: Vec3
    var neckBase: Vec3
    var headFrame: Frame
    var head: Vec3
    var legs: [Limb] = []
    var arms: [Limb] = []

    init(pose: Pose) {
        typealias P = Proportions
        // The base posture: where the trunk points and where its front faces.
        var frame: Frame
        switch pose.base {
        case .standing, .sitting, .kneeling, .halfKneeling:
            frame = Frame(along: .z, front: .x, left: .y)
        case .lyingBack:
            frame = Frame(along: -.x, front: .z, left: .y)
        case .lyingFront:
            frame = Frame(along: .x, front: -.z, left: .y)
        case .sideLying:
            // On the left side, facing the viewer of the front view, head to the right.
            frame = Frame(along: .y, front: .x, left: -.z)
        case .fourPointKneeling:
            // Facing +x, belly down: the left side stays at +y, as standing.
            frame = Frame(along: .x, front: -.z, left: .y)
        }
        func angle(_ joint: Pose.Joint, _ side: Pose.Limb?) -> Double {
            Double(pose.angle(joint, side) ?? Self.baseAngle(pose.base, joint, side))
        }
        frame = frame.rotated(about: frame.left, angle(.trunk, nil))
        self.frame = frame
        // The spine: the lower half leans back by half the rounding, the upper half forward by the
        // rest, so the middle of the back bulges (or, arched, sinks); the side bend and the turn
        // are in the upper half.
        let lower = frame.rotated(about: frame.left, -angle(.spine, nil) / 2)
        var upper = lower.rotated(about: lower.left, angle(.spine, nil))
        upper = upper.rotated(about: upper.front, -angle(.trunkSide, nil))
        upper = upper.rotated(about: upper.along, angle(.trunkTurn, nil))
        self.lower = lower
        self.upper = upper
        waist = pelvis + lower.along * P.lowerTrunk
        neckBase = waist + upper.along * (P.trunk - P.lowerTrunk)
        var headFrame = upper.rotated(about: upper.left, angle(.neck, nil))
        headFrame = headFrame.rotated(about: headFrame.front, -angle(.neckSide, nil))
        headFrame = headFrame.rotated(about: headFrame.along, angle(.neckTurn, nil))
        self.headFrame = headFrame
        head = neckBase + headFrame.along * (P.neck + P.headRadius - 2)
        for side in Pose.Limb.allCases {
            let sign = side == .left ? 1.0 : -1.0
            // Legs: hang along -trunk; abduction about the front axis, flexion about the left axis,
            // then the turn about the thigh.
            let hip = pelvis + frame.left * (P.hipHalf * sign)
            var leg = Frame(along: -frame.along, front: frame.front, left: frame.left)
            leg = leg.rotated(about: frame.front, angle(.hipOut, side) * sign)
            leg = leg.rotated(about: leg.left, -angle(.hip, side))
            leg = leg.rotated(about: leg.along, -angle(.hipTurn, side) * sign)
            let knee = hip + leg.along * P.thigh
            leg = leg.rotated(about: leg.left, angle(.knee, side))
            let ankle = knee + leg.along * P.shank
            let foot = leg.front.rotated(about: leg.left, angle(.ankle, side))
            legs.append(Limb(root: hip, middle: knee, end: ankle, tip: ankle + foot * P.foot, side: side, front: leg.front))
            // Arms: from the shoulders, the same way; the elbow bends toward the palm side, and
            // so does the wrist.
            let shoulder = neckBase - upper.along * P.shoulderDrop + upper.left * (P.shoulderHalf * sign)
            var arm = Frame(along: -upper.along, front: upper.front, left: upper.left)
            arm = arm.rotated(about: upper.front, angle(.shoulderOut, side) * sign)
            arm = arm.rotated(about: arm.left, -angle(.shoulder, side))
            arm = arm.rotated(about: arm.along, -angle(.shoulderTurn, side) * sign)
            let elbow = shoulder + arm.along * P.upperArm
            arm = arm.rotated(about: arm.left, -angle(.elbow, side))
            let wrist = elbow + arm.along * (P.forearm - 6)
            let fist = pose.hand(side) == .fist
            let hand = arm.along.rotated(about: arm.left, -angle(.wrist, side))
            arms.append(Limb(root: shoulder, middle: elbow, end: wrist, tip: wrist + hand * (fist ? 2 : P.hand), side: side, fist: fist))
        }
    }

    /// A base posture's own angle for a joint.
    static func baseAngle(_ base: Pose.Base, _ joint: Pose.Joint, _ side: Pose.Limb?) -> Int {
        switch (base, joint) {
        case (.sitting, .hip), (.sitting, .knee): 90
        case (.fourPointKneeling, .hip), (.fourPointKneeling, .knee), (.fourPointKneeling, .shoulder): 90
        case (.fourPointKneeling, .ankle): 60
        case (.kneeling, .knee): 90
        case (.kneeling, .ankle): 60
        case (.halfKneeling, .hip): side == .left ? 90 : 0
        case (.halfKneeling, .knee): 90
        case (.halfKneeling, .ankle): side == .left ? 0 : 60
        case (.sideLying, .ankle): 20
        case (.lyingFront, .ankle): 60
        default: 0
        }
    }
}

// MARK: - Projection and drawing

/// The figure as drawn: projected segments, props and the arrow, in picture units.
struct Scene {
    struct Point: Hashable { var x: Double, y: Double }

    struct Stroke {
        var from: Point, to: Point, width: Double, colour: String, depth: Double
    }

    let pose: Pose
    var body: Mannequin
    let brand: String
    var strokes: [Stroke] = []
    var headCentre = Point(x: 0, y: 0)
    var headDepth = 0.0
    var shiftY = 0.0
    var hasFloor: Bool { pose.view != .above }

    static let pillowGrey = "#b9c0c6"
    static let faceGrey = "#6b747c"

    init(pose: Pose, body: Mannequin, brand: String) {
        self.pose = pose
        self.body = body
        self.brand = brand
    }

    /// Screen position (y up) and depth (larger is farther from the viewer).
    func project(_ p: Vec3) -> (Point, Double) {
        switch pose.view {
        case .side: (Point(x: p.x, y: p.z), p.y)
        case .front: (Point(x: p.y, y: p.z), -p.x)
        case .above: (Point(x: p.x, y: p.y), -p.z)
        }
    }

    func screen(_ p: Vec3) -> Point { project(p).0 }

    /// How wide a part of the trunk looks: its width when its left-right axis lies across the picture.
    func trunkWidth(_ frame: Frame) -> Double {
        let (l, _) = project(frame.left)
        let across = min(1, (l.x * l.x + l.y * l.y).squareRoot())
        return Proportions.trunkDepth + (Proportions.trunkWidth - Proportions.trunkDepth) * across
    }

    var trunkWidth: Double { trunkWidth(body.frame) }

    /// Whether the base posture is upright (a ball on the back then goes against a wall).
    var upright: Bool { [.standing, .sitting, .kneeling, .halfKneeling].contains(pose.base) }

    /// The floor's height under the body: the mat's or the step's top.
    var floorLevel: Double {
        if pose.has(.step) { return 18 }
        return pose.has(.mat) ? 3 : 0
    }

    /// Builds the strokes and grounds them on the floor.
    mutating func place() {
        typealias P = Proportions
        let trunkDepth = project(body.pelvis).1
        func add(_ a: Vec3, _ b: Vec3, _ width: Double, far: Bool? = nil) {
            let (pa, da) = project(a), (pb, db) = project(b)
            let depth = (da + db) / 2
            let isFar = far ?? (depth > trunkDepth + 8)
            strokes.append(Stroke(from: pa, to: pb, width: width, colour: isFar ? FigureRenderer.farGrey : FigureRenderer.figureGrey, depth: depth))
        }
        for limb in body.legs {
            add(limb.root, limb.middle, P.thighWidth)
            add(limb.middle, limb.end, P.shankWidth)
            add(limb.end, limb.tip, P.footWidth)
        }
        for limb in body.arms {
            add(limb.root, limb.middle, P.upperArmWidth)
            add(limb.middle, limb.end, P.forearmWidth)
            add(limb.end, limb.tip, limb.fist ? P.fistWidth : P.handWidth)
        }
        // The trunk: two capsules, pelvis to waist and waist to shoulders, and the neck.
        let top = body.neckBase - body.upper.along * (P.shoulderDrop + 2)
        add(body.pelvis, body.waist, trunkWidth(body.lower), far: false)
        strokes[strokes.count - 1].depth = trunkDepth
        add(body.waist, top, trunkWidth(body.upper), far: false)
        strokes[strokes.count - 1].depth = trunkDepth
        add(body.neckBase - body.upper.along * 4, body.head, P.neckWidth, far: false)
        strokes[strokes.count - 1].depth = trunkDepth
        (headCentre, headDepth) = project(body.head)
        addHighlights()
        // Ground: the lowest point of the body rests on the floor (or on the mat, the step), and a
        // body part with a ball, roller, pillow or towel under it rests on that.
        let lowest = (strokes.flatMap { [$0.from.y - $0.width / 2, $0.to.y - $0.width / 2] } + [headCentre.y - P.headRadius]).min() ?? 0
        var shift = floorLevel - lowest
        for placed in pose.props where placed.prop.needsPlace && placed.prop != .strap && restsOnFloor(placed) {
            let (centre, radius) = anchor(of: placed.under ?? .hips, side: placed.side)
            shift = max(shift, floorLevel + Self.height(of: placed.prop) - (screen(centre).y - radius))
        }
        shiftY = hasFloor ? shift : 0
    }

    /// How tall a prop under a body part is.
    static func height(of prop: Pose.Prop) -> Double {
        switch prop {
        case .massageBall: 10
        case .foamRoller: 16
        case .pillow: 8
        default: 6
        }
    }

    /// Whether a prop under a part lies on the floor (not against a wall, not on a table or chair).
    func restsOnFloor(_ placed: Pose.PlacedProp) -> Bool {
        if againstWall(placed) { return false }
        return !pose.props.contains { ($0.prop == .table || $0.prop == .chair) && $0.under == placed.under && $0.under != nil }
    }

    /// Whether a ball (or roller) goes between the back (or chest) and a wall.
    func againstWall(_ placed: Pose.PlacedProp) -> Bool {
        guard upright, placed.prop == .massageBall || placed.prop == .foamRoller, let part = placed.under,
              Self.trunkParts.contains(part) else { return false }
        return pose.props.contains { $0.prop == .wall && ($0.under == nil || $0.under == part) }
    }

    static let trunkParts: Set<Pose.Part> = [.head, .neck, .chest, .belly, .hips, .buttock, .upperBack, .lowerBack, .shoulder, .shoulderBlade]

    /// Which way a trunk part's surface faces: the back parts backward, the chest and belly forward.
    func normal(of part: Pose.Part) -> Vec3 {
        switch part {
        case .chest: body.upper.front
        case .belly: body.lower.front
        case .buttock, .hips, .lowerBack: -body.lower.front
        default: -body.upper.front
        }
    }

    /// The middle of a body part and its half thickness, where props rest against it.
    func anchor(of part: Pose.Part, side: Pose.Limb?) -> (Vec3, Double) {
        typealias P = Proportions
        let leg = body.legs.first { $0.side == (side ?? .right) } ?? body.legs[0]
        let arm = body.arms.first { $0.side == (side ?? .right) } ?? body.arms[0]
        func lerp(_ a: Vec3, _ b: Vec3, _ t: Double) -> Vec3 { a + (b - a) * t }
        let sideShift = side.map { body.upper.left * ($0 == .left ? 6.0 : -6.0) } ?? Vec3(x: 0, y: 0, z: 0)
        switch part {
        case .head: return (body.head, P.headRadius)
        case .neck: return (body.neckBase + body.headFrame.along * 6, P.neckWidth / 2)
        case .chest: return (body.waist + body.upper.along * 14 + sideShift, trunkWidth(body.upper) / 2)
        case .upperBack: return (body.waist + body.upper.along * 12 + sideShift, trunkWidth(body.upper) / 2)
        case .shoulderBlade: return (body.waist + body.upper.along * 20 + sideShift, trunkWidth(body.upper) / 2)
        case .shoulder: return (body.waist + body.upper.along * 23 + body.upper.left * ((side ?? .right) == .left ? 10.0 : -10.0), trunkWidth(body.upper) / 2)
        case .belly: return (body.pelvis + body.lower.along * 14, trunkWidth(body.lower) / 2)
        case .lowerBack: return (body.pelvis + body.lower.along * 12 + sideShift, trunkWidth(body.lower) / 2)
        case .hips: return (body.pelvis, trunkWidth(body.lower) / 2)
        case .buttock: return (body.pelvis + (side.map { body.frame.left * ($0 == .left ? 5.0 : -5.0) } ?? Vec3(x: 0, y: 0, z: 0)), trunkWidth(body.lower) / 2)
        case .thigh: return (lerp(leg.root, leg.middle, 0.5), P.thighWidth / 2)
        case .knee: return (leg.middle, P.shankWidth / 2)
        case .leg: return (leg.root + (leg.end - leg.root) * 0.5, P.thighWidth / 2)
        case .calf: return (lerp(leg.middle, leg.end, 0.45), P.shankWidth / 2)
        case .foot: return (lerp(leg.end, leg.tip, 0.4), P.footWidth / 2)
        case .arm, .elbow: return (arm.middle, P.upperArmWidth / 2)
        case .forearm: return (lerp(arm.middle, arm.end, 0.35), P.forearmWidth / 2)
        case .hand: return (arm.tip, P.handWidth / 2)
        }
    }

    /// The working region, as strokes of the clinic's colour over the body.
    mutating func addHighlights() {
        let frame = body.frame, lower = body.lower, upper = body.upper
        // Regions of the trunk are drawn over everything; those of a limb just over the limb.
        func over(_ a: Vec3, _ b: Vec3, _ width: Double, onTop: Bool = false) {
            let (pa, da) = project(a), (pb, db) = project(b)
            strokes.append(Stroke(from: pa, to: pb, width: width, colour: brand, depth: onTop ? -1_000 : (da + db) / 2 - 0.01))
        }
        func lerp(_ a: Vec3, _ b: Vec3, _ t: Double) -> Vec3 { a + (b - a) * t }
        for highlight in pose.highlight {
            let legs = body.legs.filter { highlight.side == nil || $0.side == highlight.side }
            let arms = body.arms.filter { highlight.side == nil || $0.side == highlight.side }
            let signs = (highlight.side.map { [$0] } ?? Pose.Limb.allCases).map { $0 == .left ? 1.0 : -1.0 }
            switch highlight.region {
            case .buttock:
                let spot = body.pelvis - frame.front * 5 - frame.along * 2
                over(spot, spot + frame.along * 6, 14, onTop: true)
            case .hipSide:
                for leg in legs { over(leg.root, lerp(leg.root, leg.middle, 0.3), 12) }
            case .thighFront, .thighBack:
                for leg in legs {
                    over(lerp(leg.root, leg.middle, 0.2), lerp(leg.root, leg.middle, 0.8), 8)
                }
            case .calf:
                for leg in legs { over(lerp(leg.middle, leg.end, 0.15), lerp(leg.middle, leg.end, 0.6), 8) }
            case .shin:
                // Along the front edge of the shin, from below the knee to above the ankle.
                for leg in legs { over(lerp(leg.middle, leg.end, 0.15) + leg.front * 3, lerp(leg.middle, leg.end, 0.75) + leg.front * 3, 5) }
            case .foot:
                for leg in legs { over(leg.end, leg.tip, 5) }
            case .forearm:
                for arm in arms { over(lerp(arm.middle, arm.end, 0.1), lerp(arm.middle, arm.end, 0.9), 6) }
            case .hand:
                for arm in arms { over(arm.end, arm.tip, arm.fist ? 7 : 5) }
            case .shoulder:
                for arm in arms { over(arm.root, lerp(arm.root, arm.middle, 0.25), 11) }
            case .neck:
                over(body.neckBase - upper.along * 2, body.neckBase + body.headFrame.along * 4, 8, onTop: true)
            case .lowerBack:
                over(body.pelvis + lower.along * 8 - lower.front * 7, body.pelvis + lower.along * 22 - lower.front * 7, 9, onTop: true)
            case .upperBack:
                over(body.waist + upper.along * 4 - upper.front * 7, body.waist + upper.along * 16 - upper.front * 7, 9, onTop: true)
            case .chest:
                for s in signs {
                    let spot = body.waist + upper.along * 17 + upper.front * 7 + upper.left * (7 * s)
                    over(spot, spot + upper.left * (3 * s), 9, onTop: true)
                }
            case .belly:
                over(body.pelvis + lower.along * 7 + lower.front * 7, body.pelvis + lower.along * 17 + lower.front * 7, 10, onTop: true)
            case .hipFront:
                for leg in legs {
                    over(leg.root + lower.along * 6 + lower.front * 4, lerp(leg.root, leg.middle, 0.2), 10, onTop: true)
                }
            case .shoulderTop:
                for s in signs {
                    let root = body.neckBase - upper.along * 2 + upper.left * (Proportions.shoulderHalf * s)
                    over(body.neckBase - upper.along * 1 + upper.left * (5 * s), root, 7, onTop: true)
                }
            case .trunkSide:
                for s in signs {
                    let a = body.pelvis + lower.along * 3 + lower.left * (13 * s)
                    let m = body.waist + upper.left * (13 * s)
                    let b = body.waist + upper.along * 17 + upper.left * (13 * s)
                    over(a, m, 7, onTop: true)
                    over(m, b, 7, onTop: true)
                }
            case .jaw:
                let head = body.headFrame
                for s in signs {
                    let spot = body.head + head.front * 5 - head.along * 7 + head.left * (6 * s)
                    over(spot, spot + head.along * 3, 5, onTop: true)
                }
            }
        }
    }

    /// Where a band holds a body part, on the picture (shifted like the body): round the front of
    /// the foot, just above the knee, in the hand.
    func bandEnd(_ part: Pose.Part, side: Pose.Limb?) -> Point {
        let leg = body.legs.first { $0.side == (side ?? .right) } ?? body.legs[0]
        let arm = body.arms.first { $0.side == (side ?? .right) } ?? body.arms[0]
        func lerp(_ a: Vec3, _ b: Vec3, _ t: Double) -> Vec3 { a + (b - a) * t }
        let at: Vec3 = switch part {
        case .foot: lerp(leg.end, leg.tip, 0.6)
        case .knee: lerp(leg.root, leg.middle, 0.88)
        case .hand: lerp(arm.end, arm.tip, 0.5)
        default: anchor(of: part, side: side).0
        }
        let p = screen(at)
        return Point(x: p.x, y: p.y + shiftY)
    }

    /// The nearest point of a body part, for arrows and props.
    func point(of part: Pose.Part, side: Pose.Limb?) -> Vec3 {
        let leg = body.legs.first { $0.side == (side ?? .right) } ?? body.legs[0]
        let arm = body.arms.first { $0.side == (side ?? .right) } ?? body.arms[0]
        switch part {
        case .head: return body.head
        case .chest: return body.waist + body.upper.along * 14
        case .upperBack: return body.waist + body.upper.along * 10 - body.upper.front * 10
        case .lowerBack: return body.pelvis + body.lower.along * 14 - body.lower.front * 10
        case .hips: return body.pelvis
        case .buttock: return body.pelvis - body.frame.front * 8
        case .knee: return leg.middle
        case .foot: return leg.end
        case .hand: return arm.tip
        case .arm: return arm.middle
        case .leg: return leg.root + (leg.end - leg.root) * 0.5
        case .neck: return body.neckBase + body.headFrame.along * 6
        case .belly: return body.pelvis + body.lower.along * 14 + body.lower.front * 10
        case .shoulder: return arm.root
        case .shoulderBlade: return body.waist + body.upper.along * 20 - body.upper.front * 10
        case .elbow: return arm.middle
        case .forearm: return arm.middle + (arm.end - arm.middle) * 0.5
        case .thigh: return leg.root + (leg.middle - leg.root) * 0.5
        case .calf: return leg.middle + (leg.end - leg.middle) * 0.5
        }
    }

    // MARK: Writing SVG

    func render() -> String {
        let w = Double(FigureRenderer.width)
        // As tall as the scene needs (a lying figure gives a low picture), at most `maximumHeight`.
        let tops = strokes.flatMap { [$0.from.y + $0.width / 2, $0.to.y + $0.width / 2] } + [headCentre.y + Proportions.headRadius]
        let bottoms = strokes.flatMap { [$0.from.y - $0.width / 2, $0.to.y - $0.width / 2] } + [headCentre.y - Proportions.headRadius]
        let bodyTop = (tops.max() ?? 0) + shiftY
        var top = bodyTop
        if let arrow = pose.arrow {
            // An arrow sits up to 24 above its part (36 for one going up, 16 round it).
            let part = screen(point(of: arrow.part, side: arrow.side)).y + shiftY
            top = max(top, part + (arrow.direction == .up ? 26 : arrow.direction == .around ? 20 : arrow.direction == .down ? 20 : 30))
        }
        // A wall or door frame touching a body part is as tall as the scene needs; one written
        // alone is 200 (a standing adult and a little).
        let placedWallHeight = max(120, bodyTop + 24)
        if pose.has(.chair) { top = max(top, 86) }
        if pose.props.contains(where: { ($0.prop == .wall || $0.prop == .doorway) && $0.under == nil }) { top = max(top, 200) }
        if pose.props.contains(where: { ($0.prop == .wall || $0.prop == .doorway) && $0.under != nil }) { top = max(top, placedWallHeight) }
        // A scene taller than the picture (an arm overhead) is drawn smaller, never cut off.
        let sceneHeight = hasFloor ? top : (tops.max() ?? 0) - (bottoms.min() ?? 0) + 40
        let room = Double(FigureRenderer.maximumHeight) - (hasFloor ? 28 + 24 : 0)
        let scale = min(FigureRenderer.scale, room / max(sceneHeight, 1))
        let contentHeight = hasFloor ? top * scale + 28 + 24 : sceneHeight * scale
        let h = min(Double(FigureRenderer.maximumHeight), max(200, contentHeight.rounded()))
        let height = Int(h)
        // Props first (they sit behind the body), in scene units.
        var back: [String] = []
        var front: [String] = []
        let xs = strokes.flatMap { [$0.from.x, $0.to.x] } + [headCentre.x]
        var minX = (xs.min() ?? 0) - 14, maxX = (xs.max() ?? 0) + 14
        let legs = body.legs.map { screen($0.end) }
        let ankleX = legs.map(\.x).reduce(0, +) / Double(max(legs.count, 1))
        let pelvisX = screen(body.pelvis).x
        func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ fill: String, radius: Double = 0) -> String {
            // x, y: the bottom-left corner in scene units (y up).
            "<rect x=\"\(n(x))\" y=\"\(n(-(y + height)))\" width=\"\(n(width))\" height=\"\(n(height))\"\(radius > 0 ? " rx=\"\(n(radius))\"" : "") fill=\"\(fill)\"/>"
        }
        let lowY = 0.0
        let floor = floorLevel
        /// A placed part on the picture: its middle (shifted like the body) and half thickness.
        func placedAt(_ placed: Pose.PlacedProp) -> (Point, Double) {
            let (centre, radius) = anchor(of: placed.under ?? .hips, side: placed.side)
            let at = screen(centre)
            return (Point(x: at.x, y: at.y + shiftY), radius)
        }
        /// Which way across the picture a part lies from the body (for a wall it touches).
        func outward(_ placed: Pose.PlacedProp) -> Double {
            let part = placed.under ?? .hips
            if Self.trunkParts.contains(part) {
                let x = project(normal(of: part)).0.x
                if abs(x) > 0.2 { return x > 0 ? 1 : -1 }
            }
            let at = placedAt(placed).0.x
            return at >= pelvisX ? 1 : -1
        }
        /// How far a part reaches across the picture, on the side `direction`.
        func reach(_ placed: Pose.PlacedProp, _ direction: Double) -> Double {
            let part = placed.under ?? .hips
            let leg = body.legs.first { $0.side == (placed.side ?? .right) } ?? body.legs[0]
            let arm = body.arms.first { $0.side == (placed.side ?? .right) } ?? body.arms[0]
            let (at, radius) = placedAt(placed)
            switch part {
            case .foot:
                let xs = [screen(leg.end).x, screen(leg.tip).x]
                return (direction > 0 ? xs.max()! : xs.min()!) + direction * Proportions.footWidth / 2
            case .hand:
                let xs = [screen(arm.end).x, screen(arm.tip).x]
                return (direction > 0 ? xs.max()! : xs.min()!) + direction * Proportions.handWidth / 2
            default:
                return at.x + direction * radius
            }
        }
        // Where the table's leg stands across the picture (a band may be tied round it).
        var tableLeg: Double?
        // Balls between the body and a wall, and the wall they press on.
        var wallFace: (x: Double, direction: Double)?
        for placed in pose.props where againstWall(placed) {
            let (at, radius) = placedAt(placed)
            let direction = outward(placed)
            let r = Self.height(of: placed.prop) / 2
            let centre = at.x + direction * (radius + r)
            front.append("<circle cx=\"\(n(centre))\" cy=\"\(n(-at.y))\" r=\"\(n(r))\" fill=\"\(FigureRenderer.lineGrey)\"/>")
            wallFace = (centre + direction * r, direction)
        }
        if pose.has(.chair) && pose.view != .above {
            let seatTop = 38.0 + (pose.has(.mat) ? 3 : 0)
            if let placed = pose.props.first(where: { $0.prop == .chair && $0.under != nil }) {
                // The seat under a body part (lower legs resting on it), the back away from the body.
                let (at, radius) = placedAt(placed)
                let top = at.y - radius
                let direction = outward(placed)
                let near = at.x - direction * 20, far = at.x + direction * 22
                back.append(rect(min(near, far), top - 5, abs(far - near), 5, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(far - (direction > 0 ? 4 : 0), lowY, 4, top - lowY + 44, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(near - (direction > 0 ? 0 : 4), lowY, 4, top - lowY - 5, FigureRenderer.lineGrey, radius: 1.5))
                minX = min(minX, min(near, far) - 4)
                maxX = max(maxX, max(near, far) + 4)
            } else if pose.view == .front {
                // Seen from the front: the seat across under the hips, the back posts behind.
                back.append(rect(pelvisX - 24, seatTop - 5, 48, 5, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(pelvisX - 24, lowY, 4, seatTop - lowY - 5, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(pelvisX + 20, lowY, 4, seatTop - lowY - 5, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(pelvisX - 22, seatTop, 4, 46, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(pelvisX + 18, seatTop, 4, 46, FigureRenderer.lineGrey, radius: 1.5))
                minX = min(minX, pelvisX - 28)
                maxX = max(maxX, pelvisX + 28)
            } else {
                let seatFront = ankleX - 26, seatBack = ankleX - 76
                back.append(rect(seatBack, seatTop - 5, seatFront - seatBack, 5, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(seatBack, lowY, 4, seatTop - lowY + 48, FigureRenderer.lineGrey, radius: 1.5))
                back.append(rect(seatFront - 4, lowY, 4, seatTop - lowY - 5, FigureRenderer.lineGrey, radius: 1.5))
                minX = min(minX, seatBack - 4)
            }
        }
        for placed in pose.props where (placed.prop == .wall || placed.prop == .doorway) && pose.view != .above {
            if let part = placed.under {
                // Touching the part: a wall on the outer side of it (the hands, the feet).
                let direction = outward(placed)
                let face = placed.prop == .wall && wallFace != nil && pose.props.contains(where: { againstWall($0) && $0.under == part })
                    ? wallFace!.x : reach(placed, direction)
                let x = direction > 0 ? face : face - 8
                back.append(rect(x, lowY, 8, placedWallHeight, FigureRenderer.propGrey))
                minX = min(minX, x - 2)
                maxX = max(maxX, x + 10)
            } else if placed.prop == .wall, let wallFace {
                let x = wallFace.direction > 0 ? wallFace.x : wallFace.x - 8
                back.append(rect(x, lowY, 8, 200, FigureRenderer.propGrey))
                minX = min(minX, x - 2)
                maxX = max(maxX, x + 10)
            } else if placed.prop == .wall {
                back.append(rect(minX - 10, lowY, 8, 200, FigureRenderer.propGrey))
                minX -= 10
            } else {
                back.append(rect(maxX + 4, lowY, 8, 200, FigureRenderer.propGrey))
                maxX += 12
            }
        }
        if pose.view != .above {
            for placed in pose.props where placed.prop == .table {
                if placed.under != nil {
                    // The top under the part (and under a ball under it), reaching away from the body.
                    let (at, radius) = placedAt(placed)
                    let onBall = pose.props.contains { $0.prop == .massageBall && $0.under == placed.under }
                    let top = at.y - radius - (onBall ? Self.height(of: .massageBall) : 0)
                    let direction = outward(placed)
                    let near = at.x - direction * 22, far = at.x + direction * 46
                    back.append(rect(min(near, far), top - 5, abs(far - near), 5, FigureRenderer.lineGrey, radius: 1.5))
                    back.append(rect(far - (direction > 0 ? 8 : -4), lowY, 4, top - 5 - lowY, FigureRenderer.lineGrey))
                    tableLeg = tableLeg ?? far - (direction > 0 ? 6 : -6)
                    minX = min(minX, min(near, far) - 4)
                    maxX = max(maxX, max(near, far) + 4)
                } else {
                    back.append(rect(maxX, lowY + 72, 60, 5, FigureRenderer.lineGrey, radius: 1.5))
                    back.append(rect(maxX + 52, lowY, 4, 72, FigureRenderer.lineGrey))
                    tableLeg = tableLeg ?? maxX + 54
                    maxX += 60
                }
            }
        }
        if pose.has(.step) && pose.view != .above {
            back.append(rect(ankleX - 14, lowY, 40, 18, FigureRenderer.propGrey, radius: 2))
        }
        if pose.has(.mat) {
            if pose.view == .above {
                let ys = strokes.flatMap { [$0.from.y, $0.to.y] }
                let low = (ys.min() ?? 0) - 16, high = (ys.max() ?? 0) + 16
                back.insert(rect(minX - 4, low + shiftY, maxX - minX + 8, high - low, FigureRenderer.propGrey, radius: 4), at: 0)
            } else {
                back.append(rect(minX - 4, lowY, maxX - minX + 8, 3, FigureRenderer.propGrey, radius: 1.5))
            }
        }
        for placed in pose.props where placed.prop.needsPlace && placed.prop != .strap && !againstWall(placed) {
            let (at, radius) = placedAt(placed)
            if pose.view == .above {
                // Seen from above: what lies under the body shows around it.
                switch placed.prop {
                case .pillow: back.append(rect(at.x - 16, at.y - 14, 32, 28, Self.pillowGrey, radius: 6))
                case .foamRoller: back.append(rect(at.x - 8, at.y - 24, 16, 48, FigureRenderer.lineGrey, radius: 7))
                case .massageBall: back.append("<circle cx=\"\(n(at.x))\" cy=\"\(n(-at.y))\" r=\"5\" fill=\"\(FigureRenderer.lineGrey)\"/>")
                default: back.append(rect(at.x - 10, at.y - 12, 20, 24, FigureRenderer.lineGrey, radius: 3))
                }
                continue
            }
            // Under the part: on the floor, or on the table or chair placed under the same part.
            let base = restsOnFloor(placed) ? floor : at.y - radius - Self.height(of: placed.prop)
            switch placed.prop {
            case .massageBall: front.append("<circle cx=\"\(n(at.x))\" cy=\"\(n(-(base + 5)))\" r=\"5\" fill=\"\(FigureRenderer.lineGrey)\"/>")
            case .foamRoller: front.append("<circle cx=\"\(n(at.x))\" cy=\"\(n(-(base + 8)))\" r=\"8\" fill=\"\(FigureRenderer.lineGrey)\"/>")
            case .pillow:
                // Under both feet (no side written) seen from the front: one wide pillow under both.
                let both = placed.under == .foot && placed.side == nil && pose.view == .front
                let width = both ? 44.0 : 28
                let x = both ? body.legs.map { screen($0.end).x }.reduce(0, +) / 2 : at.x
                back.append(rect(x - width / 2, base, width, 8, Self.pillowGrey, radius: 4))
            default: front.append(rect(at.x - 10, base, 20, 6, FigureRenderer.lineGrey, radius: 3))
            }
        }
        if pose.props.contains(where: { $0.prop == .band && $0.under == nil }) {
            let hand = screen(body.arms.last!.tip)
            front.append("<line x1=\"\(n(hand.x))\" y1=\"\(n(-(hand.y + shiftY)))\" x2=\"\(n(hand.x + 50))\" y2=\"\(n(-(hand.y + shiftY)))\" stroke=\"\(FigureRenderer.arrowColour)\" stroke-width=\"2\"/>")
        }
        for placed in pose.props where placed.prop == .band && placed.under != nil {
            // Between two body parts, or from a part to low on the table's leg.
            let from = bandEnd(placed.under!, side: placed.side)
            let to: Point
            if placed.toTable {
                to = Point(x: tableLeg ?? from.x + 50, y: floorLevel + 8)
            } else {
                to = bandEnd(placed.to ?? .hand, side: placed.toSide)
            }
            front.append("<line x1=\"\(n(from.x))\" y1=\"\(n(-from.y))\" x2=\"\(n(to.x))\" y2=\"\(n(-to.y))\" stroke=\"\(FigureRenderer.arrowColour)\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>")
        }
        for placed in pose.props where placed.prop == .strap {
            // From each hand to the sole of the foot (or the part) it loops around.
            var (at, _) = placedAt(placed)
            if placed.under == .foot {
                let leg = body.legs.first { $0.side == (placed.side ?? .right) } ?? body.legs[0]
                let sole = screen(leg.end + (leg.tip - leg.end) * 0.5)
                at = Point(x: sole.x, y: sole.y + shiftY)
            }
            for arm in body.arms {
                let hand = screen(arm.tip)
                front.append("<line x1=\"\(n(hand.x))\" y1=\"\(n(-(hand.y + shiftY)))\" x2=\"\(n(at.x))\" y2=\"\(n(-at.y))\" stroke=\"\(FigureRenderer.arrowColour)\" stroke-width=\"2\" stroke-linecap=\"round\"/>")
            }
        }
        // The body, far parts first.
        var bodyLines: [String] = []
        let ordered = strokes.enumerated().sorted { a, b in
            a.element.depth != b.element.depth ? a.element.depth > b.element.depth : a.offset < b.offset
        }.map(\.element)
        var headDrawn = false
        for stroke in ordered {
            if !headDrawn && stroke.depth < headDepth - 0.5 {
                bodyLines += headCircle()
                headDrawn = true
            }
            bodyLines.append("<line x1=\"\(n(stroke.from.x))\" y1=\"\(n(-stroke.from.y))\" x2=\"\(n(stroke.to.x))\" y2=\"\(n(-stroke.to.y))\" stroke=\"\(stroke.colour)\" stroke-width=\"\(n(stroke.width))\"/>")
        }
        if !headDrawn { bodyLines += headCircle() }
        // The arrow: beside the part, pointing the way it moves.
        if let arrow = pose.arrow {
            let part = screen(point(of: arrow.part, side: arrow.side))
            let at = Point(x: part.x, y: part.y + shiftY)
            if arrow.direction == .around {
                // A circle around the part, turning anticlockwise on the picture.
                let r = 16.0
                func on(_ degrees: Double) -> Point {
                    Point(x: at.x + r * Foundation.cos(degrees * .pi / 180), y: at.y + r * Foundation.sin(degrees * .pi / 180))
                }
                let start = on(60), end = on(330)
                let a = 330.0 * .pi / 180
                let t = Point(x: -Foundation.sin(a), y: Foundation.cos(a)), nrm = Point(x: Foundation.cos(a), y: Foundation.sin(a))
                let tip = Point(x: end.x + t.x * 6, y: end.y + t.y * 6)
                let head1 = Point(x: end.x - t.x * 2 + nrm.x * 5, y: end.y - t.y * 2 + nrm.y * 5)
                let head2 = Point(x: end.x - t.x * 2 - nrm.x * 5, y: end.y - t.y * 2 - nrm.y * 5)
                front.append("<path d=\"M\(n(start.x)) \(n(-start.y))A\(n(r)) \(n(r)) 0 1 0 \(n(end.x)) \(n(-end.y))\" fill=\"none\" stroke=\"\(FigureRenderer.arrowColour)\" stroke-width=\"3\" stroke-linecap=\"round\"/>")
                front.append("<path d=\"M\(n(tip.x)) \(n(-tip.y))L\(n(head1.x)) \(n(-head1.y))L\(n(head2.x)) \(n(-head2.y))Z\" fill=\"\(FigureRenderer.arrowColour)\"/>")
                minX = min(minX, at.x - r - 6)
                maxX = max(maxX, at.x + r + 6)
            } else {
                let (dx, dy): (Double, Double) = switch arrow.direction {
                case .up: (0, 1)
                case .down: (0, -1)
                case .left: (-1, 0)
                case .right, .around: (1, 0)
                }
                // Start off the body, to the side of the movement.
                let sideways = (dy != 0) ? (28.0, 0.0) : (0.0, 24.0)
                let start = Point(x: at.x + sideways.0 - dx * 10, y: at.y + sideways.1 - dy * 10)
                let end = Point(x: start.x + dx * 26, y: start.y + dy * 26)
                let head1 = Point(x: end.x - dx * 8 - dy * 6, y: end.y - dy * 8 + dx * 6)
                let head2 = Point(x: end.x - dx * 8 + dy * 6, y: end.y - dy * 8 - dx * 6)
                let tip = Point(x: end.x + dx * 2, y: end.y + dy * 2)
                front.append("<line x1=\"\(n(start.x))\" y1=\"\(n(-start.y))\" x2=\"\(n(end.x - dx * 6))\" y2=\"\(n(-(end.y - dy * 6)))\" stroke=\"\(FigureRenderer.arrowColour)\" stroke-width=\"3\" stroke-linecap=\"round\"/>")
                front.append("<path d=\"M\(n(tip.x)) \(n(-tip.y))L\(n(head1.x)) \(n(-head1.y))L\(n(head2.x)) \(n(-head2.y))Z\" fill=\"\(FigureRenderer.arrowColour)\"/>")
                maxX = max(maxX, end.x + 10)
            }
        }
        // Place the scene: centred across, the floor near the bottom (or centred, seen from above).
        let shiftXPixels = w / 2 - (minX + maxX) / 2 * scale
        let ys = strokes.flatMap { [$0.from.y, $0.to.y] } + [headCentre.y]
        let baseline: Double
        if hasFloor {
            baseline = h - 28
        } else {
            baseline = h / 2 + ((ys.min() ?? 0) + (ys.max() ?? 0)) / 2 * scale
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(FigureRenderer.width)\" height=\"\(height)\" viewBox=\"0 0 \(FigureRenderer.width) \(height)\">\n"
        svg += "<rect width=\"\(FigureRenderer.width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        if hasFloor {
            let floorY = h - 28
            svg += "<line x1=\"16\" y1=\"\(n(floorY))\" x2=\"\(n(w - 16))\" y2=\"\(n(floorY))\" stroke=\"\(FigureRenderer.propGrey)\" stroke-width=\"3\" stroke-linecap=\"round\"/>\n"
        }
        svg += "<g transform=\"translate(\(n(shiftXPixels)) \(n(baseline))) scale(\(n(scale)))\">\n"
        for line in back { svg += line + "\n" }
        svg += "<g transform=\"translate(0 \(n(-shiftY)))\" fill=\"none\" stroke-linecap=\"round\">\n"
        for line in bodyLines { svg += line + "\n" }
        svg += "</g>\n"
        svg += "<g>\n"
        for line in front { svg += line + "\n" }
        svg += "</g>\n</g>\n</svg>\n"
        return svg
    }

    /// The head, with a small nose so the way it faces shows: a bump at its edge when seen side
    /// on, a darker dot when it faces the viewer, nothing when it faces away.
    func headCircle() -> [String] {
        let (nose, _) = project(body.head + body.headFrame.front * (Proportions.headRadius - 1) - body.headFrame.along * 1.5)
        let circle = "<circle cx=\"\(n(headCentre.x))\" cy=\"\(n(-headCentre.y))\" r=\"\(n(Proportions.headRadius))\" fill=\"\(FigureRenderer.figureGrey)\" stroke=\"none\"/>"
        let facing = project(body.headFrame.front).1
        func dot(_ colour: String) -> String {
            "<circle cx=\"\(n(nose.x))\" cy=\"\(n(-nose.y))\" r=\"3\" fill=\"\(colour)\" stroke=\"none\"/>"
        }
        if facing < -0.35 { return [circle, dot(Self.faceGrey)] }
        if facing <= 0.35 { return [dot(FigureRenderer.figureGrey), circle] }
        return [circle]
    }
}

/// A number rounded to 0.1 and printed without locale or exponent: `12.5`, `-3`, `0`.
func n(_ value: Double) -> String {
    // Written by bytes, right to left ("-12.5", "3"): a figure has hundreds of numbers and `hep check`
    // draws every figure of the catalogue again to prove its picture current.
    let tenths = Int((value * 10).rounded())
    let magnitude = tenths.magnitude
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
        var at = 24
        func put(_ byte: UInt8) {
            at -= 1
            buffer[at] = byte
        }
        if magnitude % 10 != 0 {
            put(0x30 + UInt8(magnitude % 10))
            put(0x2E)
        }
        var whole = magnitude / 10
        repeat {
            put(0x30 + UInt8(whole % 10))
            whole /= 10
        } while whole > 0
        if tenths < 0 { put(0x2D) }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[at..<24]), as: UTF8.self)
    }
}
