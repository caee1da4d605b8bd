import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A hep project folder: `Exercises/`, `Templates/` and `Output/` under one root.
public struct Project: Sendable {
    /// The project root.
    public var root: URL

    /// Opens the project at `root` (nothing is read until asked).
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Largest text file read (catalogue, templates, settings, plans), with a clear message past it.
    public static let maximumFileBytes = 1_000_000

    /// `root/relative`. A trailing `/` marks a folder; nothing is asked of the file system
    /// (`appendingPathComponent` stats the path to learn whether it is a folder: one system call
    /// for each of the catalogue's files and pictures).
    public func url(_ relative: String) -> URL { root.appending(path: relative, directoryHint: .inferFromPath) }

    /// The path shown in diagnostics for a file: relative to the root when inside it.
    public func displayPath(of url: URL) -> String {
        let path = url.standardizedFileURL.path
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : path
    }

    /// True when the project has an `Exercises/` folder; else one error (and nothing more: outside a
    /// project every other file would be missing too).
    func hasExercisesFolder(into diagnostics: inout DiagnosticList) -> Bool {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url("Exercises").path, isDirectory: &isFolder), isFolder.boolValue { return true }
        diagnostics.error(SourceLocation(file: "Exercises/"), "the Exercises/ folder is missing",
                          hint: "run hep from the project folder (the one holding Exercises/ and Templates/), or pass --project DIR")
        return false
    }

    /// Reads a project file as text, or adds a diagnostic.
    func readText(_ relative: String, into diagnostics: inout DiagnosticList, required: Bool) -> String? {
        let url = url(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required {
                diagnostics.error(SourceLocation(file: relative), "file not found",
                                  hint: "every hep project has Exercises/, Templates/ and their standard files; run hep from the project folder or pass --project")
            }
            return nil
        }
        return TextFile.read(url, shownAs: relative, into: &diagnostics)
    }
}

/// Reading user-edited text files the same careful way everywhere.
@_spi(Fuzzing) public enum TextFile {
    /// Reads UTF-8 text; refuses NUL bytes, invalid UTF-8 and oversize files with a located error.
    /// A byte-order mark is dropped and CRLF line ends become LF, so Windows editors just work.
    static func read(_ url: URL, shownAs path: String, into diagnostics: inout DiagnosticList,
                     limit: Int = Project.maximumFileBytes) -> String? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "file not found" : "cannot read the file: \(String(cString: strerror(errno)))"
            diagnostics.error(SourceLocation(file: path), reason)
            return nil
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            diagnostics.error(SourceLocation(file: path), "cannot read the file: \(String(cString: strerror(errno)))")
            return nil
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            diagnostics.error(SourceLocation(file: path), "is a folder, not a file")
            return nil
        }
        let size = Int(info.st_size)
        if size > limit {
            diagnostics.error(SourceLocation(file: path, line: 1, column: 1),
                              "file is \(size / 1000) KB; the limit is \(limit / 1000) KB",
                              hint: "hep files are a few KB; check that this is the right file")
            return nil
        }
        // Read up to the limit plus one byte, so a file that grows while we read is still caught.
        var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                if count > limit { break }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, count)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                diagnostics.error(SourceLocation(file: path), "cannot read the file: \(String(cString: strerror(errno)))")
                return nil
            }
            if n == 0 { break }
            count += n
        }
        if count > limit {
            diagnostics.error(SourceLocation(file: path, line: 1, column: 1), "file is over \(limit / 1000) KB, the limit",
                              hint: "hep files are a few KB; check that this is the right file")
            return nil
        }
        bytes.removeSubrange(count...)
        return decode(bytes, shownAs: path, into: &diagnostics)
    }

    /// Decodes bytes as UTF-8 text with the same rules as `read`.
    static func decode(_ data: Data, shownAs path: String, into diagnostics: inout DiagnosticList) -> String? {
        decode([UInt8](data), shownAs: path, into: &diagnostics)
    }

    @_spi(Fuzzing) public static func decode(_ input: [UInt8], shownAs path: String, into diagnostics: inout DiagnosticList) -> String? {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let index = bytes.firstIndex(of: 0) {
            let location = position(ofByte: index, in: bytes, file: path)
            diagnostics.error(location, "the file contains a NUL byte; it is not a text file",
                              hint: "save it again as plain UTF-8 text")
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let index = firstInvalidUTF8(in: bytes)
            diagnostics.error(position(ofByte: index, in: bytes, file: path), "the file is not valid UTF-8 text",
                              hint: "save it again with the UTF-8 encoding")
            return nil
        }
        // Line ends are looked for in the bytes: Foundation's `contains` on a String is slow.
        guard bytes.contains(0x0D) else { return text }
        var unix: [UInt8] = []
        unix.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                unix.append(0x0A)
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else {
                unix.append(bytes[index])
            }
            index += 1
        }
        return String(decoding: unix, as: UTF8.self)
    }

    static func position(ofByte index: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes[..<index] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count,
                  String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil else { return index }
            index += length
        }
        return index
    }
}
