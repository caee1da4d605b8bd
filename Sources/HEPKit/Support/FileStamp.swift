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

    /// What a folder's files are now, to compare with what they were: names in directory order,
    /// each with its size, modification time and inode. Two listings are equal exactly when
    /// no file was added, removed, renamed or rewritten (a change of order alone reads as a change,
    /// which only costs a reload). The desk asks this of `Templates/` and `Exercises/` on every
    /// request, so it builds no strings beyond the names `readdir` gives.
    struct Listing: Equatable, Sendable {
        struct Entry: Equatable, Sendable {
            var name: String
            var size: Int64
            var seconds: Int
            var nanoseconds: Int
            var inode: UInt64
        }
        var entries: [Entry]
    }

    static func listing(_ url: URL, skipping: Set<String> = []) -> Listing? {
        let root = url.path
        guard let names = DirectoryListing.files(under: root, skipping: skipping) else { return nil }
        var entries: [Listing.Entry] = []
        entries.reserveCapacity(names.count)
        for name in names {
            var info = stat()
            guard stat(root + "/" + name, &info) == 0 else {
                entries.append(.init(name: name, size: -1, seconds: 0, nanoseconds: 0, inode: 0))
                continue
            }
            entries.append(.init(name: name, size: Int64(info.st_size), seconds: info.st_mtim.tv_sec,
                                 nanoseconds: info.st_mtim.tv_nsec, inode: UInt64(info.st_ino)))
        }
        return Listing(entries: entries)
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
