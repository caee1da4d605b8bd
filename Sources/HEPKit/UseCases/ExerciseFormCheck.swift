import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checking an exercise's text before it is saved, drawing a pose before it is saved, and what a
/// release would record: what the web app's edit and release pages call.
public enum ExerciseFormCheck {
    /// Every `hep check` diagnostic of `file` if it held `text`: the same checks as
    /// `hep check --only FILE`, run on a private copy of the project's `Exercises/` and
    /// `Templates/` with `text` in place (its pictures drawn first, as saving draws them).
    /// The project itself is never written.
    public static func check(text: String, file: String, project: Project) async -> DiagnosticList {
        var diagnostics = DiagnosticList()
        guard isCatalogueFile(file) else {
            diagnostics.error(SourceLocation(file: file), "not an exercise file of this catalogue")
            return diagnostics
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hep-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The archive of released texts is not read by the check: left out of the copy.
            try mirror(project.url("Exercises"), to: copy.appendingPathComponent("Exercises"), skipping: ["archive"])
            try mirror(project.url("Templates"), to: copy.appendingPathComponent("Templates"))
            let target = copy.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: target)  // a link to the real file: never written through
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: target)
        } catch {
            diagnostics.error(SourceLocation(file: file), "cannot check the exercise: \(error.localizedDescription)")
            return diagnostics
        }
        let checked = Project(root: copy)
        let id = String((file as NSString).lastPathComponent.dropLast(3))
        var drawing = DiagnosticList()
        _ = await FigureDrawing.draw(ids: [id], project: checked, into: &drawing)
        let report = await ProjectCheck.run(project: checked, plans: [])
        return report.diagnostics.only([file])
    }

    /// Whether `diagnostic` keeps an edit from being saved: any error but the one saying the file
    /// changed since its release at the same version (saving is how a change begins; the release
    /// raises the version).
    public static func blocksSaving(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.severity == .error && !(diagnostic.kind == "versioning" && diagnostic.message.contains("but its version is still"))
    }

    /// True for a kebab-case exercise id (what a URL may name).
    public static func isValidID(_ id: String) -> Bool { id.count <= 100 && Identifier.isKebabCase(id) }

    /// True for `Exercises/.../<id>.md` with a kebab-case id and no `..`.
    public static func isCatalogueFile(_ file: String) -> Bool {
        let parts = file.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "Exercises", file.hasSuffix(".md"),
              parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." && !$0.hasPrefix(".") }),
              !["archive", "images", "vocabulary"].contains(String(parts[1])) else { return false }
        return Identifier.isKebabCase(String(parts.last!.dropLast(3)))
    }

    /// Hard links (copies where linking fails) of every file under `source`, but the top-level
    /// entries named in `skipped`. Nothing is ever written through a link: the checked file is
    /// replaced, and drawing writes new files (temporary file, then rename).
    static func mirror(_ source: URL, to target: URL, skipping skipped: Set<String> = []) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in try manager.contentsOfDirectory(atPath: source.path) where !skipped.contains(name) {
            let from = source.appendingPathComponent(name), to = target.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: from.path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                try mirror(from, to: to)
            } else if link(from.path, to.path) != 0 {
                try manager.copyItem(at: from, to: to)
            }
        }
    }

    /// The picture of figure `number` (1-based) of the poses `figures` (the YAML list written under
    /// `figures:`), as SVG in the clinic's colour; nil with the reasons in `diagnostics`.
    public static func picture(figures: String, number: Int, file: String, brand: String, into diagnostics: inout DiagnosticList) -> String? {
        var reader = YAMLReader()
        defer { diagnostics.append(contentsOf: reader.diagnostics) }
        let text = "figures:\n" + figures
        guard let root = reader.parse(text, file: file), let fields = reader.mapping(root, known: ["figures"]),
              let value = fields["figures"], let items = reader.list(value) else { return nil }
        guard number >= 1, number <= items.count else {
            reader.diagnostics.error(SourceLocation(file: file), "there is no figure \(number)")
            return nil
        }
        guard let pose = Pose.read(items[number - 1], reader: &reader) else { return nil }
        return FigureRenderer.svg(pose, brand: brand)
    }

    /// How many entries the poses `figures` list (0 when it does not read as a list).
    public static func figureCount(_ figures: String) -> Int {
        var reader = YAMLReader()
        guard let root = reader.parse("figures:\n" + figures, file: ""), let fields = reader.mapping(root, known: ["figures"]),
              let value = fields["figures"], let items = reader.list(value) else { return 0 }
        return items.count
    }
}

/// What `hep catalogue release` would record now, without writing anything.
public enum CataloguePendingRelease {
    /// One exercise a release would record.
    public struct Item: Sendable, Hashable {
        public var id: String
        public var title: String
        /// The version released before (nil: never released).
        public var from: Int?
        /// The version it will be released as.
        public var to: Int
        /// True when changed at its released version: the release raises it and needs a note.
        public var needsNote: Bool
    }

    public struct Preview: Sendable {
        public var items: [Item] = []
        /// What keeps the release from going ahead (errors), or is worth knowing.
        public var diagnostics = DiagnosticList()
    }

    public static func preview(project: Project) async -> Preview {
        var preview = Preview()
        let catalogue = ExerciseCatalogue.open(project, into: &preview.diagnostics)
        await catalogue.loadAll(into: &preview.diagnostics)
        CatalogueChecks.placeholders(catalogue, into: &preview.diagnostics)
        let lock = CatalogueLock.load(project, into: &preview.diagnostics) ?? CatalogueLock()
        for exercise in catalogue.loaded {
            guard let entry = lock.entry(exercise.id) else {
                preview.items.append(Item(id: exercise.id, title: exercise.title, from: nil, to: exercise.version, needsNote: false))
                continue
            }
            if exercise.contentHash == entry.sha256 && exercise.version == entry.version { continue }
            if exercise.version < entry.version { continue }  // an error the release reports
            let raised = exercise.version > entry.version
            preview.items.append(Item(id: exercise.id, title: exercise.title, from: entry.version,
                                      to: raised ? exercise.version : entry.version + 1, needsNote: !raised))
        }
        return preview
    }
}
