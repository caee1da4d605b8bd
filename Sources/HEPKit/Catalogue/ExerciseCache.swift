import Foundation
import Synchronization

/// Exercises checked against one catalogue index, filled on demand by any thread.
///
/// Each entry is one small box: the dictionary holds a key and a pointer, not a whole `Exercise`
/// (several hundred bytes inline), so a batch that meets thousands of exercises keeps one copy of
/// each and grows its table cheaply.
final class ExerciseMemo: Sendable {
    final class Entry: Sendable {
        let exercise: Exercise?
        let diagnostics: [Diagnostic]
        /// Whether the file's text, as read, holds `TODO`; nil when it could not be read.
        let hasTODO: Bool?
        init(_ exercise: Exercise?, _ diagnostics: [Diagnostic], hasTODO: Bool?) {
            (self.exercise, self.diagnostics, self.hasTODO) = (exercise, diagnostics, hasTODO)
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    func entry(_ id: String) -> (Exercise?, [Diagnostic])? {
        entries.withLock { $0[id] }.map { ($0.exercise, $0.diagnostics) }
    }

    /// True when the file was read and holds no `TODO`, so the placeholder check need not read it again.
    func knownWithoutTODO(_ id: String) -> Bool { entries.withLock { $0[id] }?.hasTODO == false }

    func store(_ id: String, _ exercise: Exercise?, _ diagnostics: [Diagnostic], hasTODO: Bool?) {
        let entry = Entry(exercise, diagnostics, hasTODO: hasTODO)
        entries.withLock { $0[id] = entry }
    }

    var all: [Exercise] { entries.withLock { $0.values.compactMap(\.exercise) } }
}

/// Parsed exercise files keyed by path and content (its length and hash, and the pictures folder's stamp), so a
/// long-running process re-parses a file only when it changed, and sees every edit at once.
public final class ExerciseCache: Sendable {
    /// A box, so the table holds pointers rather than whole exercises.
    private final class Entry: Sendable {
        /// The text's length and hash, not the text: a 5,000-exercise batch would otherwise hold
        /// every file twice. (`Hasher` is seeded per process, which is all this in-memory cache needs.)
        let textLength: Int
        let textHash: Int
        let stamp: String
        let exercise: Exercise?
        let diagnostics: [Diagnostic]

        init(textLength: Int, textHash: Int, stamp: String, exercise: Exercise?, diagnostics: [Diagnostic]) {
            (self.textLength, self.textHash, self.stamp) = (textLength, textHash, stamp)
            (self.exercise, self.diagnostics) = (exercise, diagnostics)
        }
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// False for a cache that keeps nothing (`ExerciseCache.none`).
    private let keeps: Bool

    /// An empty cache.
    public init() { keeps = true }

    private init(keeps: Bool) { self.keeps = keeps }

    /// A cache that keeps nothing, for a snapshot made once and dropped (one `hep render` or
    /// `hep check`): its catalogue's memo already parses each exercise once, and a second copy of
    /// every exercise here would only cost memory.
    static var none: ExerciseCache { ExerciseCache(keeps: false) }

    /// The parse of `text`, reused when the same path had the same text and pictures before.
    func exercise(path: String, text: String, stamp: String, into diagnostics: inout DiagnosticList,
                  parse: (inout DiagnosticList) -> Exercise?) -> Exercise? {
        guard keeps else { return parse(&diagnostics) }
        let length = text.utf8.count, hash = text.hashValue
        if let entry = entries.withLock({ $0[path] }), entry.textLength == length, entry.textHash == hash, entry.stamp == stamp {
            diagnostics.append(contentsOf: entry.diagnostics)
            return entry.exercise
        }
        var found = DiagnosticList()
        let exercise = parse(&found)
        diagnostics.append(contentsOf: found)
        let entry = Entry(textLength: length, textHash: hash, stamp: stamp, exercise: exercise, diagnostics: found.all)
        entries.withLock { $0[path] = entry }
        return exercise
    }
}
