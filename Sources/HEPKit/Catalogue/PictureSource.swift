import Foundation

/// Where an exercise's pictures are read from while it is parsed: the files under
/// `Exercises/images/` (the catalogue as it is now), or the archive (a released version, with the
/// exact pictures it had). Pictures are numbered in order: the drawn figures first, then `images:`.
public struct PictureSource: Sendable {
    /// The bytes of picture `index`, stored at `relative` in the catalogue.
    let bytes: @Sendable (_ index: Int, _ relative: String) -> [UInt8]?

    /// The catalogue's own files.
    static func files(_ project: Project) -> PictureSource {
        PictureSource { _, relative in
            FileManager.default.contents(atPath: project.url(relative).path).map { [UInt8]($0) }
        }
    }

    /// The pictures a released version was archived with, by position.
    static func archived(_ pictures: [CatalogueArchive.Picture], project: Project) -> PictureSource {
        PictureSource { index, _ in
            guard let picture = pictures.first(where: { $0.slot == index }) else { return nil }
            return CatalogueArchive.pictureBytes(picture, in: project)
        }
    }
}

extension Exercise {
    /// The content hash of an exercise: of its normalised text and, when it has pictures, of each
    /// picture's bytes (by their SHA-256, in order), so redrawing a picture is a change to release.
    /// Without pictures it is the hash of the text alone, as released versions before pictures were.
    static func contentHash(text: String, pictures: [String]) -> String {
        let normalised = ContentNormaliser.normalise(text)
        guard !pictures.isEmpty else { return SHA256.hex(of: normalised) }
        return SHA256.hex(of: normalised + "\u{0}pictures:" + pictures.joined(separator: ","))
    }
}
