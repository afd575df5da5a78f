public import NIOCore
public import NIOPosix

/// Collects an NDJSON batch body: spooled as uploads are (memory, then a temporary file), split into lines and
/// every line validated as it streams in. The first invalid line, a body over `maxBytes` or more than `maxLines`
/// documents fail at once, and the temporary file is removed before the error is thrown.
public enum BatchSpool {
    /// Collects, validates and indexes a batch.
    /// - Parameters:
    ///   - body: the request body.
    ///   - maxBytes: the upload limit (`--max-upload-mb`).
    ///   - maxLines: the most documents (`--max-batch-lines`).
    ///   - maxLineBytes: the longest document.
    ///   - spoolDirectory: where the temporary file goes; `nil` for the system's temporary directory.
    ///   - memoryLimit: the largest body kept in memory.
    ///   - threadPool: where the file calls run.
    /// - Returns: the batch; call `remove()` on it when done.
    /// - Throws: `BatchError`, `UploadError`, or the body's own error.
    public static func collect(
        _ body: some AsyncSequence<ByteBuffer, any Error>,
        maxBytes: Int,
        maxLines: Int,
        maxLineBytes: Int,
        spoolDirectory: String? = nil,
        memoryLimit: Int = UploadSpool.defaultMemoryLimit,
        threadPool: NIOThreadPool = .singleton
    ) async throws -> SpooledBatch {
        var writer = SpoolWriter(
            maxBytes: maxBytes,
            memoryLimit: memoryLimit,
            directory: spoolDirectory ?? UploadSpool.defaultDirectory(),
            threadPool: threadPool,
            validatesJSON: false
        )
        var indexer = NDJSONLineIndexer(maxLines: maxLines, maxLineBytes: maxLineBytes)
        do {
            for try await chunk in body {
                // The writer first: a body over the size limit is 413 even when its cut-off line is invalid.
                try await writer.append(chunk)
                try indexer.feed(chunk)
            }
            let lines = try indexer.finish()
            let upload = try await writer.finish()
            return SpooledBatch(upload: upload, lines: lines, threadPool: threadPool)
        } catch {
            await writer.discard()
            throw error
        }
    }
}
