#if canImport(Glibc)
import Glibc
#endif

/// Tells a long-running process whether anything under some folders may have changed since it
/// last looked, with one non-blocking read per question instead of a `stat` of every file
/// (Linux inotify). Every folder below the roots is watched; a folder that appears later is
/// covered because any change makes the owner look again, and looking again starts a new watch
/// before the files are read (so no change can fall between the look and the watch).
///
/// Where inotify is unavailable (another system, no watches left), every question answers "may
/// have changed", and the owner compares its stamps as before: slower, never wrong.
final class ProjectWatcher: @unchecked Sendable {  // only used under ProjectHost's lock
    private var descriptor: Int32 = -1

    /// Starts watching `roots` (and every folder below them, except top-level `skipping` names)
    /// afresh; events from before this call are dropped.
    func restart(_ roots: [(path: String, skipping: Set<String>)]) {
        stop()
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return }
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
            | IN_DELETE_SELF | IN_MOVE_SELF)
        for root in roots {
            var pending = [root.path]
            var top = true
            while let folder = pending.popLast() {
                guard inotify_add_watch(fd, folder, mask) >= 0 else {
                    close(fd)
                    return  // out of watches: answer "may have changed" from now on
                }
                for name in Self.subfolders(of: folder) where !(top && root.skipping.contains(name)) {
                    pending.append(folder + "/" + name)
                }
                top = false
            }
        }
        descriptor = fd
        #endif
    }

    /// True when something may have changed since `restart` (and always when not watching).
    func mayHaveChanged() -> Bool {
        guard descriptor >= 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 { return true }
        return count < 0 && errno != EAGAIN && errno != EWOULDBLOCK
    }

    func stop() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    deinit { stop() }

    private static func subfolders(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            var info = stat()
            if Int32(entry.pointee.d_type) == Int32(DT_DIR)
                || (Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) && lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR) {
                names.append(name)
            }
        }
        return names
    }
}
