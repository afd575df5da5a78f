import DataHubStorage
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix

/// A complete, valid upload body: in memory or in a temporary file, with its MD5 and length.
///
/// When the body lives in a file, call ``remove()`` once the body has been stored (or prefer
/// ``UploadSpool/withUpload(_:maxBytes:spoolDirectory:memoryLimit:threadPool:_:)``, which does it for you).
/// As a last resort the file is also removed when the last copy of the upload is dropped.
public struct SpooledUpload: Sendable {
    /// The bytes, ready for `Storage.put`.
    public let body: PutBody
    /// The MD5 digest of the bytes as lower-case hex (S3's ETag of a single-part object).
    public let md5: String
    /// The number of bytes.
    public var length: Int64 { body.length }

    /// The temporary file holding the body, if it spilled.
    let file: SpoolFile?

    /// Creates an upload.
    init(body: PutBody, md5: String, file: SpoolFile?) {
        self.body = body
        self.md5 = md5
        self.file = file
    }

    /// Removes the temporary file, if the body has one. Safe to call more than once; never throws.
    public func remove() async {
        await file?.remove()
    }
}

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
