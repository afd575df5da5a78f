public import Foundation
public import NIOCore

/// Metadata of one stored object, as a listing or a HEAD reports it.
public struct ObjectInfo: Sendable, Equatable {
    /// The whole object key, folders included (`reports/2026/data_….json`).
    public var key: String
    /// Size in bytes of the whole object.
    public var size: Int64
    /// When the store last wrote the object.
    public var lastModified: Date
    /// The entity tag as hex, without quotes (MD5 of the bytes for single-part objects).
    public var etag: String
    /// The content type the object was stored with; `nil` when the store does not say (listings).
    public var contentType: String?

    /// Creates object metadata.
    public init(key: String, size: Int64, lastModified: Date, etag: String, contentType: String? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.etag = etag
        self.contentType = contentType
    }
}

/// One page of a listing.
public struct ListPage: Sendable, Equatable {
    /// The objects of this page, in the store's own order.
    public var objects: [ObjectInfo]
    /// An opaque token for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(objects: [ObjectInfo], nextCursor: String?) {
        self.objects = objects
        self.nextCursor = nextCursor
    }
}

/// The bytes of an upload: always of known length (S3 refuses a PUT without `Content-Length`).
public enum PutBody: Sendable {
    /// Bytes held in memory.
    case buffer(ByteBuffer)
    /// Bytes spooled to a file; `length` is the file's size.
    case file(path: String, length: Int64)

    /// The number of bytes the body holds.
    public var length: Int64 {
        switch self {
        case .buffer(let buffer): Int64(buffer.readableBytes)
        case .file(_, let length): length
        }
    }
}

/// A download in progress: the object's metadata and its bytes as they arrive.
public struct ObjectDownload: Sendable {
    /// Metadata from the response headers; `size` is the size of the whole object.
    public var info: ObjectInfo
    /// The byte range served (inclusive offsets) when one was asked for, else `nil`.
    public var range: ClosedRange<Int64>?
    /// The bytes. Iterate it to the end, or drop it to abort the transfer.
    public var body: ObjectBody

    /// Creates a download.
    public init(info: ObjectInfo, range: ClosedRange<Int64>?, body: ObjectBody) {
        self.info = info
        self.range = range
        self.body = body
    }
}

/// A type-erased stream of body chunks. A transfer that fails half-way throws from `next()`,
/// so a consumer never mistakes a cut body for a whole one.
public struct ObjectBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    /// A small object arrives whole: it is held directly, without boxing a sequence and its iterator (this is on
    /// every read of one).
    private enum Source: Sendable {
        case single(ByteBuffer?)
        case sequence(any (AsyncSequence<ByteBuffer, any Error> & Sendable))
    }

    private let source: Source

    /// Wraps any sequence of byte buffers.
    public init(_ base: some AsyncSequence<ByteBuffer, any Error> & Sendable) {
        self.source = .sequence(base)
    }

    private init(source: Source) {
        self.source = source
    }

    /// A body that yields one buffer.
    public static func single(_ buffer: ByteBuffer) -> ObjectBody {
        ObjectBody(source: .single(buffer.readableBytes > 0 ? buffer : nil))
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .single(let buffer): AsyncIterator(single: buffer, base: nil)
        case .sequence(let base): AsyncIterator(single: nil, base: base.makeAsyncIterator())
        }
    }

    /// Yields the one buffer, or iterates the underlying sequence.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var single: ByteBuffer?
        var base: (any AsyncIteratorProtocol<ByteBuffer, any Error>)?

        public mutating func next() async throws -> ByteBuffer? {
            guard base != nil else {
                defer { single = nil }
                return single
            }
            return try await base?.next() ?? nil
        }
    }
}

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
    /// - Returns: the new object's entity tag (hex, no quotes).
    func put(key: String, body: PutBody, contentType: String, createOnly: Bool) async throws -> String
    /// Describes one object (`.notFound` when absent).
    func head(key: String) async throws -> ObjectInfo
    /// Starts a download; returns once the store has answered with headers. `range` holds inclusive offsets
    /// already checked against the object's size.
    func get(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload
    /// Deletes one object. Deleting a missing key is not an error here (S3 answers 204 for it).
    func delete(key: String) async throws
    /// One page of keys under `prefix` (a folder ending in `/`, or empty), at most `limit` (1...1000).
    func list(prefix: String, cursor: String?, limit: Int) async throws -> ListPage
    /// Releases connections and threads. Called once at shutdown.
    func shutdown() async
}
