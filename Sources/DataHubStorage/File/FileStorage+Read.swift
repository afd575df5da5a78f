import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        return ObjectInfo(
            key: key,
            size: Int64(info.st_size),
            lastModified: date,
            etag: metadata.etag,
            contentType: metadata.contentType,
            sha256: metadata.sha256
        )
    }
}
