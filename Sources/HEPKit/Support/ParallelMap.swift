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
