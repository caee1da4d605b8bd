#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists files below a folder with `readdir`: several times faster than `FileManager`'s
/// enumerator, which matters for a 5,000-exercise catalogue listed on every render.
enum DirectoryListing {
    /// Paths relative to `root` of every regular file below it, skipping hidden entries and the
    /// named top-level folders; nil when `root` cannot be opened. Symbolic links are not followed.
    static func files(under root: String, skipping skipped: Set<String> = []) -> [String]? {
        guard let top = opendir(root) else { return nil }
        closedir(top)
        var result: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let directory = opendir(path) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR):
                    if !(relative.isEmpty && skipped.contains(name)) { pending.append(child) }
                case Int32(DT_REG):
                    result.append(child)
                case Int32(DT_UNKNOWN):
                    var info = stat()
                    if lstat(root + "/" + child, &info) == 0 {
                        if (info.st_mode & S_IFMT) == S_IFDIR {
                            if !(relative.isEmpty && skipped.contains(name)) { pending.append(child) }
                        } else if (info.st_mode & S_IFMT) == S_IFREG {
                            result.append(child)
                        }
                    }
                default: continue  // links, sockets, devices
                }
            }
        }
        return result  // in directory order; callers sort what they show
    }

    /// The names in one folder (not below it), skipping hidden ones unless `prefix` starts with a
    /// dot or `hidden` is set (`.` and `..` are never given), and only those starting with
    /// `prefix`: the name is made a String only when it matches, so a patient's folder of
    /// thousands of handouts is listed cheaply. Nil when it cannot be opened.
    static func names(in folder: String, prefix: String = "", hidden includeHidden: Bool = false) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        let wanted = Array(prefix.utf8)
        let hidden = includeHidden || wanted.first == UInt8(ascii: ".")
        var result: [String] = []
        while let entry = readdir(directory) {
            let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard let first = bytes.first, first != 0, hidden || first != UInt8(ascii: ".") else { return nil }
                var index = 0
                while index < wanted.count {
                    guard index < bytes.count, bytes[index] == wanted[index] else { return nil }
                    index += 1
                }
                return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let name, name != ".", name != ".." { result.append(name) }
        }
        return result
    }
}
