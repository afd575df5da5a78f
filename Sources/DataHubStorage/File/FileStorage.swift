import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded object store: each object is a plain file under `<directory>/<bucket>/<key>`.
///
/// Layout under `directory`:
/// - `<bucket>/…`: the objects, byte for byte; folders are created on write and pruned when emptied.
/// - `.<bucket>.meta/…`: a sidecar per object with its ETag and content type (see `FileStorageMetadata`).
/// - `.<bucket>.tmp/`: uploads being written. A write goes to a temporary file there, is flushed with `fsync`,
///   then appears under its key in one step: `link(2)` for create-only writes (so that of two racing writers
///   exactly one wins) or `rename(2)` otherwise. A crash never leaves a partial object visible.
///
/// All file I/O runs on a thread pool the storage owns, never on an event loop or the cooperative pool;
/// `probe()` has a thread of its own. For one machine only: two processes may share the directory safely
/// (writes are atomic), but the listing cache and the sidecars assume one writer is the common case.
public final class FileStorage: Storage {
    /// The bucket, which is the name of the objects' folder inside `directory`.
    public let bucket: String
    /// `file://` URL of the objects' folder.
    public var location: String { "file://" + root }

    /// The folder holding the objects.
    let root: String
    /// The folder holding temporary files while they are written.
    let staging: String
    /// The sidecar tree.
    let sidecars: FileStorageSidecars
    /// Sorted folder contents kept between listing pages.
    let listingCache: FileStorageListingCache
    /// The threads that do every blocking call.
    let pool: NIOThreadPool
    /// Serialises creating folders + linking an object against pruning emptied folders, so a delete can never
    /// remove a folder between a put's `mkdir` and its `link`. Held only across those few syscalls.
    let treeLock = NIOLock()
    private let probePool: NIOThreadPool

    /// The size of the chunks a download yields.
    static let chunkSize = 256 * 1024

    /// Creates a store over `directory`; call `ensureBucket()` before use.
    /// - Parameters:
    ///   - directory: the data directory (`--data-dir`); relative paths are taken from the current directory.
    ///   - bucket: the name of the objects' folder inside it; must not start with `.` nor contain `/`.
    ///   - threads: the size of the I/O thread pool.
    public init(directory: String, bucket: String = "analytics-data", threads: Int = 4) {
        precondition(!bucket.isEmpty && !bucket.hasPrefix(".") && !bucket.contains("/"), "invalid bucket name")
        let base = Self.absolute(directory)
        self.bucket = bucket
        self.root = base + "/" + bucket
        self.staging = base + "/." + bucket + ".tmp"
        self.sidecars = FileStorageSidecars(root: base + "/." + bucket + ".meta", staging: staging)
        self.listingCache = FileStorageListingCache()
        self.pool = NIOThreadPool(numberOfThreads: max(1, threads))
        self.probePool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        probePool.start()
    }

    /// Creates the objects', sidecars' and staging folders when missing, and clears stale temporary files.
    public func ensureBucket() async throws {
        try await run { [root, staging, sidecars] in
            for path in [root, sidecars.root, staging] {
                try FileStorageSystem.makeDirectories(path)
            }
            Self.removeStaleTemporaryFiles(in: staging)
        }
    }

    /// Checks that the objects' folder exists and is readable and writable, on a thread of its own.
    public func probe() async throws {
        try await run(on: probePool) { [root] in
            guard let info = try FileStorageSystem.lstatOrNil(root), FileStorageSystem.isDirectory(info) else {
                throw StorageError(.notFound, "The data folder \(root) does not exist.")
            }
            guard FileStorageSystem.isUsableDirectory(root) else {
                throw StorageError(
                    .io,
                    "DataHub may not read and write \(root); check its permissions.",
                    cause: FileStorageSystem.errnoCause("access", root)
                )
            }
        }
    }

    /// Stores an object atomically; see the type's documentation.
    public func put(key: String, body: PutBody, contentType: String, createOnly: Bool, sha256: String?) async throws -> String {
        let key = try FileStorageKey(key)
        return try await run { try self.writeObject(key, body: body, contentType: contentType, createOnly: createOnly, sha256: sha256) }
    }

    /// Describes one object.
    public func head(key: String) async throws -> ObjectInfo {
        let key = try FileStorageKey(key)
        return try await run {
            guard let object = try self.openObject(key) else { throw Self.notFound(key) }
            defer { close(object.fd) }
            return object.info
        }
    }

    /// Opens an object and streams it in chunks read on the thread pool.
    public func get(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        let key = try FileStorageKey(key)
        let object: OpenObject = try await run {
            guard let object = try self.openObject(key) else { throw Self.notFound(key) }
            return object
        }
        let file = FileStorageReader(fd: object.fd, path: key.key)
        let size = object.info.size
        if let range, range.lowerBound < 0 || range.upperBound >= size {
            throw StorageError(.invalidRange, "The range \(range) lies outside the object's \(size) bytes.")
        }
        let span = range.map { $0.lowerBound..<($0.upperBound + 1) } ?? 0..<size
        let body = FileStorageChunks(file: file, span: span, pool: pool, chunkSize: Self.chunkSize)
        return ObjectDownload(info: object.info, range: range, body: ObjectBody(body))
    }

    /// Deletes an object and prunes the folders it leaves empty; a missing key is not an error.
    public func delete(key: String) async throws {
        let key = try FileStorageKey(key)
        try await run { try self.removeObject(key) }
    }

    /// One page of the listing in UTF-8 byte order of the keys; see `FileStorage+List.swift`.
    public func list(prefix: String, cursor: String?, limit: Int) async throws -> ListPage {
        guard (1...1000).contains(limit) else {
            throw StorageError(.badRequest, "The listing limit must be between 1 and 1000, not \(limit).")
        }
        let after = try cursor.map(FileStorageCursor.decode)
        let folder = try FileStorageKey.splitPrefix(prefix)
        return try await run { try self.listPage(folder: folder, after: after, limit: limit) }
    }

    /// One folder level under `prefix`; the cursor is the last entry (a folder with its `/`) of the previous page.
    public func listFolder(prefix: String, cursor: String?, limit: Int) async throws -> FolderPage {
        guard (1...1000).contains(limit) else {
            throw StorageError(.badRequest, "The listing limit must be between 1 and 1000, not \(limit).")
        }
        let after = try cursor.map(FileStorageCursor.decode)
        let folder = try FileStorageKey.splitPrefix(prefix)
        return try await run { try self.folderPage(folder: folder, after: after, limit: limit) }
    }

    /// Stops the thread pools. Downloads still running fail with `.unavailable`.
    public func shutdown() async {
        try? await pool.shutdownGracefully()
        try? await probePool.shutdownGracefully()
    }

    /// Runs blocking work on a pool, turning a stopped pool or a cancelled task into `StorageError`.
    func run<T: Sendable>(on pool: NIOThreadPool? = nil, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await (pool ?? self.pool).runIfActive(body)
        } catch let error as StorageError {
            throw error
        } catch is CancellationError {
            throw StorageError(.unavailable, "The storage call was cancelled.", cause: "CancellationError")
        } catch {
            throw StorageError(.unavailable, "The file store is shut down.", cause: String(describing: error))
        }
    }

    /// The error for a missing object.
    static func notFound(_ key: FileStorageKey) -> StorageError {
        StorageError(.notFound, "No object is named '\(key.key)'.")
    }

    private static func absolute(_ directory: String) -> String {
        let path = directory.isEmpty ? "." : directory
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let trimmed = URL(fileURLWithPath: full).standardizedFileURL.path
        return trimmed.count > 1 && trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    private static func removeStaleTemporaryFiles(in staging: String) {
        let cutoff = Date().addingTimeInterval(-3600)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []
        for name in names {
            let path = staging + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if let modified, modified < cutoff { unlink(path) }
        }
    }
}
