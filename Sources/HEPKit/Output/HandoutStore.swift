import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes handouts under an output root without ever overwriting or deleting one.
///
/// Each handout is written into a private temporary folder first (0700, files 0600, whatever the
/// umask), then moved into place with one `rename(2)`: a render that fails or is killed leaves no
/// partial handout folder. The final name (`<patient>/<date>`, then `-2`, `-3`...) is reserved with
/// `mkdir(2)`, which fails if the name exists, so two processes never share a folder.
public struct HandoutStore: Sendable {
    /// The output root (`Output/` by default).
    public var root: URL

    /// A store writing under `root`.
    public init(root: URL) { self.root = root.standardizedFileURL }

    /// Errors while writing.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// A folder name that is safe on every file system, from a patient id: letters, digits, `.`, `_`
    /// and `-` only, no leading dot, at most 64 characters, never a reserved Windows device name.
    public static func safeFolderName(_ id: String) -> String {
        var name = ""
        for scalar in id.unicodeScalars {
            let ok = (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-" || scalar == "."))
            name.unicodeScalars.append(ok ? scalar : "-")
        }
        while name.contains("--") { name = name.replacingOccurrences(of: "--", with: "-") }
        while let first = name.first, first == "." || first == "-" { name.removeFirst() }
        while let last = name.last, last == "." || last == "-" { name.removeLast() }
        name = String(name.prefix(64))
        let reserved: Set<String> = ["con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
                                     "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"]
        let stem = name.split(separator: ".").first.map { String($0).lowercased() } ?? ""
        if name.isEmpty { name = "patient" }
        if reserved.contains(stem) { name = "p-" + name }
        // An id that had to change gets a short hash of the original, so two different ids
        // ("hp 0142", "hp/0142") never share one patient's folder.
        if name != id { name = String(name.prefix(55)) + "-" + SHA256.hex(of: id).prefix(8) }
        return name
    }

    /// A complete handout written to a hidden staging folder, not yet visible as a handout.
    public struct Staged: Sendable {
        /// The hidden staging folder (a path, not a URL: a batch keeps one of these per plan).
        public var folderPath: String
        /// The session date naming the final folder.
        public var date: CalendarDate
        /// The first folder suffix to try (1 for `<date>`), from the listing taken when it was
        /// staged; nil to list the patient's folder again when it is committed.
        public var firstSuffix: Int?
        /// The patient's folder it will move into (the staging folder's parent).
        public var patientFolderPath: String {
            guard let slash = folderPath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
            return slash == folderPath.startIndex ? "/" : String(folderPath[..<slash])
        }
    }

    /// The names in a patient's folder (nil when it does not exist yet), listed once for one
    /// handout: the earlier handout it is compared with, the staging folders a killed render left,
    /// and where numbering starts for its own folder all come from this one listing. (A patient's
    /// folder may hold thousands of handouts; each listing reads every name.)
    public struct Listing: Sendable {
        public var names: [String]?
    }

    /// Lists `patientID`'s folder.
    public func listing(patientID: String) -> Listing {
        Listing(names: DirectoryListing.names(in: root.child(Self.safeFolderName(patientID)).path, hidden: true))
    }

    /// Writes `files` (name -> bytes) as a new handout folder for `patientID` on `date`; returns it.
    public func write(files: [(name: String, data: Data)], patientID: String, date: CalendarDate) throws -> URL {
        try commit(stage(files: files, patientID: patientID, date: date))
    }

    /// Writes the files into a private hidden folder (`.incoming-*`) beside where the handout will go.
    /// With `listing` (of the patient's folder, taken just before), nothing is listed again.
    public func stage(files: [(name: String, data: Data)], patientID: String, date: CalendarDate, listing: Listing? = nil) throws -> Staged {
        try makePrivateParents(of: root)
        try makePrivateDirectory(root, allowExisting: true)
        let patientFolder = root.child(Self.safeFolderName(patientID))
        try makePrivateDirectory(patientFolder, allowExisting: true)
        try refuseSymlink(patientFolder)
        let names = listing.map { $0.names ?? [] }
        removeAbandonedStaging(in: patientFolder, names: names?.filter { $0.utf8.first == UInt8(ascii: ".") && $0.hasPrefix(".incoming-") })
        let staging = patientFolder.child(".incoming-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try makePrivateDirectory(staging, allowExisting: false)
        do {
            for file in files {
                let url = staging.child(file.name)
                if file.name.contains("/") {
                    try makePrivateDirectory(url.deletingLastPathComponent(), allowExisting: true)
                }
                try writePrivateFile(file.data, to: url)
            }
        } catch {
            removeStaging(staging)
            throw error
        }
        return Staged(folderPath: staging.path, date: date, firstSuffix: names.map { Self.firstSuffix(among: $0, for: date) })
    }

    /// One past the highest suffix taken for `date` among `names` (1 when none is).
    static func firstSuffix(among names: [String], for date: CalendarDate) -> Int {
        var highest = 0
        for name in names {
            if let key = folderKey(name), key.date == date { highest = max(highest, key.suffix) }
        }
        return highest + 1
    }

    /// Moves a staged handout into its final folder (`<date>`, else `<date>-2`, ...) with one rename.
    /// `rename(2)` of a folder fails onto a folder that has anything in it (and every issued handout
    /// has files), so the first process to take a name owns it and an issued handout is never
    /// replaced; and since no name is reserved beforehand, no empty or half-written folder is ever
    /// visible, even if the process is killed at any moment.
    public func commit(_ staged: Staged) throws -> URL {
        let folder = URL(fileURLWithPath: staged.folderPath)
        let parent = URL(fileURLWithPath: staged.patientFolderPath)
        // Start after the highest suffix already taken for this date (one listing, not one rename
        // per earlier handout of the day), so the newest handout always has the highest suffix. A
        // listing taken at staging time may miss a folder another process has put in place since:
        // its name then fails to rename onto, and the next one is tried.
        let first = staged.firstSuffix
            ?? Self.firstSuffix(among: DirectoryListing.names(in: parent.path, prefix: staged.date.description) ?? [], for: staged.date)
        for suffix in first...max(first, 10_000) {
            let name = suffix == 1 ? staged.date.description : "\(staged.date)-\(suffix)"
            let final = parent.child(name)
            if rename(staged.folderPath, final.path) == 0 { return final }
            if errno == EEXIST || errno == ENOTEMPTY || errno == ENOTDIR { continue }
            let message = String(cString: strerror(errno))
            removeStaging(folder)
            throw WriteError(description: "\(final.path): cannot move the handout into place: \(message)")
        }
        removeStaging(folder)
        throw WriteError(description: "\(parent.path): too many handouts for one day")
    }

    /// Removes a staged handout that will not be committed (and the patient's folder if that
    /// leaves it empty: a failed render leaves nothing behind).
    public func discard(_ staged: Staged) {
        removeStaging(URL(fileURLWithPath: staged.folderPath))
        rmdir(staged.patientFolderPath)  // fails, harmlessly, unless empty
    }

    /// The latest handout issued to `patientID` for a session before `date`, from its manifest
    /// (handouts from the same day or later are not "the last visit"). Nil when there is none.
    /// With `listing` (of the patient's folder), the folder is not listed again.
    public func previousManifest(patientID: String, before date: CalendarDate, listing: Listing? = nil) -> Manifest? {
        let folder = root.child(Self.safeFolderName(patientID))
        guard let names = listing.map({ $0.names }) ?? DirectoryListing.names(in: folder.path) else { return nil }
        // Folders are named by their session date (`<date>`, `<date>-N`), so the newest are read
        // first and the first one that is this patient's, before `date`, is the answer: one
        // manifest read however many handouts the patient has. A folder whose name is not a date,
        // or whose manifest gives another date (renamed by hand), is weighed by its manifest.
        var best: (date: CalendarDate, suffix: Int, manifest: Manifest)?
        func weigh(_ name: String, _ suffix: Int) -> CalendarDate? {
            guard var manifest = Manifest.read(from: folder.child(name)), manifest.patientID == patientID,
                  let session = CalendarDate.parse(manifest.sessionDate).success, session < date else { return nil }
            manifest.folderSuffix = suffix > 1 ? "-\(suffix)" : ""
            if best == nil || (session, suffix) > (best!.date, best!.suffix) { best = (session, suffix, manifest) }
            return session
        }
        var dated: [(name: String, key: (date: CalendarDate, suffix: Int))] = []
        for name in names where name.utf8.first != UInt8(ascii: ".") {
            if let key = Self.folderKey(name) { dated.append((name, key)) } else { _ = weigh(name, 1) }
        }
        // Usually the newest folder before `date` is the answer: found in one pass, no sort.
        let earlier = dated.filter { $0.key.date < date }
        if let newest = earlier.max(by: { ($0.key.date, $0.key.suffix) < ($1.key.date, $1.key.suffix) }),
           best == nil, weigh(newest.name, newest.key.suffix) == newest.key.date {
            return best?.manifest
        }
        let ordered = earlier.sorted { ($0.key.date, $0.key.suffix) > ($1.key.date, $1.key.suffix) }
        for (name, key) in ordered {
            if let best, (best.date, best.suffix) >= (key.date, key.suffix) { break }
            if weigh(name, key.suffix) == key.date { break }
        }
        return best?.manifest
    }

    /// The session date and suffix a handout folder's name gives (`2026-11-10` -> (2026-11-10, 1),
    /// `2026-11-10-3` -> (2026-11-10, 3)); nil for any other name.
    static func folderKey(_ name: String) -> (date: CalendarDate, suffix: Int)? {
        // Read from the bytes, with no substring per name: a patient's folder may hold thousands
        // of names, each read for every handout issued.
        var name = name
        return name.withUTF8 { bytes -> (date: CalendarDate, suffix: Int)? in
            guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 0x30
                    guard digit >= 0 && digit <= 9 else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                  (1900...2200).contains(year), (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            let date = CalendarDate(year: year, month: month, day: day)
            if bytes.count == 10 { return (date, 1) }
            // `-N`: N written plainly (no sign, no leading zero), at least 2, and an Int.
            guard bytes.count >= 12, bytes[10] == UInt8(ascii: "-"), bytes[11] != UInt8(ascii: "0") else { return nil }
            var suffix = 0
            for index in 11..<bytes.count {
                let digit = Int(bytes[index]) - 0x30
                guard digit >= 0 && digit <= 9 else { return nil }
                let (times, overflowTimes) = suffix.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(digit)
                guard !overflowTimes, !overflowSum else { return nil }
                suffix = sum
            }
            return suffix >= 2 ? (date, suffix) : nil
        }
    }

    /// Removes staging folders left by a process that no longer runs (killed mid-render).
    /// `names`: the folder's `.incoming-` names when already listed.
    func removeAbandonedStaging(in patientFolder: URL, names listed: [String]? = nil) {
        guard let names = listed ?? DirectoryListing.names(in: patientFolder.path, prefix: ".incoming-") else { return }
        for name in names {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = Int32(parts[1]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                removeStaging(patientFolder.child(name))
            }
        }
    }

    func makePrivateDirectory(_ url: URL, allowExisting: Bool) throws {
        if mkdir(url.path, 0o700) == 0 {
            chmod(url.path, 0o700)  // the umask may have taken bits away; never adds any
            return
        }
        if errno == EEXIST && allowExisting {
            var info = stat()
            if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw WriteError(description: "\(url.path): is a symbolic link; hep never writes through links in the output folder")
            }
            throw WriteError(description: "\(url.path): exists and is not a folder")
        }
        throw WriteError(description: "\(url.path): cannot create the folder: \(String(cString: strerror(errno)))")
    }

    /// Creates the missing folders above `url`, owner-only like the rest (`--output` into a new place).
    func makePrivateParents(of url: URL) throws {
        var missing: [URL] = []
        var parent = url.deletingLastPathComponent()
        while parent.path != "/", !FileManager.default.fileExists(atPath: parent.path) {
            missing.append(parent)
            parent = parent.deletingLastPathComponent()
        }
        for folder in missing.reversed() { try makePrivateDirectory(folder, allowExisting: true) }
    }

    func refuseSymlink(_ url: URL) throws {
        var info = stat()
        if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            throw WriteError(description: "\(url.path): is a symbolic link; hep never writes through links in the output folder")
        }
    }

    /// Creates a new file readable only by its owner; refuses to replace one.
    public func writePrivateFile(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw WriteError(description: "\(url.path): cannot create: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        var written = 0
        let count = data.count
        try data.withUnsafeBytes { buffer in
            while written < count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(description: "\(url.path): cannot write: \(String(cString: strerror(errno)))")
                }
                written += n
            }
        }
        guard fsync(fd) == 0 else {
            throw WriteError(description: "\(url.path): cannot write to disk: \(String(cString: strerror(errno)))")
        }
    }

    func removeStaging(_ staging: URL) {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: staging.path) {
            for name in names {
                let child = staging.child(name)
                var info = stat()
                if lstat(child.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { removeStaging(child) } else { unlink(child.path) }
            }
        }
        rmdir(staging.path)
    }
}

extension URL {
    /// `self/name`, built without asking the file system whether it is a folder
    /// (`appendingPathComponent` stats the path: a system call per file of every handout).
    func child(_ name: String) -> URL { appending(path: name, directoryHint: .inferFromPath) }
}
