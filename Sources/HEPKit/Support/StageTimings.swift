import Foundation
import Synchronization

/// Time spent in each stage of rendering, summed over all plans and threads (`hep render --timings`),
/// from process start (`start`: loading the program, the runtime, parsing the arguments) and
/// loading the project (`project`: settings, wording, templates, the catalogue index) to writing
/// each handout, with the process's own CPU time to show what no stage accounts for.
public final class StageTimings: Sendable {
    /// The stages, in order.
    public enum Stage: String, CaseIterable, Sendable {
        case start, project, load, compose, fill, convert, wrap, write
    }

    private let totals = Mutex<[Stage: UInt64]>([:])

    /// Empty totals.
    public init() {}

    /// Runs `work`, adding its wall time to `stage`.
    public func measure<T>(_ stage: Stage, _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            totals.withLock { $0[stage, default: 0] += elapsed }
        }
        return try work()
    }

    /// Adds `nanoseconds` to `stage` (for time measured elsewhere).
    public func record(_ stage: Stage, nanoseconds: UInt64) {
        totals.withLock { $0[stage, default: 0] += nanoseconds }
    }

    /// The CPU time this process has used so far, in nanoseconds (all threads).
    public static func processCPUTime() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Total seconds in a stage.
    public func seconds(_ stage: Stage) -> Double {
        Double(totals.withLock { $0[stage, default: 0] }) / 1e9
    }

    /// One line per stage: total and per-handout time.
    public func report(handouts: Int) -> [String] {
        let total = Stage.allCases.reduce(0.0) { $0 + seconds($1) }
        var lines = Stage.allCases.map { stage in
            let value = seconds(stage)
            return String(format: "%-8@ %9.3f ms total  %8.1f µs per handout  %5.1f%%", stage.rawValue as NSString,
                          value * 1000, handouts > 0 ? value * 1e6 / Double(handouts) : 0, total > 0 ? value / total * 100 : 0)
        }
        lines.append(String(format: "%-8@ %9.3f ms total  %8.1f µs per handout (time summed over threads)", "all" as NSString,
                            total * 1000, handouts > 0 ? total * 1e6 / Double(handouts) : 0))
        let cpu = Double(Self.processCPUTime()) / 1e6
        lines.append(String(format: "process  %9.3f ms CPU in all, %.3f ms of it in no stage (waiting counts in stages, not in CPU)",
                            cpu, max(0, cpu - total * 1000)))
        return lines
    }
}
