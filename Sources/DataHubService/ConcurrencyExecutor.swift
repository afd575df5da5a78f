import NIOCore
import NIOPosix
import Synchronization

/// Makes SwiftNIO's event loops (the threads Hummingbird serves on) Swift Concurrency's global executor, so a
/// request handler resumes on an event loop instead of hopping to a separate thread pool and back: fewer
/// thread wake-ups per request. Blocking work never runs on these threads in DataHub (files go through
/// `NIOThreadPool`, S3 transfers are non-blocking NIO I/O or run on the curl loop thread, the dashboard owns the
/// main thread).
///
/// Call once, from the main thread, before any task starts.
/// - Returns: whether the executor was installed (`false` on platforms where NIO cannot do it).
@discardableResult
public func installEventLoopsAsGlobalExecutor() -> Bool {
    let installed = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    if installed { HomeLoop.enabled.store(true, ordering: .releasing) }
    return installed
}

/// The event loop a waiting task should be resumed on.
///
/// A continuation resumed from a foreign thread (the curl loop) lands on whichever event loop NIO picks next,
/// often not the one that owns the request's connection, and the response then hops once more to get there.
/// Resuming on the loop the task was running on when it started waiting saves that second hop.
/// Only when the event loops are the global executor: the singleton loops then live as long as the process,
/// so a job sent to one always runs.
enum HomeLoop {
    fileprivate static let enabled = Atomic<Bool>(false)

    /// The executor's loops: the singleton group's, which are never shut down.
    private static let executorLoops: [ObjectIdentifier] = MultiThreadedEventLoopGroup.singleton.makeIterator().map {
        ObjectIdentifier($0)
    }

    /// The event loop the caller runs on, when it is one of the executor's loops; else `nil` (a loop of another
    /// group could be shut down before the answer arrives, and a job sent to it would be lost).
    static var current: (any EventLoop)? {
        guard enabled.load(ordering: .acquiring), let loop = MultiThreadedEventLoopGroup.currentEventLoop,
            isExecutorLoop(loop)
        else { return nil }
        return loop
    }

    /// Whether `loop` belongs to the singleton group (the loops installed as the executor).
    static func isExecutorLoop(_ loop: any EventLoop) -> Bool {
        executorLoops.contains(ObjectIdentifier(loop))
    }

    /// Resumes `continuation` with `result` on `home` (at once when there is no home or the caller is on it).
    static func resume<T: Sendable>(
        _ continuation: CheckedContinuation<T, any Error>,
        with result: Result<T, any Error>,
        on home: (any EventLoop)?
    ) {
        run(on: home) { continuation.resume(with: result) }
    }

    /// The same for an unchecked continuation (the NIO transport's exchanges, once per S3 request).
    static func resume<T: Sendable>(
        _ continuation: UnsafeContinuation<T, any Error>,
        with result: Result<T, any Error>,
        on home: (any EventLoop)?
    ) {
        // Checked here rather than through `run`: the common case, inline, then allocates no closure.
        if let home, !home.inEventLoop {
            home.execute { continuation.resume(with: result) }
        } else {
            continuation.resume(with: result)
        }
    }

    /// Runs `body` on `home`: inline when there is no home or the caller is already on it, else as a task there.
    static func run(on home: (any EventLoop)?, _ body: @escaping @Sendable () -> Void) {
        guard let home, !home.inEventLoop else {
            body()
            return
        }
        home.execute(body)
    }
}

/// A task executor that runs jobs on SwiftNIO's singleton event loops: on the loop that enqueues the job when it
/// is one of them (a task resumed by a channel or a store answer stays on that loop), else on any of them.
///
/// Why it exists: with the loops installed as the global executor, NIO runs each job *isolated to* the loop,
/// as if the loop were an actor. Every `nonisolated async` function, ours and the frameworks', must then leave
/// that isolation on entry and after each `await`, and the runtime does so by queueing the task once more on
/// the same loop: an extra trip through the loop's queue at every step of every request. Jobs run here carry
/// no isolation, only this executor as their preference, so those steps continue inline. Child tasks (task
/// groups, `async let`) inherit the preference; see `Runner` and `StorageBench`.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The one instance, over `MultiThreadedEventLoopGroup.singleton`.
    public static let shared = EventLoopTaskExecutor()

    private init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // `any()` is the calling thread's loop when that is a singleton loop.
        MultiThreadedEventLoopGroup.singleton.any().execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
