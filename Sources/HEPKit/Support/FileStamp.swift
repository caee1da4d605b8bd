import Foundation

/// Cheap fingerprints of files and folders (size and modification time, by name), to tell when a
/// long-running process must load the project again.
enum FileStamp {
    /// One file: `size:mtime`, or `-` when it does not exist.
    static func file(_ url: URL) -> String {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return "-" }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
    }

    /// Every file below a folder (names sorted), skipping hidden ones.
    static func folder(_ url: URL, skipping: Set<String> = []) -> String {
        guard let listing = DirectoryListing.files(under: url.path, skipping: skipping) else { return "-" }
        return listing.sorted().map { "\($0)=\(file(url.appendingPathComponent($0)))" }.joined(separator: "\n")
    }
}
