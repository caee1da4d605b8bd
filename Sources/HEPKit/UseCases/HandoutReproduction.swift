import Foundation

/// Re-rendering an issued handout from the plan kept in its folder and the exact exercise texts
/// it used (from the archive), to prove it can be rebuilt byte for byte, or say what differs.
/// What `hep reproduce` calls, and what sending packages the email from.
public enum HandoutReproduction {
    /// Why a rebuilt handout is not the issued one.
    public enum Difference: Sendable, Hashable {
        /// An output file differs, at the first differing line when there is one.
        case output(file: String, line: Int?, issued: String, now: String)
        /// A template, wording or settings file changed since the handout was issued.
        case templateChanged(file: String)
        /// A template the handout used is gone.
        case templateGone(file: String)
        /// hep's own version changed.
        case toolVersion(was: String, now: String)
        /// libcmark's version changed.
        case cmarkVersion(was: String, now: String)
    }

    /// An issued handout, rebuilt.
    public struct Rebuilt: Sendable {
        /// The folder as shown.
        public var folder: String
        /// The issued manifest.
        public var manifest: Manifest
        /// The plan kept in the folder.
        public var plan: Plan
        /// The handout rendered again now.
        public var handout: RenderedHandout
        /// Empty when the rebuild is byte for byte the issued handout.
        public var differences: [Difference]
    }

    /// Rebuilds the handout in `folder` (or the folder of a `manifest.json`); nil with errors when it
    /// cannot be read or rendered.
    public static func rebuild(_ path: URL, snapshot: ProjectSnapshot, into diagnostics: inout DiagnosticList) -> Rebuilt? {
        let project = snapshot.project
        var folder = path
        if folder.lastPathComponent == "manifest.json" { folder.deleteLastPathComponent() }
        let shown = project.displayPath(of: folder)
        guard let manifest = Manifest.read(from: folder) else {
            diagnostics.error(SourceLocation(file: shown), "no readable manifest.json in this folder",
                              hint: "give a handout folder written by \(.render), e.g. Output/hp-0142/2026-11-23")
            return nil
        }
        var found = DiagnosticList()
        guard let planText = TextFile.read(folder.appendingPathComponent("plan.yaml"), shownAs: shown + "/plan.yaml", into: &found),
              let plan = Plan.parse(planText, file: manifest.plan.file, into: &found) else {
            diagnostics.append(contentsOf: found)
            return nil
        }
        // The exact exercise texts the handout used, from the archive (or the catalogue if unchanged).
        var exact: [String: Exercise] = [:]
        for record in manifest.exercises {
            let location = SourceLocation(file: shown + "/manifest.json")
            if let current = snapshot.catalogue.load(record.id, into: &found), current.contentHash == record.sha256 {
                exact[record.id] = current
            } else if let archived = snapshot.catalogue.archived(record.id, sha256: record.sha256, at: location, into: &found) {
                exact[record.id] = archived
            }
        }
        let previous = manifest.previous.flatMap { Manifest.read(from: folder.deletingLastPathComponent().appendingPathComponent($0)) }
        var prepared = DiagnosticList()
        guard !found.hasErrors, let items = snapshot.prepare(plan, exact: exact, into: &prepared), !prepared.hasErrors else {
            diagnostics.append(contentsOf: found)
            diagnostics.append(contentsOf: prepared.errors)
            return nil
        }
        let handout = snapshot.render(plan, items: items, previous: previous, catalogueVersion: manifest.catalogueVersion)
        var differences: [Difference] = []
        for (name, bytes) in [("handout.md", handout.markdown), ("handout.html", handout.html), ("handout.txt", handout.text)] {
            let issued = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            guard issued != Data(bytes.utf8) else { continue }
            if name == "handout.txt" && issued == nil { continue }  // handouts issued before the plain-text twin
            let first = firstDifference(issued.map { String(decoding: $0, as: UTF8.self) } ?? "", bytes)
            differences.append(.output(file: name, line: first?.line, issued: first?.issued ?? "", now: first?.now ?? ""))
        }
        if !differences.isEmpty {
            // Say why: what the manifest recorded against what is here now.
            let now = Dictionary(handout.manifest.templates.map { ($0.file, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            for template in manifest.templates where now[template.file] != template.sha256 {
                differences.append(now[template.file] == nil ? .templateGone(file: template.file) : .templateChanged(file: template.file))
            }
            if manifest.toolVersion != ProjectSnapshot.toolVersion {
                differences.append(.toolVersion(was: manifest.toolVersion, now: ProjectSnapshot.toolVersion))
            }
            if manifest.cmarkVersion != handout.manifest.cmarkVersion {
                differences.append(.cmarkVersion(was: manifest.cmarkVersion, now: handout.manifest.cmarkVersion))
            }
        }
        return Rebuilt(folder: shown, manifest: manifest, plan: plan, handout: handout, differences: differences)
    }

    /// The first line that differs, each version cut to 60 characters around the first character
    /// that differs ("…" where the start is left out), so the difference is what is shown.
    static func firstDifference(_ issued: String, _ now: String) -> (line: Int, issued: String, now: String)? {
        let a = issued.split(separator: "\n", omittingEmptySubsequences: false)
        let b = now.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? Array(a[index]) : [], right = index < b.count ? Array(b[index]) : []
            guard left != right else { continue }
            let same = zip(left, right).prefix { $0 == $1 }.count
            let start = max(0, same - 30)
            func excerpt(_ characters: [Character]) -> String {
                (start > 0 ? "…" : "") + String(characters.dropFirst(start).prefix(60))
            }
            return (index + 1, excerpt(left), excerpt(right))
        }
        return nil
    }
}
