import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import S3Signer
import Testing

/// A backend the storage contract suite runs against.
///
/// To add one: add a case, its `listingOrder`, and a branch in `StorageFixture.make(_:)` that returns a storage
/// on a fresh, empty bucket.
enum StorageBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `FileStorage` in a fresh temporary directory.
    case file
    /// `S3Storage` (its default transport, SwiftNIO) on a fresh bucket of a real SeaweedFS shared by the tests
    /// running at the same time.
    case s3
    /// The same over the libcurl transport.
    case s3Curl = "s3-curl"

    /// The order a listing must come in.
    var listingOrder: ListingOrder {
        switch self {
        case .file: .byteOrder
        case .s3, .s3Curl: .storeDefined
        }
    }

    /// Whether the backend is S3 (either transport).
    var isS3: Bool { self != .file }

    var testDescription: String { rawValue }
}

/// The order in which a backend lists keys.
enum ListingOrder: Sendable {
    /// UTF-8 byte order of the whole keys (AWS, MinIO, FileStorage).
    case byteOrder
    /// Complete and duplicate-free, in an order of the store's own (SeaweedFS lists folders before files).
    case storeDefined
}

/// A storage made for one test and the means to remove it.
struct StorageFixture: Sendable {
    /// The store under test, on a bucket of its own.
    let storage: any Storage
    /// The backend it came from.
    let backend: StorageBackend
    /// Removes what the fixture made.
    let cleanup: @Sendable () async -> Void

    /// Makes a fresh, empty store of the given backend.
    static func make(_ backend: StorageBackend) async throws -> StorageFixture {
        switch backend {
        case .file:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("datahub-contract-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let storage = FileStorage(directory: directory, bucket: "contract")
            try await storage.ensureBucket()
            return StorageFixture(storage: storage, backend: backend) {
                await storage.shutdown()
                try? FileManager.default.removeItem(atPath: directory)
            }
        case .s3, .s3Curl:
            let server = try await SharedSeaweedFS.shared.acquire()
            let storage = server.makeStorage(
                bucket: "contract-\(UUID().uuidString.prefix(8).lowercased())",
                workers: 8,
                transport: backend == .s3Curl ? .curl : .nio
            )
            do {
                try await storage.ensureBucket()
            } catch {
                await storage.shutdown()
                await SharedSeaweedFS.shared.release()
                throw error
            }
            return StorageFixture(storage: storage, backend: backend) {
                await storage.shutdown()
                await SharedSeaweedFS.shared.release()
            }
        }
    }
}

/// One SeaweedFS for the contract tests that run at the same time: started by the first user, stopped when the
/// last one releases it, so no server outlives the tests (bin/test.sh also kills any left in its pid dir).
actor SharedSeaweedFS {
    /// The one instance.
    static let shared = SharedSeaweedFS()

    private var starting: Task<SeaweedFSServer, any Error>?
    private var users = 0

    /// The running server, started if needed; pair each call with `release()`.
    func acquire() async throws -> SeaweedFSServer {
        users += 1
        let task = starting ?? Task { try await SeaweedFSServer.start() }
        starting = task
        do {
            return try await task.value
        } catch {
            await release()
            throw error
        }
    }

    /// Gives the server back; the last user stops it.
    func release() async {
        users -= 1
        guard users == 0, let task = starting else { return }
        starting = nil
        (try? await task.value)?.stop()
    }
}

/// Runs `body` with a fresh store of `backend`, and removes it afterwards whatever happens.
func withStorage(_ backend: StorageBackend, _ body: (any Storage) async throws -> Void) async throws {
    let fixture = try await StorageFixture.make(backend)
    do {
        try await body(fixture.storage)
    } catch {
        await fixture.cleanup()
        throw error
    }
    await fixture.cleanup()
}

/// Deterministic pseudo-random bytes (xorshift), so that a failure is reproducible.
func patternBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// MD5 hex of bytes.
func digestMD5(_ bytes: [UInt8]) -> String {
    let digest = StreamingDigest.md5()
    bytes.withUnsafeBytes { digest.update($0) }
    return digest.finalizeHex()
}

/// All the bytes of a (small) body.
func collectBytes(_ body: ObjectBody) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await chunk in body { bytes += chunk.readableBytesView }
    return bytes
}

/// Stores bytes from memory.
@discardableResult
func putBytes(
    _ storage: any Storage,
    _ key: String,
    _ bytes: [UInt8],
    type: String = "application/octet-stream",
    createOnly: Bool = true
) async throws -> String {
    try await storage.put(key: key, body: .buffer(ByteBuffer(bytes: bytes)), contentType: type, createOnly: createOnly)
}

/// Every page of a listing, with the size of each page.
func listAll(_ storage: any Storage, prefix: String, limit: Int) async throws -> (keys: [String], pageSizes: [Int]) {
    var keys: [String] = []
    var sizes: [Int] = []
    var cursor: String?
    for _ in 0..<10_000 {
        let page = try await storage.list(prefix: prefix, cursor: cursor, limit: limit)
        keys += page.objects.map(\.key)
        sizes.append(page.objects.count)
        guard let next = page.nextCursor else { return (keys, sizes) }
        cursor = next
    }
    Issue.record("the listing never ended")
    return (keys, sizes)
}

/// Expects `body` to throw a `StorageError` with `code`.
func expectStorageError<T>(
    _ code: StorageError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected a \(code) error, got success", sourceLocation: sourceLocation)
    } catch let error as StorageError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a StorageError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `operation` for each of `items` with at most `width` at a time.
func forEachConcurrently<T: Sendable>(_ items: [T], width: Int, _ operation: @escaping @Sendable (T) async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        var iterator = items.makeIterator()
        for _ in 0..<width {
            guard let item = iterator.next() else { break }
            group.addTask { try await operation(item) }
        }
        while try await group.next() != nil {
            if let item = iterator.next() { group.addTask { try await operation(item) } }
        }
    }
}
