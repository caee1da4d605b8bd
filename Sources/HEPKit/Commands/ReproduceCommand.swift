import Foundation

/// `hep reproduce HANDOUT`: re-renders an issued handout from its kept plan and the archived
/// exercise texts it used, and verifies byte identity or says exactly what differs.
public enum ReproduceCommand {
    /// `path` is a handout folder or its `manifest.json`.
    public static func run(path: String, project: Project) -> CommandResult {
        var result = CommandResult()
        var folder = URL(fileURLWithPath: path)
        if folder.lastPathComponent == "manifest.json" { folder.deleteLastPathComponent() }
        let shown = project.displayPath(of: folder)
        guard let manifestData = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: manifestData) else {
            result.diagnostics.error(SourceLocation(file: shown), "no readable manifest.json in this folder",
                                     hint: "give a handout folder written by `hep render`, e.g. Output/hp-0142/2026-11-23")
            result.exitCode = 1
            return result
        }
        guard let workspace = Workspace.load(project, into: &result.diagnostics) else {
            result.exitCode = 1
            return result
        }
        var found = DiagnosticList()
        guard let planText = TextFile.read(folder.appendingPathComponent("plan.yaml"), shownAs: shown + "/plan.yaml", into: &found),
              let plan = Plan.parse(planText, file: manifest.plan.file, into: &found) else {
            result.diagnostics.append(contentsOf: found)
            result.exitCode = 1
            return result
        }
        // The exact exercise texts the handout used, from the archive (or the catalogue if unchanged).
        var exact: [String: Exercise] = [:]
        for record in manifest.exercises {
            let location = SourceLocation(file: shown + "/manifest.json")
            if let current = workspace.catalogue.load(record.id, into: &found), current.contentHash == record.sha256 {
                exact[record.id] = current
            } else if let archived = workspace.archivedExercise(record.id, sha256: record.sha256, at: location, into: &found) {
                exact[record.id] = archived
            }
        }
        let previous = manifest.previous.flatMap { name -> Manifest? in
            let url = folder.deletingLastPathComponent().appendingPathComponent(name).appendingPathComponent("manifest.json")
            return FileManager.default.contents(atPath: url.path).flatMap { try? JSONDecoder().decode(Manifest.self, from: $0) }
        }
        var prepared = DiagnosticList()
        guard !found.hasErrors, let items = workspace.prepare(plan, exact: exact, into: &prepared), !prepared.hasErrors else {
            result.diagnostics.append(contentsOf: found)
            result.diagnostics.append(contentsOf: prepared.errors)
            result.exitCode = 1
            return result
        }
        let handout = workspace.render(plan, items: items, previous: previous, catalogueVersion: manifest.catalogueVersion)
        var differences: [String] = []
        for (name, bytes) in [("handout.md", handout.markdown), ("handout.html", handout.html)] {
            let issued = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            if issued != Data(bytes.utf8) {
                differences.append("\(name) differs\(firstDifference(issued.map { String(decoding: $0, as: UTF8.self) } ?? "", bytes))")
            }
        }
        if differences.isEmpty {
            result.output.append("\(shown): reproduced byte for byte (\(manifest.exercises.count) exercises, catalogue \(manifest.catalogueVersion)).")
            return result
        }
        // Say why: what the manifest recorded against what is here now.
        let now = Dictionary(handout.manifest.templates.map { ($0.file, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        for template in manifest.templates where now[template.file] != template.sha256 {
            differences.append(now[template.file] == nil ? "\(template.file) is gone" : "\(template.file) changed since the handout was issued")
        }
        if manifest.toolVersion != Workspace.toolVersion {
            differences.append("hep was \(manifest.toolVersion), now \(Workspace.toolVersion)")
        }
        if manifest.cmarkVersion != handout.manifest.cmarkVersion {
            differences.append("libcmark was \(manifest.cmarkVersion), now \(handout.manifest.cmarkVersion)")
        }
        result.output.append("\(shown): NOT reproduced:")
        result.output += differences.map { "  - \($0)" }
        result.exitCode = 1
        return result
    }

    /// " at line N: 'issued' / 'now'" for the first line that differs.
    static func firstDifference(_ issued: String, _ now: String) -> String {
        let a = issued.split(separator: "\n", omittingEmptySubsequences: false)
        let b = now.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : "", right = index < b.count ? String(b[index]) : ""
            if left != right {
                return " at line \(index + 1): issued \"\(left.prefix(60))\", now \"\(right.prefix(60))\""
            }
        }
        return ""
    }
}

/// `hep outdated [--safety]`: issued handouts whose exercises have changed since, safety first.
public enum OutdatedCommand {
    /// Scans the output folder's manifests against the catalogue.
    public static func run(project: Project, output: URL?, safetyOnly: Bool) -> CommandResult {
        var result = CommandResult()
        let catalogue = ExerciseCatalogue.open(project, into: &result.diagnostics)
        let root = output ?? project.url("Output")
        var reports: [(safety: Bool, folder: String, lines: [String])] = []
        let patients = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for patient in patients {
            let sessions = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(patient).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            for session in sessions {
                let folder = root.appendingPathComponent(patient).appendingPathComponent(session)
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
                      let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { continue }
                var lines: [String] = []
                var safety = false
                for record in manifest.exercises {
                    guard let current = catalogue.load(record.id, into: &result.diagnostics), current.version > record.version else { continue }
                    for entry in current.changelog where entry.version > record.version {
                        if entry.safety { safety = true }
                        if safetyOnly && !entry.safety { continue }
                        lines.append("  \(record.id) v\(record.version) -> v\(entry.version)\(entry.safety ? " [safety]" : "") \(entry.date): \(entry.note)")
                    }
                }
                if !lines.isEmpty { reports.append((safety, project.displayPath(of: folder) + "/", lines)) }
            }
        }
        let sorted = reports.sorted { $0.safety != $1.safety ? $0.safety : $0.folder < $1.folder }
        for report in sorted {
            result.output.append("\(report.folder)\(report.safety ? " [safety]" : "")")
            result.output += report.lines
        }
        result.output.append(sorted.isEmpty ? "No issued handout uses an exercise that changed since." :
            "\(sorted.count) handout\(sorted.count == 1 ? "" : "s") use\(sorted.count == 1 ? "s" : "") exercises that changed since\(safetyOnly ? " for safety" : "").")
        return result
    }
}
