import Digests
import Foundation
import S3Signer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes sidecar files. Every function blocks: call them only from the storage's thread pool.
struct FileStorageSidecars: Sendable {
    /// The root of the sidecar tree.
    let root: String
    /// The staging folder for temporary files (same file system).
    let staging: String

    /// The sidecar path of a key.
    func path(of key: FileStorageKey) -> String { root + "/" + key.key }

    /// The sidecar of a key, or `nil` when it is missing or unreadable.
    func read(_ key: FileStorageKey) -> FileStorageMetadata? {
        let fd = open(path(of: key), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { (try? FileStorageSystem.readAt(fd, into: $0, offset: 0, path: key.key)) ?? 0 }
        guard count > 0, count < bytes.count else { return nil }
        return try? JSONDecoder().decode(FileStorageMetadata.self, from: Data(bytes[0..<count]))
    }

    /// Writes a sidecar through a temporary file and a rename, without fsync. Best effort: a sidecar is a cache
    /// that is checked on every read, so a failure here only costs a later re-computation.
    func write(_ metadata: FileStorageMetadata, for key: FileStorageKey) {
        guard let data = try? JSONEncoder().encode(metadata) else { return }
        let temp = staging + "/meta-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let written = (try? data.withUnsafeBytes { try FileStorageSystem.writeAll(fd, $0, path: temp) }) != nil
        close(fd)
        do {
            for parent in key.parentPaths where written {
                _ = try FileStorageSystem.makeDirectory(root + "/" + parent, conflictMessage: "stale sidecar")
            }
            if written, rename(temp, path(of: key)) == 0 { return }
        } catch {
            // A stale sidecar file where a folder is needed: the object has no sidecar, which is allowed.
        }
        unlink(temp)
    }

    /// Removes a key's sidecar and the folders it leaves empty.
    func remove(_ key: FileStorageKey) {
        unlink(path(of: key))
        for parent in key.parentPaths.reversed() {
            guard FileStorageSystem.removeEmptyDirectory(root + "/" + parent) else { break }
        }
    }

    /// The metadata of the object open as `fd` with `info`: the sidecar when it still matches, else computed
    /// from the bytes (and the sidecar repaired).
    func metadata(of key: FileStorageKey, fd: Int32, info: stat) throws -> FileStorageMetadata {
        let stored = read(key)
        if let stored, stored.describes(info) { return stored }
        let etag = try Self.md5(fd: fd, path: key.key)
        let contentType = stored?.contentType ?? FileStorageMetadata.guessContentType(for: key.key)
        // The digest is kept: it records what was uploaded, so a file changed by hand must not inherit a new one.
        let metadata = FileStorageMetadata(etag: etag, contentType: contentType, sha256: stored?.sha256, info: info)
        write(metadata, for: key)
        return metadata
    }

    /// MD5 hex of a whole open file, read in 1 MiB chunks.
    static func md5(fd: Int32, path: String) throws -> String {
        let digest = StreamingDigest.md5()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while true {
            let count = try FileStorageSystem.readAt(fd, into: buffer, offset: offset, path: path)
            if count == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            offset += Int64(count)
        }
        return digest.finalizeHex()
    }
}
