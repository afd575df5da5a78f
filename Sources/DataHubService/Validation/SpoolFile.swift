import DataHubStorage
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A temporary spool file that is removed exactly once: by `remove()`, or by `deinit` as a backstop.
final class SpoolFile: Sendable {
    /// The file's path.
    let path: String
    private let threadPool: NIOThreadPool
    private let removed = NIOLockedValueBox(false)

    /// Takes charge of an existing file.
    init(path: String, threadPool: NIOThreadPool) {
        self.path = path
        self.threadPool = threadPool
    }

    /// Unlinks the file on the thread pool (inline when the pool no longer runs), once.
    func remove() async {
        let first = removed.withLockedValue { removed in
            defer { removed = true }
            return !removed
        }
        guard first else { return }
        let path = self.path
        // A detached task is not cancelled with the caller: the file must go even when the request was cancelled.
        let done = await Task.detached { [threadPool] in
            (try? await threadPool.runIfActive { SpoolIO.unlink(path) }) != nil
        }.value
        if !done { SpoolIO.unlink(path) }
    }

    deinit {
        if !removed.withLockedValue({ $0 }) { SpoolIO.unlink(path) }
    }
}
