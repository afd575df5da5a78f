import Digests
import NIOConcurrencyHelpers
import NIOCore
import S3Signer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file in the staging folder, removed when discarded (after a `link`, or on failure).
struct FileStorageTempFile {
    /// Its path.
    let path: String
    private let fd: Int32

    /// Creates an empty, exclusive temporary file.
    init(in staging: String) throws {
        let path = staging + "/obj-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        var fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            try FileStorageSystem.makeDirectories(staging)
            fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw FileStorageSystem.ioError("starting an upload", "open", path) }
        self.path = path
        self.fd = fd
    }

    /// Writes the body, returning the MD5 hex of the bytes.
    func write(_ body: PutBody) throws -> String {
        let digest = StreamingDigest.md5()
        switch body {
        case .buffer(let buffer):
            try buffer.withUnsafeReadableBytes { bytes in
                digest.update(bytes)
                try FileStorageSystem.writeAll(fd, bytes, path: path)
            }
        case .file(let source, let length):
            try copy(from: source, length: length, digest: digest)
        }
        return digest.finalizeHex()
    }

    /// Flushes the bytes to disk and returns the file's `stat`.
    func flush() throws -> stat {
        try FileStorageSystem.sync(fd, path: path)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileStorageSystem.ioError("reading file metadata", "fstat", path) }
        return info
    }

    /// Closes and unlinks the temporary name (the object keeps its own link).
    func discard() {
        close(fd)
        unlink(path)
    }

    private func copy(from source: String, length: Int64, digest: StreamingDigest) throws {
        guard let input = try FileStorageSystem.openForReading(source) else {
            throw StorageError(.io, "The upload's spool file is missing.", cause: "open(\(source)): not found")
        }
        defer { close(input) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = try FileStorageSystem.readAt(input, into: buffer, offset: total, path: source)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            digest.update(chunk)
            try FileStorageSystem.writeAll(fd, chunk, path: path)
            total += Int64(count)
        }
        guard total == length else {
            throw StorageError(.io, "The upload's spool file holds \(total) bytes, not the \(length) announced.")
        }
    }
}
