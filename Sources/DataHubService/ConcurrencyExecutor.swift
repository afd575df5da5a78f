import NIOCore
import NIOPosix

/// Makes SwiftNIO's event loops (the threads Hummingbird serves on) Swift Concurrency's global executor, so a
/// request handler resumes on an event loop instead of hopping to a separate thread pool and back: fewer
/// thread wake-ups per request. Blocking work never runs on these threads in DataHub (files go through
/// `NIOThreadPool`, S3 transfers through the curl loop thread, the dashboard owns the main thread).
///
/// Call once, from the main thread, before any task starts.
/// - Returns: whether the executor was installed (`false` on platforms where NIO cannot do it).
@discardableResult
public func installEventLoopsAsGlobalExecutor() -> Bool {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
