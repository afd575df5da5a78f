import NIOConcurrencyHelpers
import NIOCore
import S3Signer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileStorage {
    /// Writes an object: temporary file, fsync, then `link` (create-only) or `rename` into place, fsync of the
    /// folders touched, and the sidecar (with `sha256`, when given) last. Runs on the thread pool.
    func writeObject(_ key: FileStorageKey, body: PutBody, contentType: String, createOnly: Bool, sha256: String?) throws -> String {
        try requireRoot()
        let temp = try FileStorageTempFile(in: staging)
        defer { temp.discard() }
        let etag = try temp.write(body)
        let info = try temp.flush()
        try commit(temp.path, as: key, createOnly: createOnly)
        sidecars.write(FileStorageMetadata(etag: etag, contentType: contentType, sha256: sha256, info: info), for: key)
        return etag
    }

    /// Removes an object, its sidecar and the folders left empty. Runs on the thread pool.
    func removeObject(_ key: FileStorageKey) throws {
        try requireRoot()
        _ = try FileStorageSystem.removeFile(objectPath(key))
        sidecars.remove(key)
        treeLock.withLock {
            for parent in key.parentPaths.reversed() {
                guard FileStorageSystem.removeEmptyDirectory(root + "/" + parent) else { break }
            }
        }
    }

    /// Makes the finished temporary file visible under `key`. A delete may prune a folder between our `mkdir`
    /// and our `link`, so that case is retried a few times.
    private func commit(_ tempPath: String, as key: FileStorageKey, createOnly: Bool) throws {
        let destination = objectPath(key)
        for attempt in 1...5 {
            let (created, result, code) = try treeLock.withLock {
                let created = try makeParents(of: key)
                let result = createOnly ? link(tempPath, destination) : rename(tempPath, destination)
                return (created, result, errno)
            }
            if result == 0 {
                let touched = created.map(Self.parent(of:)) + [Self.parent(of: destination)]
                for folder in touched { try FileStorageSystem.syncDirectory(folder) }
                return
            }
            switch code {
            case ENOENT where attempt < 5:
                continue
            case EEXIST where createOnly:
                if let info = try FileStorageSystem.lstatOrNil(destination), FileStorageSystem.isDirectory(info) {
                    throw folderConflict(key)
                }
                throw StorageError(.alreadyExists, "An object named '\(key.key)' already exists; it was not overwritten.")
            case EISDIR, EEXIST, ENOTEMPTY, ENOTDIR:
                throw folderConflict(key)
            case EPERM where createOnly, EOPNOTSUPP where createOnly:
                throw StorageError(
                    .io,
                    "The data folder's file system does not support hard links, which create-only writes need.",
                    cause: FileStorageSystem.errnoCause("link", destination)
                )
            default:
                throw FileStorageSystem.ioError("storing '\(key.key)'", createOnly ? "link" : "rename", destination)
            }
        }
        throw StorageError(.io, "The folder for '\(key.key)' kept vanishing while it was written; retry.")
    }

    /// Creates the key's missing folders; returns the paths it created.
    private func makeParents(of key: FileStorageKey) throws -> [String] {
        var created: [String] = []
        for parent in key.parentPaths {
            let path = root + "/" + parent
            let message = "'\(key.key)' needs a folder '\(parent)', but an object of that name exists; choose another name."
            if try FileStorageSystem.makeDirectory(path, conflictMessage: message) { created.append(path) }
        }
        return created
    }

    private func folderConflict(_ key: FileStorageKey) -> StorageError {
        StorageError(.nameConflict, "'\(key.key)' is a folder holding other objects, so no object can have that name; choose another name.")
    }

    private static func parent(of path: String) -> String {
        let bytes = path.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == bytes.startIndex ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }
}
