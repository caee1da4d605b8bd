import Foundation
import HummingbirdBcrypt
#if canImport(Glibc)
import Glibc
#endif

/// The desk's accounts: one line per account, `name role bcrypt-hash`, in an owner-only file
/// (`~/.config/hep/users` unless `--users` names another). `hep users add NAME` writes it; there is
/// never a default account or password.
public struct UserStore: Sendable {
    /// What an account may do. An editor may also do everything a practitioner does.
    public enum Role: String, Sendable, CaseIterable, Comparable {
        case practitioner, editor
        public static func < (lhs: Role, rhs: Role) -> Bool { lhs == .practitioner && rhs == .editor }
    }

    public struct Account: Sendable, Equatable {
        public var name: String
        public var role: Role
        var hash: String
    }

    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
        public var hint: String
    }

    /// `$XDG_CONFIG_HOME/hep/users`, else `~/.config/hep/users`.
    public static var defaultLocation: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("hep").appendingPathComponent("users")
    }

    /// The shortest password accepted.
    public static let minimumPasswordLength = 12

    public private(set) var accounts: [Account]
    public let file: URL

    public var isEmpty: Bool { accounts.isEmpty }

    /// The accounts in `file`; none when it does not exist. A file others can read is refused.
    public static func load(_ file: URL) throws -> UserStore {
        guard let data = FileManager.default.contents(atPath: file.path) else { return UserStore(accounts: [], file: file) }
        var info = stat()
        if stat(file.path, &info) == 0, info.st_mode & 0o077 != 0 {
            throw Problem(description: "\(file.path): the accounts file can be read by other users",
                          hint: "make it yours only: chmod 600 \(file.path)")
        }
        var accounts: [Account] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 3, let role = Role(rawValue: fields[1]), fields[2].hasPrefix("$2") else {
                throw Problem(description: "\(file.path):\(index + 1):1: error: not an account line (expected `name role bcrypt-hash`)",
                              hint: "add accounts with `hep users add NAME`; do not edit the file by hand")
            }
            accounts.append(Account(name: fields[0], role: role, hash: fields[2]))
        }
        return UserStore(accounts: accounts, file: file)
    }

    /// A valid account name: 1-32 letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "_" || $0 == "-")
        }
    }

    /// Adds (or replaces the password and role of) `name`, and writes the file owner-only.
    public mutating func set(_ name: String, role: Role, password: String) throws {
        guard Self.isValidName(name) else {
            throw Problem(description: "`\(name)` is not a valid account name", hint: "use 1-32 letters, digits, `.`, `_` or `-`")
        }
        guard password.count >= Self.minimumPasswordLength else {
            throw Problem(description: "the password is too short", hint: "use at least \(Self.minimumPasswordLength) characters; a few unrelated words work well")
        }
        let account = Account(name: name, role: role, hash: Bcrypt.hash(password, cost: 12))
        if let index = accounts.firstIndex(where: { $0.name == name }) { accounts[index] = account } else { accounts.append(account) }
        try write()
    }

    /// The account, if `password` is its password. Takes as long whether or not the name exists.
    public func verify(_ name: String, password: String) -> Account? {
        guard let account = accounts.first(where: { $0.name == name }) else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: account.hash) ? account : nil
    }

    /// A fixed hash to verify against for an unknown name, so timing does not tell which names exist.
    private static let decoyHash = Bcrypt.hash(SessionStore.randomToken(), cost: 12)

    private func write() throws {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let text = "# hep serve accounts: name role bcrypt-hash. Written by `hep users add`.\n"
            + accounts.map { "\($0.name) \($0.role.rawValue) \($0.hash)\n" }.joined()
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw Problem(description: "cannot write \(file.path)", hint: "check that the folder is yours and writable") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary.path, file.path) == 0 else {
            unlink(temporary.path)
            throw Problem(description: "cannot write \(file.path)", hint: "check the disk has room and the folder is yours")
        }
    }
}
