import Dispatch
import Foundation

/// Runs independent work on every core and returns the results in input order, so what the work
/// produces never depends on scheduling. Workers pull the next index from a shared counter; only
/// small results are kept, never whole handouts.
enum ParallelMap {
    static func run<T: Sendable>(_ count: Int, jobs: Int? = nil, _ work: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, count))
        if workers == 1 { return (0..<count).map(work) }
        let box = ResultBox<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = box.nextIndex() {
                box.set(index, work(index))
            }
        }
        return box.results()
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [T?]
        private var next = 0

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func nextIndex() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < storage.count else { return nil }
            next += 1
            return next - 1
        }

        func set(_ index: Int, _ value: T) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        func results() -> [T] { storage.map { $0! } }
    }
}
