import NIOCore
import NIOPosix
import Synchronization

/// Makes SwiftNIO's event loops (the threads Hummingbird serves on) Swift Concurrency's global executor, so a
/// request handler resumes on an event loop instead of hopping to a separate thread pool and back: fewer
/// thread wake-ups per request. Blocking work never runs on these threads in DataHub (files go through
/// `NIOThreadPool`, S3 transfers are non-blocking NIO I/O or run on the curl loop thread, the dashboard owns the
/// main thread). A process-wide choice: only the executable (and the benchmarks) install it.
public enum EventLoopGlobalExecutor {
    private static let installed = Atomic<Bool>(false)

    /// Whether `install()` succeeded in this process.
    public static var isInstalled: Bool { installed.load(ordering: .acquiring) }

    /// Installs the singleton event loops as the global executor. Call once, from the main thread, before any
    /// task starts.
    /// - Returns: whether the executor was installed (`false` on platforms where NIO cannot do it).
    @discardableResult
    public static func install() -> Bool {
        let done = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        if done { installed.store(true, ordering: .releasing) }
        return done
    }
}
