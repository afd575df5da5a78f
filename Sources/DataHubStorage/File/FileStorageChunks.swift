import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file span, read chunk by chunk on the storage's thread pool as the consumer asks for them.
struct FileStorageChunks: AsyncSequence, Sendable {
    /// Each element is one chunk of at most `chunkSize` bytes.
    typealias Element = ByteBuffer

    /// The open file.
    let file: FileStorageReader
    /// The byte offsets to serve.
    let span: Range<Int64>
    /// The pool that does the reads.
    let pool: NIOThreadPool
    /// The largest chunk read at once.
    let chunkSize: Int

    /// Starts reading at the beginning of the span.
    func makeAsyncIterator() -> Iterator {
        Iterator(file: file, offset: span.lowerBound, end: span.upperBound, pool: pool, chunkSize: chunkSize)
    }

    /// Reads the next chunk when asked.
    struct Iterator: AsyncIteratorProtocol {
        private let file: FileStorageReader
        private var offset: Int64
        private let end: Int64
        private let pool: NIOThreadPool
        private let chunkSize: Int

        /// Reads `file` from `offset` up to `end` (exclusive).
        init(file: FileStorageReader, offset: Int64, end: Int64, pool: NIOThreadPool, chunkSize: Int) {
            (self.file, self.offset, self.end, self.pool, self.chunkSize) = (file, offset, end, pool, chunkSize)
        }

        /// The next chunk, read on the pool; `nil` after the span's last byte.
        mutating func next() async throws -> ByteBuffer? {
            guard offset < end else { return nil }
            let count = Int(Swift.min(Int64(chunkSize), end - offset))
            let (file, start) = (file, offset)
            let chunk: ByteBuffer
            do {
                chunk = try await pool.runIfActive { try file.read(at: start, count: count) }
            } catch let error as StorageError {
                throw error
            } catch {
                throw StorageError(.unavailable, "The download of '\(file.path)' was stopped.", cause: String(describing: error))
            }
            offset += Int64(chunk.readableBytes)
            return chunk
        }
    }
}
