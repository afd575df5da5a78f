#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls FileStorage makes, each turning `errno` into a `StorageError`.
/// Every function here blocks: call them only from FileStorage's thread pool.
enum FileStorageSystem {
    /// The `errno` of the last failed call, with its name for logs.
    static func errnoCause(_ call: String, _ path: String? = nil) -> String {
        let code = errno
        let text = String(cString: strerror(code))
        return path.map { "\(call)(\($0)): errno \(code) \(text)" } ?? "\(call): errno \(code) \(text)"
    }

    /// The error for a failed call that has no more specific meaning: disk full, permissions, anything else.
    static func ioError(_ what: String, _ call: String, _ path: String) -> StorageError {
        let code = errno
        let cause = errnoCause(call, path)
        switch code {
        case ENOSPC, EDQUOT:
            return StorageError(.io, "The data directory is full while \(what); free some space and retry.", cause: cause)
        case EACCES, EPERM, EROFS:
            return StorageError(.io, "DataHub may not write to its data directory while \(what); check its permissions.", cause: cause)
        case ENAMETOOLONG:
            return StorageError(.invalidName, "The object name is too long for the file system.", cause: cause)
        default:
            return StorageError(.io, "A file operation failed while \(what).", cause: cause)
        }
    }

    /// `stat` of a path without following a final symlink; `nil` when nothing is there.
    static func lstatOrNil(_ path: String) throws -> stat? {
        var info = stat()
        if lstat(path, &info) == 0 { return info }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw ioError("reading file metadata", "lstat", path)
    }

    /// Whether a `stat` describes a regular file.
    static func isRegular(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFREG }

    /// Whether a `stat` describes a directory.
    static func isDirectory(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFDIR }

    /// Modification time in nanoseconds since the epoch.
    static func mtimeNanoseconds(_ info: stat) -> Int64 {
        #if canImport(Glibc)
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #else
        Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #endif
    }

    /// Change time in nanoseconds since the epoch.
    static func ctimeNanoseconds(_ info: stat) -> Int64 {
        #if canImport(Glibc)
        Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        #else
        Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
        #endif
    }

    /// Opens a file for reading, refusing a final symlink.
    static func openForReading(_ path: String) throws -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd >= 0 { return fd }
        if errno == ENOENT || errno == ENOTDIR || errno == ELOOP { return nil }
        throw ioError("opening a file", "open", path)
    }

    /// Writes all of `bytes` at the file's current offset, retrying short writes and `EINTR`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let written = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw ioError("writing an object", "write", path)
            }
            done += written
        }
    }

    /// Reads up to `count` bytes at `offset`, retrying `EINTR`; returns 0 at end of file.
    static func readAt(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, offset: Int64, path: String) throws -> Int {
        while true {
            let count = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw ioError("reading an object", "pread", path) }
        }
    }

    /// Flushes a file or directory to disk.
    static func sync(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 { throw ioError("flushing to disk", "fsync", path) }
    }

    /// Flushes a directory's entries to disk, so that a rename or link in it survives a crash. A folder that is
    /// gone meanwhile (a delete pruned it) has nothing left to flush.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 && (errno == ENOENT || errno == ENOTDIR) { return }
        guard fd >= 0 else { throw ioError("flushing a folder", "open", path) }
        defer { close(fd) }
        try sync(fd, path: path)
    }

    /// Creates one directory; returns `false` when it already existed as a directory.
    /// - Throws: `.nameConflict` when a file holds the name, `.notFound` when the parent is gone.
    static func makeDirectory(_ path: String, conflictMessage: @autoclosure () -> String) throws -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        switch errno {
        case EEXIST:
            if let info = try lstatOrNil(path), isDirectory(info) { return false }
            throw StorageError(.nameConflict, conflictMessage(), cause: "mkdir(\(path)): a file holds the name")
        case ENOTDIR:
            throw StorageError(.nameConflict, conflictMessage(), cause: errnoCause("mkdir", path))
        case ENOENT:
            throw StorageError(.notFound, "The folder \(path) vanished while writing; retry.", cause: errnoCause("mkdir", path))
        default:
            throw ioError("creating a folder", "mkdir", path)
        }
    }

    /// Creates `path` and any missing parents (like `mkdir -p`); never fails when it exists as a directory.
    static func makeDirectories(_ path: String) throws {
        var current = path.hasBytePrefix("/") ? "" : "."
        for part in path.splitAtSlashes(omittingEmpty: true) {
            current += "/" + part
            _ = try makeDirectory(current, conflictMessage: "\(current) exists and is not a folder.")
        }
    }

    /// Removes a file; `true` when it was there.
    static func removeFile(_ path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT || errno == ENOTDIR || errno == EISDIR { return false }
        throw ioError("deleting an object", "unlink", path)
    }

    /// Removes an empty directory; `false` when it is not empty or not there.
    static func removeEmptyDirectory(_ path: String) -> Bool {
        rmdir(path) == 0
    }

    /// Whether a path is a directory we can read, write and enter.
    static func isUsableDirectory(_ path: String) -> Bool {
        access(path, R_OK | W_OK | X_OK) == 0
    }
}
