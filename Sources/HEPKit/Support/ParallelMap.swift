import Foundation

/// Runs independent work on every core in a task group and returns the results in input order, so
/// what the work produces never depends on scheduling. At most `jobs` items are in flight; only
/// small results are kept, never whole handouts.
enum ParallelMap {
    /// `work` for each index; `delivered` sees each result in input order as soon as it and all
    /// before it are done (and may shrink it, e.g. hand warnings on and drop them).
    static func run<T: Sendable>(_ count: Int, jobs: Int? = nil, _ work: @escaping @Sendable (Int) -> T,
                                 delivered: (Int, inout T) -> Void = { _, _ in }) async -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, count))
        var results = [T?](repeating: nil, count: count)
        var nextToDeliver = 0
        func deliver() {
            while nextToDeliver < count, results[nextToDeliver] != nil {
                delivered(nextToDeliver, &results[nextToDeliver]!)
                nextToDeliver += 1
            }
        }
        if workers == 1 {
            for index in 0..<count {
                results[index] = work(index)
                deliver()
            }
            return results.map { $0! }
        }
        return await withTaskGroup(of: (Int, T).self) { group in
            var next = 0
            while next < workers {
                let index = next
                group.addTask { (index, work(index)) }
                next += 1
            }
            for await (index, value) in group {
                results[index] = value
                deliver()
                if next < count {
                    let index = next
                    group.addTask { (index, work(index)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}

/// Two pieces of work at once, one per core.
enum Both {
    /// Each result written once, by its own piece of work, and read after both have finished.
    private final class Slots<A, B>: @unchecked Sendable {
        var first: A?
        var second: B?
    }

    /// Runs `first` and `second` at the same time (on this thread and a new one); returns when both are done.
    ///
    /// A thread of its own rather than Dispatch's pool: inside a process's async code the pool adds a
    /// worker only after its monitor notices the blocked one (1-3 ms here, a third of a render).
    static func run<A, B>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
        let slots = Slots<A, B>()
        let done = DispatchSemaphore(value: 0)
        Thread { slots.second = second(); done.signal() }.start()
        slots.first = first()
        done.wait()
        return (slots.first!, slots.second!)
    }
}
