import Foundation

/// Cheap fingerprints of files and folders (size, modification time and inode, by name), to tell
/// when a long-running process must load the project again.
enum FileStamp {
    /// One file: `size:mtime:inode`, or `-` when it does not exist.
    static func file(_ url: URL) -> String { file(path: url.path) }

    static func file(path: String) -> String {
        var stamp = ""
        append(path: path, to: &stamp)
        return stamp
    }

    /// Every file below a folder (names sorted), skipping hidden ones. The desk asks this of
    /// `Templates/` and `Exercises/` on every request, so it works on path strings and appends
    /// digits itself: no `URL` per file, no string interpolation.
    static func folder(_ url: URL, skipping: Set<String> = []) -> String {
        let root = url.path
        guard let listing = DirectoryListing.files(under: root, skipping: skipping) else { return "-" }
        var stamp = ""
        stamp.reserveCapacity(listing.count * 64)
        for name in listing.sorted() {
            stamp += name
            stamp += "="
            append(path: root + "/" + name, to: &stamp)
            stamp += "\n"
        }
        return stamp
    }

    private static func append(path: String, to stamp: inout String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            stamp += "-"
            return
        }
        digits(Int(info.st_size), to: &stamp)
        stamp += ":"
        digits(info.st_mtim.tv_sec, to: &stamp)
        stamp += "."
        digits(info.st_mtim.tv_nsec, to: &stamp)
        stamp += ":"
        digits(Int(bitPattern: UInt(info.st_ino)), to: &stamp)
    }

    private static func digits(_ value: Int, to stamp: inout String) {
        if value < 0 {
            stamp += "-"
            digits(value == .min ? .max : -value, to: &stamp)
            return
        }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int's digits
        withUnsafeMutableBytes(of: &buffer) { raw in
            var index = raw.count
            var rest = value
            repeat {
                index -= 1
                raw[index] = UInt8(48 + rest % 10)
                rest /= 10
            } while rest > 0
            stamp += String(decoding: UnsafeRawBufferPointer(rebasing: raw[index...]), as: UTF8.self)
        }
    }
}
