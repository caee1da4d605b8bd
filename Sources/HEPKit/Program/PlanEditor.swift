import Foundation

/// Adds exercises to a plan file by editing its text, so the practitioner's comments, order and
/// formatting stay exactly as written (re-serialising the YAML would lose them).
public enum PlanEditor {
    /// Why a plan could not be edited.
    public struct EditError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The plan text with `picks` appended to its `exercises:` list (created at the end if absent).
    public static func adding(_ picks: [Suggester.Suggestion], to text: String) throws -> String {
        guard !picks.isEmpty else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let hadFinalNewline = text.hasSuffix("\n")
        if hadFinalNewline { lines.removeLast() }
        guard let keyIndex = lines.firstIndex(where: { $0.hasPrefix("exercises:") }) else {
            let block = "exercises:\n" + Suggester.yaml(for: picks, indent: "  ")
            return text + (text.isEmpty || hadFinalNewline ? "" : "\n") + block
        }
        let rest = lines[keyIndex].dropFirst("exercises:".count).trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty && !rest.hasPrefix("#") {
            throw EditError(description: "'exercises:' is written on one line (\(rest)); write it as a list of `- id:` lines to let hep add to it")
        }
        // The block runs until the next line that starts at column 0 and is not a comment.
        var end = keyIndex + 1
        var lastContent = keyIndex
        var indent: String?
        while end < lines.count {
            let line = lines[end]
            if let first = line.first, first != " ", first != "\t", first != "#", first != "-" { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") {
                lastContent = end
                if indent == nil, trimmed.hasPrefix("-") { indent = String(line.prefix { $0 == " " }) }
            }
            end += 1
        }
        let block = Suggester.yaml(for: picks, indent: indent ?? "  ")
        let inserted = block.split(separator: "\n").map(String.init)
        lines.insert(contentsOf: inserted, at: lastContent + 1)
        return lines.joined(separator: "\n") + (hadFinalNewline ? "\n" : "")
    }

    /// Replaces the file's contents atomically (a temporary file in the same folder, then rename),
    /// keeping its permissions.
    public static func write(_ text: String, to url: URL) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).hep-\(getpid())")
        do {
            try Data(text.utf8).write(to: temporary, options: .withoutOverwriting)
            if let permissions = attributes?[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw EditError(description: "\(url.path): cannot replace the plan: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
