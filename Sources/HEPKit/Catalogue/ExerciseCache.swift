import Foundation
import Synchronization

/// Exercises checked against one catalogue index, filled on demand by any thread.
final class ExerciseMemo: Sendable {
    private let entries = Mutex<[String: (Exercise?, [Diagnostic])]>([:])

    func entry(_ id: String) -> (Exercise?, [Diagnostic])? { entries.withLock { $0[id] } }

    func store(_ id: String, _ exercise: Exercise?, _ diagnostics: [Diagnostic]) {
        entries.withLock { $0[id] = (exercise, diagnostics) }
    }

    var all: [Exercise] { entries.withLock { $0.values.compactMap(\.0) } }
}

/// Parsed exercise files keyed by path and content (its length and hash, and the pictures folder's stamp), so a
/// long-running process re-parses a file only when it changed, and sees every edit at once.
public final class ExerciseCache: Sendable {
    private struct Entry: Sendable {
        /// The text's length and hash, not the text: a 5,000-exercise batch would otherwise hold
        /// every file twice. (`Hasher` is seeded per process, which is all this in-memory cache needs.)
        var textLength: Int
        var textHash: Int
        var stamp: String
        var exercise: Exercise?
        var diagnostics: [Diagnostic]
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// An empty cache.
    public init() {}

    /// The parse of `text`, reused when the same path had the same text and pictures before.
    func exercise(path: String, text: String, stamp: String, into diagnostics: inout DiagnosticList,
                  parse: (inout DiagnosticList) -> Exercise?) -> Exercise? {
        let length = text.utf8.count, hash = text.hashValue
        if let entry = entries.withLock({ $0[path] }), entry.textLength == length, entry.textHash == hash, entry.stamp == stamp {
            diagnostics.append(contentsOf: entry.diagnostics)
            return entry.exercise
        }
        var found = DiagnosticList()
        let exercise = parse(&found)
        diagnostics.append(contentsOf: found)
        entries.withLock { $0[path] = Entry(textLength: length, textHash: hash, stamp: stamp, exercise: exercise, diagnostics: found.all) }
        return exercise
    }
}
