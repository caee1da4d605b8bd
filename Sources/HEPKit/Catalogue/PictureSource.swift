import Foundation
import Synchronization

/// Where an exercise's pictures are read from while it is parsed: the files under
/// `Exercises/images/` (the catalogue as it is now), or the archive (a released version, with the
/// exact pictures it had). Pictures are numbered in order: the drawn figures first, then `images:`.
public struct PictureSource: Sendable {
    /// A picture's bytes and their SHA-256.
    struct Picture: Sendable {
        var bytes: [UInt8]
        var sha256: String
    }

    /// Picture `index`, stored at `relative` in the catalogue.
    let picture: @Sendable (_ index: Int, _ relative: String) -> Picture?

    /// The catalogue's own files. A file is read and hashed once per process while it is unchanged
    /// (its size, time and inode), and exercises that show the same file share one copy of it.
    static func files(_ project: Project) -> PictureSource {
        PictureSource { _, relative in
            let url = project.url(relative)
            let stamp = FileStamp.file(url)
            if let cached = cache.withLock({ $0[url.path] }), cached.stamp == stamp { return cached.picture }
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            let bytes = [UInt8](data)
            let picture = Picture(bytes: bytes, sha256: SHA256.hex(of: bytes))
            cache.withLock { $0[url.path] = (stamp, picture) }
            return picture
        }
    }

    private static let cache = Mutex<[String: (stamp: String, picture: Picture)]>([:])

    /// The pictures a released version was archived with, by position.
    static func archived(_ pictures: [CatalogueArchive.Picture], project: Project) -> PictureSource {
        PictureSource { index, _ in
            guard let picture = pictures.first(where: { $0.slot == index }),
                  let bytes = CatalogueArchive.pictureBytes(picture, in: project) else { return nil }
            return Picture(bytes: bytes, sha256: picture.sha256)
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
