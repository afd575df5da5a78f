import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object opened for reading, with its metadata.
struct OpenObject: Sendable {
    /// The open descriptor; the receiver closes it.
    let fd: Int32
    /// What a HEAD reports.
    let info: ObjectInfo
}

extension FileStorage {
    /// The path of an object's file.
    func objectPath(_ key: FileStorageKey) -> String { root + "/" + key.key }

    /// Opens an object's file and reads its metadata; `nil` when no object has this key.
    /// Runs on the thread pool.
    func openObject(_ key: FileStorageKey) throws -> OpenObject? {
        try requireRoot()
        let path = objectPath(key)
        guard let fd = try FileStorageSystem.openForReading(path) else { return nil }
        do {
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw FileStorageSystem.ioError("reading file metadata", "fstat", path) }
            guard FileStorageSystem.isRegular(info) else {
                close(fd)
                return nil
            }
            let metadata = try sidecars.metadata(of: key, fd: fd, info: info)
            return OpenObject(fd: fd, info: Self.objectInfo(key: key.key, info: info, metadata: metadata))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Throws `.notFound` when the objects' folder itself is gone (as S3's NoSuchBucket).
    func requireRoot() throws {
        guard let info = try FileStorageSystem.lstatOrNil(root), FileStorageSystem.isDirectory(info) else {
            throw StorageError(.notFound, "The data folder \(root) does not exist; it is created again at the next health check.")
        }
    }

    /// Builds the metadata a HEAD or a listing reports.
    static func objectInfo(key: String, info: stat, metadata: FileStorageMetadata) -> ObjectInfo {
        let nanoseconds = FileStorageSystem.mtimeNanoseconds(info)
        let date = Date(timeIntervalSince1970: Double(nanoseconds / 1_000_000) / 1000)
        return ObjectInfo(key: key, size: Int64(info.st_size), lastModified: date, etag: metadata.etag,
                          contentType: metadata.contentType)
    }
}

/// An open file shared by a download's iterators; closes it when the last reference goes.
final class FileStorageReader: Sendable {
    /// The descriptor, read with `pread` only, so readers never share an offset.
    let fd: Int32
    /// The key, for error messages.
    let path: String

    /// Takes ownership of `fd`.
    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Closes the descriptor.
    deinit { close(fd) }

    /// Reads up to `count` bytes at `offset` into a new buffer. Blocks.
    func read(at offset: Int64, count: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
            try FileStorageSystem.readAt(fd, into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<count]), offset: offset, path: path)
        }
        guard got > 0 else {
            throw StorageError(.io, "The object '\(path)' became shorter while it was read.", cause: "pread returned 0 at \(offset)")
        }
        return buffer
    }
}

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
