import EventLoopExecutor
import NIOCore
import NIOPosix

/// The event loop a waiting task should be resumed on. Both transports use it: the curl thread and a
/// connection's loop both answer tasks that waited on another loop.
///
/// A continuation resumed from a foreign thread (the curl loop) lands on whichever event loop NIO picks next,
/// often not the one that owns the request's connection, and the response then hops once more to get there.
/// Resuming on the loop the task was running on when it started waiting saves that second hop.
/// Only when the event loops are the global executor: the singleton loops then live as long as the process,
/// so a job sent to one always runs.
enum HomeLoop {
    /// The executor's loops: the singleton group's, which are never shut down.
    private static let executorLoops: [ObjectIdentifier] = MultiThreadedEventLoopGroup.singleton.makeIterator().map {
        ObjectIdentifier($0)
    }

    /// The event loop the caller runs on, when it is one of the executor's loops; else `nil` (a loop of another
    /// group could be shut down before the answer arrives, and a job sent to it would be lost).
    static var current: (any EventLoop)? {
        guard EventLoopGlobalExecutor.isInstalled, let loop = MultiThreadedEventLoopGroup.currentEventLoop,
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
