import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading a local file for upload on a thread of its own, so blocking file I/O never runs on the
/// cooperative pool or the screen thread.
enum LocalFile {
    /// Why a file could not be read; `message` is shown to the user.
    struct ReadError: Error, Equatable {
        /// What went wrong, naming the path.
        var message: String
    }

    /// The home directory as the shell knows it: `$HOME`, else the user database's.
    static var home: String {
        if let value = getenv("HOME"), value.pointee != 0 { return String(cString: value) }
        return NSHomeDirectory()
    }

    /// Replaces a leading `~` or `~/` by the home directory.
    static func expandTilde(_ path: String, home: String = LocalFile.home) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// Reads the whole file, refusing directories, unreadable files and files over `limit` bytes.
    static func read(_ path: String, limit: Int) async -> Result<[UInt8], ReadError> {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: readBlocking(path, limit: limit))
            }
        }
    }

    /// The blocking read (POSIX calls, so errors carry errno's text).
    static func readBlocking(_ path: String, limit: Int) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(ReadError(message: "cannot read the file: \(String(cString: strerror(errno))); nothing uploaded (\(path))"))
        }
        defer { close(fd) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, attributes[.type] as? FileAttributeType == .typeRegular else {
            return .failure(ReadError(message: "not a regular file; nothing uploaded (\(path))"))
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            return .failure(ReadError(message: "larger than the upload limit of \(Format.bytes(Int64(limit))); nothing uploaded (\(path))"))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + offset, $0.count - offset, off_t(offset)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                return .failure(ReadError(message: "cannot read the file: \(String(cString: strerror(errno))); nothing uploaded (\(path))"))
            }
            offset += n
        }
        return .success(bytes)
    }
}
