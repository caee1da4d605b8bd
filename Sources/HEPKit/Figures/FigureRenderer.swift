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
    static let upperArm = 30.0, forearm = 31.0
    static let trunkDepth = 24.0, trunkWidth = 32.0
    static let thighWidth = 15.0, shankWidth = 11.0, footWidth = 7.0, upperArmWidth = 10.0, forearmWidth = 8.0, neckWidth = 10.0
}

/// The mannequin's joints in 3D (x forward, y to the left of a standing figure, z up).
struct Mannequin {
    struct Limb {
        var root: Vec3, middle: Vec3, end: Vec3, tip: Vec3
        var side: Pose.Limb
    }

    var pelvis = Vec3(x: 0, y: 0, z: 0)
    var frame: Frame
    var neckBase: Vec3
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
            frame = Frame(along: .x, front: -.z, left: -.y)
        }
        func angle(_ joint: Pose.Joint, _ side: Pose.Limb?) -> Double {
            Double(pose.angle(joint, side) ?? Self.baseAngle(pose.base, joint, side))
        }
        frame = frame.rotated(about: frame.left, angle(.trunk, nil))
        self.frame = frame
        neckBase = pelvis + frame.along * P.trunk
        let headFrame = frame.rotated(about: frame.left, angle(.neck, nil))
        head = neckBase + headFrame.along * (P.neck + P.headRadius - 2)
        for side in Pose.Limb.allCases {
            let sign = side == .left ? 1.0 : -1.0
            // Legs: hang along -trunk; abduction about the front axis, flexion about the left axis.
            let hip = pelvis + frame.left * (P.hipHalf * sign)
            var leg = Frame(along: -frame.along, front: frame.front, left: frame.left)
            leg = leg.rotated(about: frame.front, angle(.hipOut, side) * sign)
            leg = leg.rotated(about: leg.left, -angle(.hip, side))
            let knee = hip + leg.along * P.thigh
            leg = leg.rotated(about: leg.left, angle(.knee, side))
            let ankle = knee + leg.along * P.shank
            let foot = leg.front.rotated(about: leg.left, angle(.ankle, side))
            legs.append(Limb(root: hip, middle: knee, end: ankle, tip: ankle + foot * P.foot, side: side))
            // Arms: from the shoulders, the same way; the elbow bends forward.
            let shoulder = neckBase - frame.along * P.shoulderDrop + frame.left * (P.shoulderHalf * sign)
            var arm = Frame(along: -frame.along, front: frame.front, left: frame.left)
            arm = arm.rotated(about: frame.front, angle(.shoulderOut, side) * sign)
            arm = arm.rotated(about: arm.left, -angle(.shoulder, side))
            let elbow = shoulder + arm.along * P.upperArm
            arm = arm.rotated(about: arm.left, -angle(.elbow, side))
            let wrist = elbow + arm.along * (P.forearm - 6)
            arms.append(Limb(root: shoulder, middle: elbow, end: wrist, tip: wrist + arm.along * 6, side: side))
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

    /// How wide the trunk looks: its width when its left-right axis lies across the picture.
    var trunkWidth: Double {
        let (l, _) = project(body.frame.left)
        let across = min(1, (l.x * l.x + l.y * l.y).squareRoot())
        return Proportions.trunkDepth + (Proportions.trunkWidth - Proportions.trunkDepth) * across
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
            add(limb.middle, limb.tip, P.forearmWidth)
        }
        // The trunk: one capsule from the pelvis to the shoulders, and the neck.
        let top = body.neckBase - body.frame.along * (P.shoulderDrop + 2)
        add(body.pelvis, top, trunkWidth, far: false)
        strokes[strokes.count - 1].depth = trunkDepth
        add(body.neckBase - body.frame.along * 4, body.head, P.neckWidth, far: false)
        strokes[strokes.count - 1].depth = trunkDepth
        (headCentre, headDepth) = project(body.head)
        addHighlights()
        // Ground: the lowest point of the body rests on the floor (or on the mat, the step).
        let lowest = (strokes.flatMap { [$0.from.y - $0.width / 2, $0.to.y - $0.width / 2] } + [headCentre.y - P.headRadius]).min() ?? 0
        var floorLevel = 0.0
        if pose.has(.mat) { floorLevel = 3 }
        if pose.has(.step) { floorLevel = 18 }
        shiftY = hasFloor ? floorLevel - lowest : 0
    }

    /// The working region, as strokes of the clinic's colour over the body.
    mutating func addHighlights() {
        let frame = body.frame
        // Regions of the trunk are drawn over everything; those of a limb just over the limb.
        func over(_ a: Vec3, _ b: Vec3, _ width: Double, onTop: Bool = false) {
            let (pa, da) = project(a), (pb, db) = project(b)
            strokes.append(Stroke(from: pa, to: pb, width: width, colour: brand, depth: onTop ? -1_000 : (da + db) / 2 - 0.01))
        }
        func lerp(_ a: Vec3, _ b: Vec3, _ t: Double) -> Vec3 { a + (b - a) * t }
        for region in pose.highlight {
            switch region {
            case .buttock:
                let spot = body.pelvis - frame.front * 5 - frame.along * 2
                over(spot, spot + frame.along * 6, 14, onTop: true)
            case .hipSide:
                for leg in body.legs { over(leg.root, lerp(leg.root, leg.middle, 0.3), 12) }
            case .thighFront, .thighBack:
                for leg in body.legs {
                    over(lerp(leg.root, leg.middle, 0.2), lerp(leg.root, leg.middle, 0.8), 8)
                }
            case .calf:
                for leg in body.legs { over(lerp(leg.middle, leg.end, 0.15), lerp(leg.middle, leg.end, 0.6), 8) }
            case .foot:
                for leg in body.legs { over(leg.end, leg.tip, 5) }
            case .forearm:
                for arm in body.arms { over(lerp(arm.middle, arm.tip, 0.1), lerp(arm.middle, arm.tip, 0.8), 6) }
            case .shoulder:
                for arm in body.arms { over(arm.root, lerp(arm.root, arm.middle, 0.25), 11) }
            case .neck:
                over(body.neckBase - frame.along * 2, body.neckBase + frame.along * 4, 8, onTop: true)
            case .lowerBack:
                over(body.pelvis + frame.along * 8 - frame.front * 7, body.pelvis + frame.along * 22 - frame.front * 7, 9, onTop: true)
            case .upperBack:
                over(body.pelvis + frame.along * 28 - frame.front * 7, body.pelvis + frame.along * 40 - frame.front * 7, 9, onTop: true)
            }
        }
    }

    /// The nearest point of a body part, for arrows and props.
    func point(of part: Pose.Part, side: Pose.Limb?) -> Vec3 {
        let leg = body.legs.first { $0.side == (side ?? .right) } ?? body.legs[0]
        let arm = body.arms.first { $0.side == (side ?? .right) } ?? body.arms[0]
        switch part {
        case .head: return body.head
        case .chest: return body.pelvis + body.frame.along * 38
        case .upperBack: return body.pelvis + body.frame.along * 34 - body.frame.front * 10
        case .lowerBack: return body.pelvis + body.frame.along * 14 - body.frame.front * 10
        case .hips: return body.pelvis
        case .buttock: return body.pelvis - body.frame.front * 8
        case .knee: return leg.middle
        case .foot: return leg.end
        case .hand: return arm.tip
        case .arm: return arm.middle
        case .leg: return leg.root + (leg.end - leg.root) * 0.5
        }
    }

    // MARK: Writing SVG

    func render() -> String {
        let scale = FigureRenderer.scale
        let w = Double(FigureRenderer.width)
        // As tall as the scene needs (a lying figure gives a low picture), at most `maximumHeight`.
        let tops = strokes.flatMap { [$0.from.y + $0.width / 2, $0.to.y + $0.width / 2] } + [headCentre.y + Proportions.headRadius]
        let bottoms = strokes.flatMap { [$0.from.y - $0.width / 2, $0.to.y - $0.width / 2] } + [headCentre.y - Proportions.headRadius]
        var top = (tops.max() ?? 0) + shiftY
        if pose.has(.chair) { top = max(top, 86) }
        if pose.has(.wall) || pose.has(.doorway) { top = max(top, 200) }
        let contentHeight = hasFloor ? top * scale + 28 + 24 : ((tops.max() ?? 0) - (bottoms.min() ?? 0) + 40) * scale
        let h = min(Double(FigureRenderer.maximumHeight), max(200, contentHeight.rounded()))
        let height = Int(h)
        // Props first (they sit behind the body), in scene units.
        var back: [String] = []
        var front: [String] = []
        let xs = strokes.flatMap { [$0.from.x, $0.to.x] } + [headCentre.x]
        var minX = (xs.min() ?? 0) - 14, maxX = (xs.max() ?? 0) + 14
        let legs = body.legs.map { screen($0.end) }
        let ankleX = legs.map(\.x).reduce(0, +) / Double(max(legs.count, 1))
        func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ fill: String, radius: Double = 0) -> String {
            // x, y: the bottom-left corner in scene units (y up).
            "<rect x=\"\(n(x))\" y=\"\(n(-(y + height)))\" width=\"\(n(width))\" height=\"\(n(height))\"\(radius > 0 ? " rx=\"\(n(radius))\"" : "") fill=\"\(fill)\"/>"
        }
        let lowY = 0.0
        if pose.has(.chair) && pose.view != .above {
            let seatTop = 38.0 + (pose.has(.mat) ? 3 : 0)
            let seatFront = ankleX - 26, seatBack = ankleX - 76
            back.append(rect(seatBack, seatTop - 5, seatFront - seatBack, 5, FigureRenderer.lineGrey, radius: 1.5))
            back.append(rect(seatBack, lowY, 4, seatTop - lowY + 48, FigureRenderer.lineGrey, radius: 1.5))
            back.append(rect(seatFront - 4, lowY, 4, seatTop - lowY - 5, FigureRenderer.lineGrey, radius: 1.5))
            minX = min(minX, seatBack - 4)
        }
        if pose.has(.wall) && pose.view != .above {
            back.append(rect(minX - 10, lowY, 8, 200, FigureRenderer.propGrey))
            minX -= 10
        }
        if pose.has(.table) && pose.view != .above {
            back.append(rect(maxX, lowY + 72, 60, 5, FigureRenderer.lineGrey, radius: 1.5))
            back.append(rect(maxX + 52, lowY, 4, 72, FigureRenderer.lineGrey))
            maxX += 60
        }
        if pose.has(.doorway) && pose.view != .above {
            back.append(rect(maxX + 4, lowY, 8, 200, FigureRenderer.propGrey))
            maxX += 12
        }
        if pose.has(.step) && pose.view != .above {
            back.append(rect(ankleX - 14, lowY, 40, 18, FigureRenderer.propGrey, radius: 2))
        }
        if pose.has(.mat) {
            if pose.view == .above {
                let ys = strokes.flatMap { [$0.from.y, $0.to.y] }
                let low = (ys.min() ?? 0) - 16, high = (ys.max() ?? 0) + 16
                back.append(rect(minX - 4, low + shiftY, maxX - minX + 8, high - low, FigureRenderer.propGrey, radius: 4))
            } else {
                back.append(rect(minX - 4, lowY, maxX - minX + 8, 3, FigureRenderer.propGrey, radius: 1.5))
            }
        }
        for placed in pose.props where placed.prop.needsPlace {
            let at = screen(point(of: placed.under ?? .hips, side: nil))
            let floor = lowY + (pose.has(.mat) ? 3 : 0)
            switch placed.prop {
            case .massageBall: front.append("<circle cx=\"\(n(at.x))\" cy=\"\(n(-(floor + 5)))\" r=\"5\" fill=\"\(FigureRenderer.lineGrey)\"/>")
            case .foamRoller: front.append("<circle cx=\"\(n(at.x))\" cy=\"\(n(-(floor + 8)))\" r=\"8\" fill=\"\(FigureRenderer.lineGrey)\"/>")
            default: front.append(rect(at.x - 10, floor, 20, 6, FigureRenderer.lineGrey, radius: 3))
            }
        }
        if pose.has(.band) {
            let hand = screen(body.arms.last!.tip)
            front.append("<line x1=\"\(n(hand.x))\" y1=\"\(n(-(hand.y + shiftY)))\" x2=\"\(n(hand.x + 50))\" y2=\"\(n(-(hand.y + shiftY)))\" stroke=\"\(FigureRenderer.arrowColour)\" stroke-width=\"2\"/>")
        }
        // The body, far parts first.
        var bodyLines: [String] = []
        let ordered = strokes.enumerated().sorted { a, b in
            a.element.depth != b.element.depth ? a.element.depth > b.element.depth : a.offset < b.offset
        }.map(\.element)
        var headDrawn = false
        for stroke in ordered {
            if !headDrawn && stroke.depth < headDepth - 0.5 {
                bodyLines.append(headCircle())
                headDrawn = true
            }
            bodyLines.append("<line x1=\"\(n(stroke.from.x))\" y1=\"\(n(-stroke.from.y))\" x2=\"\(n(stroke.to.x))\" y2=\"\(n(-stroke.to.y))\" stroke=\"\(stroke.colour)\" stroke-width=\"\(n(stroke.width))\"/>")
        }
        if !headDrawn { bodyLines.append(headCircle()) }
        // The arrow: beside the part, pointing the way it moves.
        if let arrow = pose.arrow {
            let part = screen(point(of: arrow.part, side: arrow.side))
            let at = Point(x: part.x, y: part.y + shiftY)
            let (dx, dy): (Double, Double) = switch arrow.direction {
            case .up: (0, 1)
            case .down: (0, -1)
            case .left: (-1, 0)
            case .right: (1, 0)
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

    func headCircle() -> String {
        "<circle cx=\"\(n(headCentre.x))\" cy=\"\(n(-headCentre.y))\" r=\"\(n(Proportions.headRadius))\" fill=\"\(FigureRenderer.figureGrey)\" stroke=\"none\"/>"
    }
}

/// A number rounded to 0.1 and printed without locale or exponent: `12.5`, `-3`, `0`.
func n(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let magnitude = abs(tenths)
    return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
}
