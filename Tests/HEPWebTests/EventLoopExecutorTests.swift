import Foundation
import NIOPosix
import Testing
@testable import HEPWeb

/// The server's tasks run on SwiftNIO's event loops, not on Swift's concurrency pool.
@Suite("Event loops as the server's executor")
struct EventLoopExecutorTests {
    @Test("a task that prefers the executor, and its child tasks, run on the group's loops, and finish")
    func runsOnLoops() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let executor = EventLoopExecutor(group: group)
        let outside = MultiThreadedEventLoopGroup.currentEventLoop == nil
        let results = await withTaskExecutorPreference(executor) { () -> [Bool] in
            var onLoop = [MultiThreadedEventLoopGroup.currentEventLoop != nil]
            await Task.yield()
            onLoop.append(MultiThreadedEventLoopGroup.currentEventLoop != nil)
            let children = await withTaskGroup(of: Bool.self) { tasks in
                for _ in 0..<20 {
                    tasks.addTask {
                        await Task.yield()
                        return MultiThreadedEventLoopGroup.currentEventLoop != nil
                    }
                }
                return await tasks.reduce(into: [Bool]()) { $0.append($1) }
            }
            return onLoop + children
        }
        #expect(outside)
        #expect(results.count == 22)
        #expect(results.allSatisfy { $0 })
        try await group.shutdownGracefully()
    }
}
