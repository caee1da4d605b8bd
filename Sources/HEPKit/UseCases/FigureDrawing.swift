import Foundation

/// `hep exercises draw [ID...]`: draws each figure of the named exercises (all, when none are
/// named) to `Exercises/images/<id>-<n>.png` and records what it was drawn from in
/// `Exercises/images/figures.lock`.
public enum FigureDrawing {
    /// One picture written.
    public struct Drawn: Sendable, Hashable {
        /// The PNG, relative to the project.
        public var file: String
        /// Its size in bytes.
        public var bytes: Int
        /// Pixel size.
        public var width: Int, height: Int
        /// False when the file was already up to date.
        public var changed: Bool
    }

    /// Draws; nothing is written when an exercise named has an error.
    public static func draw(ids: [String], project: Project, into diagnostics: inout DiagnosticList) async -> [Drawn] {
        guard let snapshot = ProjectSnapshot.load(project, into: &diagnostics) else { return [] }
        let catalogue = snapshot.catalogue
        var exercises: [Exercise] = []
        for id in ids.isEmpty ? catalogue.ids : ids {
            guard catalogue.files[id] != nil else {
                diagnostics.error(SourceLocation(file: "Exercises/"), "no exercise with id '\(id)' in Exercises/", hint: catalogue.hint(forUnknown: id))
                continue
            }
            if let exercise = catalogue.load(id, into: &diagnostics) { exercises.append(exercise) }
        }
        guard !diagnostics.hasErrors else { return [] }
        var records = FigureRecords.load(project)
        var drawn: [Drawn] = []
        for exercise in exercises {
            for (index, pose) in exercise.figures.enumerated() {
                let name = FigureRecords.fileName(id: exercise.id, number: index + 1)
                let relative = "Exercises/images/\(name)"
                let svg = FigureRenderer.svg(pose, brand: snapshot.clinic.brandColour)
                let png: [UInt8]
                do {
                    png = try await Rasteriser.png(svg)
                } catch {
                    diagnostics.error(index < exercise.figureLocations.count ? exercise.figureLocations[index] : exercise.versionLocation,
                                      "cannot draw \(relative): \(error)", hint: "install Debian's librsvg2-bin (`apt-get install librsvg2-bin`)")
                    continue
                }
                let record = FigureRecords.Record(svg: SHA256.hex(of: svg), png: SHA256.hex(of: png))
                let url = project.url(relative)
                let existing = FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
                let changed = existing != png || records.pictures[name] != record
                if existing != png {
                    do {
                        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try Data(png).write(to: url, options: .atomic)
                    } catch {
                        diagnostics.error(SourceLocation(file: relative), "cannot write \(relative): \(error.localizedDescription)")
                        continue
                    }
                }
                records.pictures[name] = record
                let size = ExerciseImage.dimensions(png)
                drawn.append(Drawn(file: relative, bytes: png.count, width: size?.1 ?? 0, height: size?.2 ?? 0, changed: changed))
            }
        }
        // Pictures of figures that no longer exist: all of them not drawn when drawing every
        // exercise, or those of a drawn exercise past its last figure. Their records go, and the
        // PNGs the lock recorded.
        let drawnNames = Set(drawn.map { String($0.file.dropFirst("Exercises/images/".count)) })
        let drawnIDs = Set(exercises.map(\.id))
        for name in records.pictures.keys.sorted() where !drawnNames.contains(name) {
            let gone = ids.isEmpty || drawnIDs.contains { id in
                name.hasPrefix("\(id)-") && Int(name.dropFirst(id.count + 1).dropLast(".png".count)) != nil
            }
            guard gone, !diagnostics.hasErrors else { continue }
            records.pictures[name] = nil
            try? FileManager.default.removeItem(at: project.url("Exercises/images/\(name)"))
        }
        do {
            let url = project.url(FigureRecords.path)
            let data = records.encoded()
            if FileManager.default.contents(atPath: url.path) != data { try data.write(to: url, options: .atomic) }
        } catch {
            diagnostics.error(SourceLocation(file: FigureRecords.path), "cannot write \(FigureRecords.path): \(error.localizedDescription)")
        }
        return drawn
    }
}
