import Foundation

/// An illustration of an exercise: a PNG or JPEG under `Exercises/images/`, with alt text for
/// people who cannot see it and the licence it may be used under.
public struct ExerciseImage: Sendable, Hashable {
    /// Path relative to the project root (`Exercises/images/glute-bridge.png`).
    public var file: String
    /// What the picture shows, for screen readers and blocked images.
    public var alt: String
    /// The licence (e.g. `CC BY 4.0`).
    public var licence: String
    /// Who made it.
    public var credit: String?
    /// `image/png` or `image/jpeg`.
    public var mediaType: String
    /// Pixel size as stored.
    public var width: Int
    public var height: Int
    /// SHA-256 of the bytes: names the copy beside the handout and the email part.
    public var sha256: String
    /// The picture itself, read once when the exercise is loaded, so rendering reads no files.
    public var data: [UInt8]
    /// Its place among the exercise's pictures (drawn figures first, then `images:`), by which the
    /// archive finds it again.
    public var slot: Int = 0

    /// The file name used beside the handout and in the email.
    public var outputName: String { "\(sha256.prefix(16)).\(mediaType == "image/png" ? "png" : "jpg")" }

    /// The Content-ID of its email part (`<name>@hep`).
    public var contentID: String { "\(outputName)@hep" }

    /// Display size: at most 600 wide, keeping the aspect ratio.
    public var displaySize: (width: Int, height: Int) {
        guard width > 600 else { return (width, height) }
        return (600, max(1, height * 600 / width))
    }

    /// Reads and checks one `images:` entry.
    static func read(_ value: YAMLValue, index: Int, pictures: PictureSource?, reader: inout YAMLReader) -> ExerciseImage? {
        guard let fields = reader.mapping(value, known: ["file", "alt", "licence", "credit"]) else { return nil }
        let file = reader.string("file", in: fields)
        let alt = reader.string("alt", in: fields, required: false)
        let licence = reader.string("licence", in: fields, required: false)
        let credit = reader.string("credit", in: fields, required: false)
        if alt == nil {
            reader.diagnostics.error(fields.location, "an image needs `alt:` text describing what it shows",
                                     hint: "patients with screen readers, and email apps that block images, show the alt text instead")
        }
        if licence == nil {
            reader.diagnostics.error(fields.location, "an image needs a `licence:`",
                                     hint: "say under which licence the clinic may use it, e.g. `licence: CC BY 4.0`, and add `credit:`")
        }
        guard let file, let alt, let licence else { return nil }
        let relative = "Exercises/images/\(file)"
        guard !file.contains(".."), !file.hasPrefix("/") else {
            reader.diagnostics.error(fields["file"]!.location, "'\(file)' must be a file inside Exercises/images/")
            return nil
        }
        guard let pictures else { return nil }
        guard let picture = pictures.picture(index, relative) else {
            reader.diagnostics.error(fields["file"]!.location, "no image at \(relative)", hint: "put the PNG or JPEG in Exercises/images/")
            return nil
        }
        let bytes = picture.bytes
        guard let (mediaType, width, height) = Self.dimensions(bytes) else {
            reader.diagnostics.error(fields["file"]!.location, "\(relative) is not a PNG or JPEG image",
                                     hint: "email apps show PNG and JPEG only; export it as one of those")
            return nil
        }
        return ExerciseImage(file: relative, alt: alt, licence: licence, credit: credit, mediaType: mediaType,
                             width: width, height: height, sha256: picture.sha256, data: bytes, slot: index)
    }

    /// The picture drawn from an exercise's figure, when `hep exercises draw` has written it.
    static func drawn(_ pose: Pose, id: String, title: String, number: Int, of count: Int, pictures: PictureSource) -> ExerciseImage? {
        let relative = "Exercises/images/\(FigureRecords.fileName(id: id, number: number))"
        guard let picture = pictures.picture(number - 1, relative) else { return nil }
        let bytes = picture.bytes
        guard let (mediaType, width, height) = dimensions(bytes), mediaType == "image/png" else { return nil }
        return ExerciseImage(file: relative, alt: pose.generatedAlt(title: title, number: number, of: count), licence: "CC0 1.0",
                             credit: "Drawn by hep", mediaType: mediaType, width: width, height: height,
                             sha256: picture.sha256, data: bytes, slot: number - 1)
    }

    /// Media type and pixel size from a PNG's IHDR or a JPEG's SOF marker.
    static func dimensions(_ bytes: [UInt8]) -> (String, Int, Int)? {
        if bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
            return ("image/png", be32(16), be32(20))
        }
        if bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {
            var index = 2
            while index + 9 < bytes.count, bytes[index] == 0xFF {
                let marker = bytes[index + 1]
                let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
                if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                    let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                    let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                    return ("image/jpeg", width, height)
                }
                index += 2 + length
            }
        }
        return nil
    }
}
