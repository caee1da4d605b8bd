import Foundation

/// Issued handouts whose exercises changed since, with the changelog notes, safety changes first:
/// a clinic can find every patient who received an instruction that was later corrected.
public enum OutdatedHandouts {
    /// One changelog entry an issued handout has not seen.
    public struct Change: Sendable, Hashable {
        public var id: String
        public var issuedVersion: Int
        public var version: Int
        public var safety: Bool
        public var date: String
        public var note: String
    }

    /// One issued handout and what changed since.
    public struct Handout: Sendable, Hashable {
        /// The folder as shown (`Output/hp-0142/2026-11-23`).
        public var folder: String
        /// True when any change since is a safety change.
        public var safety: Bool
        /// The changes (only safety changes when asked for).
        public var changes: [Change]
    }

    /// Scans the manifests under `root` against the catalogue; safety first, then by folder.
    public static func find(project: Project, root: URL, safetyOnly: Bool, into diagnostics: inout DiagnosticList) -> [Handout] {
        let catalogue = ExerciseCatalogue.open(project, into: &diagnostics)
        var found: [Handout] = []
        let patients = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for patient in patients {
            let sessions = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(patient).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            for session in sessions {
                let folder = root.appendingPathComponent(patient).appendingPathComponent(session)
                guard let manifest = Manifest.read(from: folder) else { continue }
                let (safety, changes) = self.changes(since: manifest, catalogue: catalogue, safetyOnly: safetyOnly, into: &diagnostics)
                if !changes.isEmpty { found.append(Handout(folder: project.displayPath(of: folder), safety: safety, changes: changes)) }
            }
        }
        return found.sorted { $0.safety != $1.safety ? $0.safety : $0.folder < $1.folder }
    }

    /// The changelog entries a handout issued as `manifest` has not seen, in the catalogue as it is
    /// now, and whether any is a safety change (even when only safety changes are listed).
    public static func changes(since manifest: Manifest, catalogue: ExerciseCatalogue, safetyOnly: Bool = false,
                               into diagnostics: inout DiagnosticList) -> (safety: Bool, changes: [Change]) {
        var changes: [Change] = []
        var safety = false
        for record in manifest.exercises {
            guard let current = catalogue.load(record.id, into: &diagnostics), current.version > record.version else { continue }
            for entry in current.changelog where entry.version > record.version {
                if entry.safety { safety = true }
                if safetyOnly && !entry.safety { continue }
                changes.append(Change(id: record.id, issuedVersion: record.version, version: entry.version, safety: entry.safety,
                                      date: entry.date.description, note: entry.note))
            }
        }
        return (safety, changes)
    }
}
