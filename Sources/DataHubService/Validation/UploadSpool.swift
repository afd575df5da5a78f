import Foundation
public import NIOCore
public import NIOPosix

/// Collects an upload body while validating it: in memory up to `memoryLimit` bytes, then in a temporary
/// file written on a thread pool, so neither an event loop nor the cooperative pool ever waits on the disk.
///
/// Invalid JSON fails at its byte, and a body passing `maxBytes` fails the moment it does, before anything
/// more is read. On every error path the temporary file is removed before the error is thrown.
public enum UploadSpool {
    /// How much of a body stays in memory before it spills to a file: 8 MiB.
    public static let defaultMemoryLimit = 8 * 1024 * 1024
    /// Spooled bytes are written in batches of about this size.
    static let writeBatch = 1024 * 1024

    /// Collects, validates and measures a body.
    /// - Parameters:
    ///   - body: the request body.
    ///   - maxBytes: the upload limit; a body of exactly `maxBytes` bytes is accepted.
    ///   - spoolDirectory: where the temporary file goes; `nil` for the system's temporary directory.
    ///   - memoryLimit: the largest body kept in memory.
    ///   - threadPool: where the file calls run.
    /// - Returns: the complete body. Call `remove()` on it when done, or use `withUpload`.
    /// - Throws: `UploadError`, or whatever error `body` throws (a client that went away).
    public static func collect(
        _ body: some AsyncSequence<ByteBuffer, any Error>,
        maxBytes: Int,
        spoolDirectory: String? = nil,
        memoryLimit: Int = defaultMemoryLimit,
        threadPool: NIOThreadPool = .singleton
    ) async throws -> SpooledUpload {
        var writer = SpoolWriter(
            maxBytes: maxBytes,
            memoryLimit: memoryLimit,
            directory: spoolDirectory ?? defaultDirectory(),
            threadPool: threadPool
        )
        do {
            for try await chunk in body {
                try await writer.append(chunk)
            }
            return try await writer.finish()
        } catch {
            await writer.discard()
            throw error
        }
    }

    /// Collects a body, hands it to `operation`, and removes its temporary file afterwards, whether
    /// `operation` returns or throws.
    /// - Parameters: see ``collect(_:maxBytes:spoolDirectory:memoryLimit:threadPool:)``.
    /// - Returns: what `operation` returns.
    /// - Throws: `UploadError`, the body's error, or what `operation` throws.
    public static func withUpload<Result: Sendable>(
        _ body: some AsyncSequence<ByteBuffer, any Error>,
        maxBytes: Int,
        spoolDirectory: String? = nil,
        memoryLimit: Int = defaultMemoryLimit,
        threadPool: NIOThreadPool = .singleton,
        _ operation: (SpooledUpload) async throws -> Result
    ) async throws -> Result {
        let upload = try await collect(
            body,
            maxBytes: maxBytes,
            spoolDirectory: spoolDirectory,
            memoryLimit: memoryLimit,
            threadPool: threadPool
        )
        do {
            let result = try await operation(upload)
            await upload.remove()
            return result
        } catch {
            await upload.remove()
            throw error
        }
    }

    /// The system's temporary directory (`TMPDIR`, else `/tmp`).
    static func defaultDirectory() -> String {
        NSTemporaryDirectory()
    }
}
