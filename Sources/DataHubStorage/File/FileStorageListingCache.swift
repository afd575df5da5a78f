import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sorted folder contents kept between listing pages, so that paging through a folder of 100,000 objects
/// reads and sorts it once instead of once per page.
///
/// An entry is reused only while the folder's inode, mtime and ctime are unchanged, and only if, when it was
/// read, its mtime was at least two seconds old: a folder changed within the file system's timestamp
/// granularity right after we read it would otherwise look unchanged ("racy" timestamps, as in git's index).
/// A folder that keeps changing is therefore read again for each page, which is correct and O(n log n).
final class FileStorageListingCache: Sendable {
    private struct Stamp: Equatable {
        var inode: UInt64
        var mtime: Int64
        var ctime: Int64
    }

    private struct Cached {
        var stamp: Stamp
        var entries: [FileStorageEntry]
    }

    private let folders = NIOLockedValueBox<[String: Cached]>([:])
    private let capacity: Int

    /// Creates a cache of at most `capacity` folders.
    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The entries of a folder, sorted by `sortKey` bytes; `nil` when it does not exist. Blocks.
    func entries(of path: String) throws -> [FileStorageEntry]? {
        guard let dir = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileStorageSystem.ioError("listing a folder", "opendir", path)
        }
        defer { closedir(dir) }
        var info = stat()
        guard fstat(dirfd(dir), &info) == 0 else { throw FileStorageSystem.ioError("listing a folder", "fstat", path) }
        let stamp = Stamp(
            inode: UInt64(info.st_ino),
            mtime: FileStorageSystem.mtimeNanoseconds(info),
            ctime: FileStorageSystem.ctimeNanoseconds(info)
        )
        if let cached = folders.withLockedValue({ $0[path] }), cached.stamp == stamp { return cached.entries }
        let entries = try Self.read(dir, path: path)
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        if now - stamp.mtime > 2_000_000_000 {
            folders.withLockedValue { folders in
                if folders.count >= capacity { folders.removeAll(keepingCapacity: true) }
                folders[path] = Cached(stamp: stamp, entries: entries)
            }
        }
        return entries
    }

    private static func read(_ dir: OpaquePointer, path: String) throws -> [FileStorageEntry] {
        var entries: [FileStorageEntry] = []
        errno = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            guard name != [0x2E], name != [0x2E, 0x2E], String(validating: name, as: UTF8.self) != nil else { continue }
            var isDirectory: Bool
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_REG): isDirectory = false
            case Int32(DT_UNKNOWN):
                let full = path + "/" + String(decoding: name, as: UTF8.self)
                guard let info = try FileStorageSystem.lstatOrNil(full) else { continue }
                if FileStorageSystem.isDirectory(info) {
                    isDirectory = true
                } else if FileStorageSystem.isRegular(info) {
                    isDirectory = false
                } else {
                    continue
                }
            default: continue  // symlinks, sockets, devices are never objects
            }
            entries.append(FileStorageEntry(sortKey: isDirectory ? name + [0x2F] : name, isDirectory: isDirectory))
        }
        if errno != 0 { throw FileStorageSystem.ioError("listing a folder", "readdir", path) }
        entries.sort { FileStorageBytes.less($0.sortKey, $1.sortKey) }
        return entries
    }
}
