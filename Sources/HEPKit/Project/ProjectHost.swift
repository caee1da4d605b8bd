import Foundation
import Synchronization

/// Holds the current `ProjectSnapshot` for a long-running process (the web app) and loads the
/// project again as soon as any of its files changed, so an edited exercise or template is seen by
/// the next request. Parsed exercises are reused across reloads when their text is unchanged.
///
/// Asking is cheap: a watch on `Templates/` and `Exercises/` says whether anything there may have
/// changed (one non-blocking read), and only then are the files' sizes and times compared.
public final class ProjectHost: Sendable {
    /// The project served.
    public let project: Project
    private let exercises = ExerciseCache()
    private let state = Mutex<State>(State())

    private struct Loaded: Sendable {
        var stamp: [FileStamp.Listing?]
        var snapshot: ProjectSnapshot?
        var diagnostics: DiagnosticList
    }

    private struct State: Sendable {
        var loaded: Loaded?
        var watcher = ProjectWatcher()
    }

    /// A host for `project`; nothing is loaded until the first request.
    public init(project: Project) { self.project = project }

    /// The snapshot for the project as it is now on disk (nil, with the errors, when it has errors).
    public func snapshot(into diagnostics: inout DiagnosticList) -> ProjectSnapshot? {
        let loaded = state.withLock { state -> Loaded in
            if let loaded = state.loaded, !state.watcher.mayHaveChanged() { return loaded }
            // Watch first, then read: a change from here on is seen by the next request.
            state.watcher.restart([(project.url("Templates").path, []), (project.url("Exercises").path, ["archive"])])
            let stamp = [FileStamp.listing(project.url("Templates")), FileStamp.listing(project.url("Exercises"), skipping: ["archive"])]
            if let loaded = state.loaded, loaded.stamp == stamp { return loaded }
            var found = DiagnosticList()
            let snapshot = ProjectSnapshot.load(project, exercises: exercises, into: &found)
            let fresh = Loaded(stamp: stamp, snapshot: snapshot, diagnostics: found)
            state.loaded = fresh
            return fresh
        }
        diagnostics.append(contentsOf: loaded.diagnostics)
        return loaded.snapshot
    }
}
