import NIOCore
import NIOPosix

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
