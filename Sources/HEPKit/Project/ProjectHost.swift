import Foundation
import Synchronization

/// Holds the current `ProjectSnapshot` for a long-running process (the web app) and loads the
/// project again as soon as any of its files changed, so an edited exercise or template is seen by
/// the next request. Parsed exercises are reused across reloads when their text is unchanged.
public final class ProjectHost: Sendable {
    /// The project served.
    public let project: Project
    private let exercises = ExerciseCache()
    private let state = Mutex<Loaded?>(nil)

    private struct Loaded: Sendable {
        var stamp: [FileStamp.Listing?]
        var snapshot: ProjectSnapshot?
        var diagnostics: DiagnosticList
    }

    /// A host for `project`; nothing is loaded until the first request.
    public init(project: Project) { self.project = project }

    /// The snapshot for the project as it is now on disk (nil, with the errors, when it has errors).
    public func snapshot(into diagnostics: inout DiagnosticList) -> ProjectSnapshot? {
        let stamp = [FileStamp.listing(project.url("Templates")), FileStamp.listing(project.url("Exercises"), skipping: ["archive"])]
        if let loaded = state.withLock({ $0 }), loaded.stamp == stamp {
            diagnostics.append(contentsOf: loaded.diagnostics)
            return loaded.snapshot
        }
        var found = DiagnosticList()
        let snapshot = ProjectSnapshot.load(project, exercises: exercises, into: &found)
        state.withLock { $0 = Loaded(stamp: stamp, snapshot: snapshot, diagnostics: found) }
        diagnostics.append(contentsOf: found)
        return snapshot
    }
}
