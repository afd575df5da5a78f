import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
