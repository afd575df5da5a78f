import DataHubStorage
import Digests
import Foundation
import NIOCore

extension DataService {
    /// PUTs in flight for one batch: enough to hide the store's round trip, and half the default S3 worker pool
    /// (32), so one batch never starves the other requests.
    static let batchConcurrency = 16

    /// What an idempotent batch records before its first PUT: the body's digests and how its names were drawn.
    struct BatchMarker: Codable {
        var md5: String
        var sha256: String
        var size: Int64
        var count: Int
        var prefix: String
        var micros: Int64
        var draw: UInt64
        var created: Double
    }

    /// How a batch names its documents: line `i` (0-based among documents) at `micros + i` with one random part,
    /// so the names increase in line order and a retry rebuilds the same ones.
    struct BatchNaming: Sendable {
        var prefix: String
        var micros: Int64
        var draw: UInt64

        /// The name of document `index`, with the batch's random part or another one.
        func name(_ index: Int, draw: UInt64? = nil) -> String {
            ObjectName.generate(prefix: prefix, micros: micros + Int64(index), draw: draw ?? self.draw)
        }
    }

    /// Stores every document of a batch create-only with its SHA-256, names increasing in line order, at most
    /// ``batchConcurrency`` PUTs at a time.
    /// - Parameters:
    ///   - idempotencyKey: with one, the names are recorded before the first PUT, so a retry of the same body
    ///     rebuilds them and stores only the documents still missing.
    /// - Returns: the stored documents in line order.
    /// - Throws: `BatchError.partlyStored` (with what was stored) when a PUT fails; `DataServiceError`
    ///   `.idempotencyKeyReused` for a known key with another body; `StorageError` before any document is stored.
    public func createBatch(_ batch: SpooledBatch, prefix: String, idempotencyKey: String?, now: Date = Date()) async throws -> [CreatedObject] {
        var random = SystemRandomNumberGenerator()
        var naming = BatchNaming(
            prefix: prefix,
            micros: Int64((now.timeIntervalSince1970 * 1_000_000).rounded()),
            draw: random.next(upperBound: ObjectName.randomChoices)
        )
        if let idempotencyKey {
            let key = Self.reservedPrefix + "idempotency/batch-" + Digest.hex(Digest.sha256(Array(idempotencyKey.utf8))) + ".json"
            let upload = batch.upload
            let fresh = BatchMarker(
                md5: upload.md5,
                sha256: upload.sha256,
                size: upload.length,
                count: batch.lines.count,
                prefix: prefix,
                micros: naming.micros,
                draw: naming.draw,
                created: now.timeIntervalSince1970
            )
            let marker = try await claimMarker(key, created: \.created, now: now) { fresh }.marker
            guard marker.md5 == upload.md5, marker.sha256 == upload.sha256, marker.size == upload.length, marker.count == batch.lines.count else {
                throw DataServiceError(
                    .idempotencyKeyReused,
                    "this Idempotency-Key was already used with a different batch; use a new key for new data"
                )
            }
            naming = BatchNaming(prefix: marker.prefix, micros: marker.micros, draw: marker.draw)
        }
        do {
            try ObjectName.validateKey(naming.name(batch.lines.count - 1))
        } catch {
            throw StorageError(.invalidName, "the prefix is too long for a new name: \(error)")
        }
        return try await storeDocuments(batch, naming: naming, idempotent: idempotencyKey != nil)
    }

    /// The PUTs of a batch, in line order with a bounded window. After a failure no new PUT starts, the ones in
    /// flight finish, and the error lists exactly the documents stored.
    private func storeDocuments(_ batch: SpooledBatch, naming: BatchNaming, idempotent: Bool) async throws -> [CreatedObject] {
        var stored = [CreatedObject?](repeating: nil, count: batch.lines.count)
        var failure: (any Error)?
        await withTaskGroup(of: (Int, Result<CreatedObject, any Error>).self) { group in
            var inFlight = 0
            func record(_ done: (Int, Result<CreatedObject, any Error>)) {
                inFlight -= 1
                switch done.1 {
                case .success(let object): stored[done.0] = object
                case .failure(let error): failure = failure ?? error
                }
            }
            groups: for range in batch.groups() {
                let documents: [ByteBuffer]
                do {
                    documents = try await batch.read(range)
                } catch {
                    failure = error
                    break
                }
                for (index, document) in zip(range, documents) {
                    if inFlight == Self.batchConcurrency, let done = await group.next() { record(done) }
                    if failure != nil { break groups }
                    group.addTask { (index, await self.storeDocument(document, index: index, naming: naming, idempotent: idempotent)) }
                    inFlight += 1
                }
            }
            while let done = await group.next() { record(done) }
        }
        if let failure { throw BatchError.partlyStored(stored: stored.compactMap { $0 }, cause: failure) }
        return stored.map { $0! }
    }

    /// One create-only PUT. Idempotent, a name already holding these bytes (same MD5) was stored by an earlier
    /// attempt; otherwise a name collision (practically impossible) draws another random part for this line.
    private func storeDocument(_ document: ByteBuffer, index: Int, naming: BatchNaming, idempotent: Bool) async -> Result<CreatedObject, any Error> {
        let (md5, sha256) = document.withUnsafeReadableBytes { bytes in
            let md5 = StreamingDigest.md5()
            md5.update(bytes)
            return (md5.finalizeHex(), Digest.sha256Hex(bytes))
        }
        var key = naming.name(index)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            do {
                let name = key
                let etag = try await call("put") {
                    try await self.storage.put(key: name, body: .buffer(document), contentType: "application/json", createOnly: true, sha256: sha256)
                }
                return .success(CreatedObject(key: key, size: Int64(document.readableBytes), etag: etag, sha256: sha256))
            } catch let error as StorageError where error.code == .alreadyExists {
                guard idempotent else {
                    key = naming.name(index, draw: random.next(upperBound: ObjectName.randomChoices))
                    continue
                }
                do {
                    let existing = try await head(key: key)
                    guard existing.etag == md5 else { throw StorageError(.alreadyExists, "the recorded name holds other data", cause: key) }
                    return .success(CreatedObject(key: key, size: existing.size, etag: existing.etag, sha256: existing.sha256 ?? sha256))
                } catch {
                    return .failure(error)
                }
            } catch {
                return .failure(error)
            }
        }
        return .failure(StorageError(.unavailable, "could not find a free object name; retry", cause: "5 name collisions"))
    }
}
