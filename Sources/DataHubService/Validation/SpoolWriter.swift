import DataHubStorage
import Digests
import NIOCore
import NIOPosix

/// The state of one upload being collected: validator, digests, the bytes in memory or the open spool file.
/// Used by one task only.
struct SpoolWriter {
    /// The upload limit in bytes.
    let maxBytes: Int
    /// The largest body kept in memory.
    let memoryLimit: Int
    /// Where the spool file goes.
    let directory: String
    /// Where the file calls run.
    let threadPool: NIOThreadPool
    /// Whether the body must be one JSON value (a batch is validated line by line by its own indexer).
    let validatesJSON: Bool

    private var validator = JSONValidator()
    private let digest = StreamingDigest.md5()
    private let sha256 = StreamingDigest.sha256()
    private var memory = ByteBuffer()
    /// Bytes received but not yet written to the spool file.
    private var pending = ByteBuffer()
    private var file: SpoolFile?
    private var descriptor: Int32?
    private var total = 0

    /// Creates the state of an empty upload.
    init(maxBytes: Int, memoryLimit: Int, directory: String, threadPool: NIOThreadPool, validatesJSON: Bool = true) {
        self.maxBytes = maxBytes
        self.validatesJSON = validatesJSON
        self.memoryLimit = memoryLimit
        self.directory = directory
        self.threadPool = threadPool
    }

    /// Validates, counts, digests and stores one chunk.
    mutating func append(_ chunk: ByteBuffer) async throws {
        let size = chunk.readableBytes
        if size > maxBytes - total {
            // Report invalid JSON that comes before the limit as such; the limit otherwise.
            let fitting = chunk.getSlice(at: chunk.readerIndex, length: maxBytes - total) ?? ByteBuffer()
            try validate(fitting)
            throw UploadError.tooLarge(limit: maxBytes)
        }
        try validate(chunk)
        chunk.withUnsafeReadableBytes { bytes in
            digest.update(bytes)
            #if !DATAHUB_NO_DIGEST  // benchmarks/integrity builds without it to measure what hashing costs
            sha256.update(bytes)
            #endif
        }
        total += size
        if file == nil && total <= memoryLimit {
            if memory.readableBytes == 0 { memory = chunk } else { memory.writeImmutableBuffer(chunk) }
            return
        }
        if file == nil {
            try await openFile()
            pending = memory
            memory = ByteBuffer()
        }
        pending.writeImmutableBuffer(chunk)
        if pending.readableBytes >= UploadSpool.writeBatch { try await flush() }
    }

    /// Checks that the body is complete and returns it; the spool file (if any) is closed.
    mutating func finish() async throws -> SpooledUpload {
        if total == 0 { throw UploadError.empty }
        if validatesJSON {
            do { try validator.finish() } catch { throw UploadError.invalidJSON(error) }
        }
        let md5 = digest.finalizeHex()
        let sha256 = sha256.finalizeHex()
        guard let file, let descriptor else {
            return SpooledUpload(body: .buffer(memory), md5: md5, sha256: sha256, file: nil)
        }
        try await flush()
        self.descriptor = nil
        try await run { try SpoolIO.close(descriptor) }
        return SpooledUpload(body: .file(path: file.path, length: Int64(total)), md5: md5, sha256: sha256, file: file)
    }

    /// Closes and removes the spool file after a failure. Never throws.
    mutating func discard() async {
        if let descriptor {
            self.descriptor = nil
            // Not cancelled with the request, so the descriptor is closed even when the request was cancelled;
            // inline only when the pool no longer runs (the call was then never started).
            let pool = threadPool
            let started = await Task.detached { (try? await pool.runIfActive { try? SpoolIO.close(descriptor) }) != nil }.value
            if !started { try? SpoolIO.close(descriptor) }
        }
        await file?.remove()
        file = nil
        memory = ByteBuffer()
        pending = ByteBuffer()
    }

    private mutating func validate(_ chunk: ByteBuffer) throws(UploadError) {
        guard validatesJSON else { return }
        do { try validator.feed(chunk) } catch { throw .invalidJSON(error) }
    }

    private mutating func openFile() async throws {
        let directory = self.directory
        let created = try await run { try SpoolIO.create(in: directory) }
        descriptor = created.descriptor
        file = SpoolFile(path: created.path, threadPool: threadPool)
    }

    private mutating func flush() async throws {
        guard let descriptor, pending.readableBytes > 0 else { return }
        let batch = pending
        try await run { try SpoolIO.writeAll(descriptor, batch) }
        pending.clear()
    }

    /// Runs a blocking file call on the thread pool.
    private func run<T: Sendable>(_ call: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await threadPool.runIfActive(call)
        } catch let error as UploadError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw UploadError.io("the file thread pool is not running (\(error))")
        }
    }
}
