import EventLoopExecutor
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import DataHubStorage

/// Answers from the curl thread are handed back on the event loop the caller waits on (`HomeLoop`).
@Suite struct HomeLoopTests {
    @Test func workFromAnotherThreadRunsOnTheHomeLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let home = group.next()
        // Called from a plain thread (as the curl loop thread does): the body must run on `home`, not here.
        let ranOnHome = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
            let thread = Thread {
                HomeLoop.run(on: home) { continuation.resume(returning: home.inEventLoop) }
            }
            thread.start()
        }
        try await group.shutdownGracefully()
        #expect(ranOnHome)
    }

    @Test func withoutAHomeOrOnItTheWorkRunsInline() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let home = group.next()
        // No home: inline, on the caller's thread, before `run` returns.
        let ranInline = Mutex(false)
        HomeLoop.run(on: nil) { ranInline.withLock { $0 = true } }
        #expect(ranInline.withLock { $0 })
        // Already on the home loop: inline as well (no extra trip through the loop's queue).
        let inlineOnHome = try home.submit { () -> Bool in
            let ran = Mutex(false)
            HomeLoop.run(on: home) { ran.withLock { $0 = true } }
            return ran.withLock { $0 }
        }.wait()
        #expect(inlineOnHome)
    }

    @Test func onlyTheSingletonLoopsCountAsHomes() throws {
        // The singleton loops live as long as the process; a loop of another group may be shut down first.
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            #expect(HomeLoop.isExecutorLoop(loop))
        }
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? other.syncShutdownGracefully() }
        #expect(!HomeLoop.isExecutorLoop(other.next()))
        // Seen through `currentEventLoop` (an existential), a singleton loop is still recognised.
        let current = try MultiThreadedEventLoopGroup.singleton.next().submit {
            MultiThreadedEventLoopGroup.currentEventLoop.map(HomeLoop.isExecutorLoop)
        }.wait()
        #expect(current == true)
    }

    @Test func noHomeIsRecordedUnlessTheLoopsAreTheExecutor() throws {
        // The test process never installs the NIO executor: transfers resume where they finish.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let recorded = try group.next().submit { HomeLoop.current == nil }.wait()
        #expect(recorded)
    }
}

/// Tasks that prefer `EventLoopTaskExecutor` run on the singleton loops, stay on the loop that resumes them, and
/// pass the preference on to child tasks.
@Suite struct EventLoopTaskExecutorTests {
    @Test func tasksRunOnTheSingletonLoopsAndStayWhereTheyAreResumed() async throws {
        let onSingleton = await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
            MultiThreadedEventLoopGroup.currentEventLoop.map(HomeLoop.isExecutorLoop) ?? false
        }
        #expect(onSingleton)
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            for _ in 0..<3 {
                // Resumed by a future completed on `loop`: the task goes on there, not on another loop. The future
                // completes 100 ms later, so the task has surely suspended: an answer that comes before the
                // suspension lets the task simply go on where it is, and that is the runtime's choice, not ours.
                let stayed = try await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
                    try await loop.scheduleTask(in: .milliseconds(100)) {}.futureResult.get()
                    return loop.inEventLoop
                }
                #expect(stayed)
            }
        }
    }

    @Test func childTasksInheritThePreference() async {
        let children = await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { MultiThreadedEventLoopGroup.currentEventLoop.map(HomeLoop.isExecutorLoop) ?? false }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        #expect(children == Array(repeating: true, count: 8))
    }
}
