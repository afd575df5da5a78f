import Foundation
import NIOCore

/// The object store DataHub keeps its data in. `S3Storage` and `FileStorage` conform and pass
/// the same contract suite; the HTTP routes and the dashboard only ever see this protocol.
///
/// Keys reaching a `Storage` have already passed `ObjectName.validate`; implementations still refuse
/// keys that could escape their namespace. Every method throws `StorageError`.
public protocol Storage: Sendable {
    /// The bucket (or, for files, the directory name) this store writes to.
    var bucket: String { get }
    /// A human description of where the data lives, without secrets (`http://127.0.0.1:9000`, `file:///srv/data`).
    var location: String { get }

    /// Makes sure the bucket exists, creating it if missing.
    func ensureBucket() async throws
    /// A cheap check that the bucket answers, bounded by the health timeout. Runs on its own thread and
    /// connection so that a busy worker pool never delays it. Throws `.notFound` when the bucket is gone.
    func probe() async throws
    /// Stores a new object. With `createOnly`, an existing key is never overwritten (`.alreadyExists`).
    /// - Parameters:
    ///   - sha256: the SHA-256 of `body` (lower-case hex), kept with the object and reported by `head` and `get`;
    ///     `nil` stores none. The store does not check it: the caller computed it from these bytes.
    /// - Returns: the new object's entity tag (hex, no quotes).
    func put(key: String, body: PutBody, contentType: String, createOnly: Bool, sha256: String?) async throws -> String
    /// Describes one object (`.notFound` when absent); `sha256` is the stored digest, if any.
    func head(key: String) async throws -> ObjectInfo
    /// Starts a download; returns once the store has answered with headers. `range` holds inclusive offsets
    /// already checked against the object's size.
    func get(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload
    /// Deletes one object. Deleting a missing key is not an error here (S3 answers 204 for it).
    func delete(key: String) async throws
    /// One page of keys under `prefix` (a folder ending in `/`, or empty), at most `limit` (1...1000).
    func list(prefix: String, cursor: String?, limit: Int) async throws -> ListPage
    /// One page of one folder level under `prefix` (`delimiter` `/`): the sub-folders and the objects
    /// directly under it, at most `limit` (1...1000) entries together. A folder appears in one page only.
    func listFolder(prefix: String, cursor: String?, limit: Int) async throws -> FolderPage
    /// Releases connections and threads. Called once at shutdown.
    func shutdown() async
}

extension Storage {
    /// Stores a new object without a stored digest.
    /// - Returns: the new object's entity tag (hex, no quotes).
    public func put(key: String, body: PutBody, contentType: String, createOnly: Bool) async throws -> String {
        try await put(key: key, body: body, contentType: contentType, createOnly: createOnly, sha256: nil)
    }
}
