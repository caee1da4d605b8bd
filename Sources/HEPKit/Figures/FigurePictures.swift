import Foundation

/// Drawn pictures as catalogue content: `Exercises/images/<id>-<n>.png`, and
/// `Exercises/images/figures.lock`, which records for each picture the hash of the SVG it was
/// drawn from and of the PNG written, so `hep check` can tell a picture that no longer matches
/// its pose (or the clinic's colour) without running the rasteriser.
public struct FigureRecords: Codable, Sendable, Hashable {
    /// One drawn picture.
    public struct Record: Codable, Sendable, Hashable {
        /// SHA-256 of the SVG text it was drawn from.
        public var svg: String
        /// SHA-256 of the PNG written.
        public var png: String
    }

    /// PNG file name (`glute-bridge-1.png`) -> record.
    public var pictures: [String: Record] = [:]

    /// The path inside a project.
    public static let path = "Exercises/images/figures.lock"

    /// The picture file of an exercise's figure (`n` from 1).
    public static func fileName(id: String, number: Int) -> String { "\(id)-\(number).png" }

    /// The project's records; empty when the file is missing or is not a records file (the check
    /// then reports each picture as not drawn by hep).
    static func load(_ project: Project) -> FigureRecords {
        guard let data = FileManager.default.contents(atPath: project.url(path).path) else { return FigureRecords() }
        return decode(data) ?? FigureRecords()
    }

    /// The records in `data`, as `JSONDecoder` would decode them (every record needs both hashes),
    /// read through `JSONSerialization`: the decoder's keyed containers cost ten times as much
    /// for the catalogue's few hundred records, on every `hep check`.
    static func decode(_ data: Data) -> FigureRecords? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pictures = object["pictures"] as? [String: Any] else { return nil }
        var records = FigureRecords()
        for (name, value) in pictures {
            guard let fields = value as? [String: Any], let svg = fields["svg"] as? String, let png = fields["png"] as? String
            else { return nil }
            records.pictures[name] = Record(svg: svg, png: png)
        }
        return records
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}

/// Rasterises SVG with Debian's `rsvg-convert` (package librsvg2-bin), run as a subprocess on a
/// thread of its own, never on the cooperative pool.
public enum Rasteriser {
    /// Why a picture could not be made.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The program, found on the PATH.
    static func program(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The PNG bytes of `svg`.
    public static func png(_ svg: String) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], Error>) in
            Thread.detachNewThread {
                do { continuation.resume(returning: try run(svg)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    static func run(_ svg: String) throws -> [UInt8] {
        guard let program = program() else {
            throw Failure(message: "rsvg-convert is not installed (Debian: apt-get install librsvg2-bin)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hep-figure-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("figure.svg"), output = folder.appendingPathComponent("figure.png")
        try Data(svg.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["--format", "png", "--output", output.path, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure(message: "cannot run \(program): \(error.localizedDescription)") }
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path) else {
            throw Failure(message: "rsvg-convert failed (exit \(process.terminationStatus))")
        }
        return [UInt8](data)
    }
}

extension Pose {
    /// Plain-words alt text: the posture, what differs, and the view.
    func generatedAlt(title: String, number: Int, of count: Int) -> String {
        if let alt { return alt }
        var phrase: String = switch base {
        case .standing: "Standing"
        case .sitting: has(.chair) ? "Sitting on a chair" : "Sitting"
        case .lyingBack: "Lying on your back"
        case .lyingFront: "Lying on your front"
        case .sideLying: "Lying on your side"
        case .fourPointKneeling: "On your hands and knees"
        case .kneeling: "Kneeling"
        case .halfKneeling: "Kneeling on one knee"
        }
        var features: [String] = []
        func value(_ joint: Joint, _ side: Limb? = nil) -> Int {
            angle(joint, side) ?? Mannequin.baseAngle(base, joint, side)
        }
        let bentKnees = Limb.allCases.filter { value(.knee, $0) >= 45 }.count
        if Mannequin.baseAngle(base, .knee, nil) < 45 {
            if bentKnees == 2 { features.append("knees bent") } else if bentKnees == 1 { features.append("one knee bent") }
        }
        if base == .lyingBack && value(.trunk) <= -10 { features.append("hips lifted") }
        if (base == .standing || base == .sitting) && value(.trunk) >= 20 { features.append("leaning forward") }
        if base == .sideLying && value(.hipOut, .right) >= 15 { features.append("top leg lifted") }
        if Limb.allCases.contains(where: { value(.shoulder, $0) >= 150 }) { features.append("arms overhead") }
        if !features.isEmpty {
            phrase += " with " + (features.count == 1 ? features[0] : features.dropLast().joined(separator: ", ") + " and " + features.last!)
        }
        let view = switch self.view {
        case .side: "seen from the side"
        case .front: "seen from the front"
        case .above: "seen from above"
        }
        let label = count == 1 ? title : "\(title), \(number == 1 ? "start" : number == count ? "end" : "step \(number)")"
        return "\(label): \(phrase.prefix(1).lowercased() + phrase.dropFirst()), \(view)."
    }
}
