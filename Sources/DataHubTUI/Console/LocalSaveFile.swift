import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A local file being saved: the bytes go to a temporary file beside the target, which is renamed over the
/// target only once complete, and removed on any failure, so a save never leaves a partial file. Blocking
/// POSIX calls: run them off the screen thread and the cooperative pool (see `DashboardActions+Save`).
struct LocalSaveFile: Sendable {
    /// Why a save cannot go on; `message` is shown to the user and names the path.
    struct Failure: Error, Equatable {
        /// What went wrong.
        var message: String
    }

    /// Where a save goes, and whether something is there already.
    struct Target: Equatable, Sendable {
        /// The file to write.
        var path: String
        /// A file exists at `path`.
        var exists: Bool
    }

    /// The temporary file's descriptor.
    let descriptor: Int32
    /// The temporary file.
    let temporaryPath: String
    /// The file it becomes.
    let destination: String

    /// Resolves the typed (tilde-expanded) path: a folder, or a path ending in `/`, gets `name` appended.
    /// - Throws: `Failure` when the folder is missing, not a folder, not writable, or the target is a folder.
    static func resolve(_ path: String, name: String) throws(Failure) -> Target {
        guard !path.isEmpty else { throw Failure(message: "no path given") }
        var target = path
        if path.hasSuffix("/") || isDirectory(path) {
            target = (path.hasSuffix("/") ? String(path.dropLast()) : path) + "/" + name
        }
        let folder = folderOf(target)
        guard exists(folder) else { throw Failure(message: "no such folder: \(folder); nothing written") }
        guard isDirectory(folder) else { throw Failure(message: "not a folder: \(folder); nothing written") }
        guard access(folder, W_OK) == 0 else { throw Failure(message: "cannot write in \(folder): \(errorText()); nothing written") }
        guard !isDirectory(target) else { throw Failure(message: "\(target) is a folder; nothing written") }
        return Target(path: target, exists: exists(target))
    }

    /// Creates the temporary file (mode 0666 less the umask, like any new file) in the destination's folder.
    /// - Throws: `Failure` with the reason (errno's text).
    static func create(destination: String) throws(Failure) -> LocalSaveFile {
        let folder = folderOf(destination)
        let name = String(destination.split(separator: "/").last ?? "save")
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = (folder == "/" ? "" : folder) + "/.\(name).datahub-\(random).part"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw Failure(message: "cannot create a file in \(folder): \(errorText()); nothing written") }
        return LocalSaveFile(descriptor: fd, temporaryPath: temporary, destination: destination)
    }

    /// Appends every readable byte of `buffer`, retrying short writes and interrupted calls.
    /// - Throws: `Failure` (disk full, I/O error).
    func write(_ buffer: ByteBuffer) throws(Failure) {
        var failure: Failure?
        buffer.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(message: "cannot write \(destination): \(Self.errorText()); nothing written")
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Flushes, closes and renames the temporary file over the destination; on failure the temporary file is
    /// removed. Without `replacing`, a file that appeared at the destination meanwhile is left alone.
    /// - Throws: `Failure`.
    func commit(replacing: Bool) throws(Failure) {
        let synced = fsync(descriptor) == 0 ? nil : Self.errorText()
        let closed = Glibc.close(descriptor) == 0 || errno == EINTR ? nil : Self.errorText()
        if let reason = synced ?? closed {
            unlink(temporaryPath)
            throw Failure(message: "cannot write \(destination): \(reason); nothing written")
        }
        if !replacing && Self.exists(destination) {
            unlink(temporaryPath)
            throw Failure(message: "\(destination) appeared meanwhile; left as it was, nothing written")
        }
        guard rename(temporaryPath, destination) == 0 else {
            let reason = Self.errorText()
            unlink(temporaryPath)
            throw Failure(message: "cannot write \(destination): \(reason); nothing written")
        }
    }

    /// Closes and removes the temporary file after a failure before `commit`. Never throws.
    func discard() {
        _ = Glibc.close(descriptor)
        unlink(temporaryPath)
    }

    /// The folder part of a path ("." for a bare name).
    static func folderOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func exists(_ path: String) -> Bool {
        // A dangling symbolic link exists too: it is what a rename would replace.
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
