import DataHubStorage
import Digests
import Foundation
import HTTPTypes
import NIOCore
import NIOFoundationEssentialsCompat

/// What an `Idempotency-Key` upload produced.
public struct IdempotentResult: Sendable {
    /// The stored object (the original one on a replay).
    public var object: CreatedObject
    /// True when the key had been seen before, so this answer repeats the original.
    public var replayed: Bool
}

extension DataService {
    /// The marker recorded for one idempotency key.
    struct IdempotencyMarker: Codable, Equatable {
        var filename: String
        var md5: String
        var size: Int64
        var created: Double
        /// The body's SHA-256; absent in markers written before digests were stored.
        var sha256: String?
    }

    /// Stores an upload at most once per idempotency key.
    ///
    /// The marker (key → name, body digest) is written create-only *before* the object, so two concurrent
    /// requests with one key agree on one name, and a retry after a crash or an outage between the two writes
    /// completes the same object instead of making a second one. The object write is create-only too; finding
    /// it already there with the same digest means a concurrent twin wrote it, which is success.
    /// - Parameters:
    ///   - sha256: the body's SHA-256 (lower-case hex): recorded in the marker and stored with the object.
    /// - Throws: `DataServiceError.Code.idempotencyKeyReused` when the key was used with another body; `StorageError`.
    public func createObjectIdempotently(
        body: PutBody,
        md5: String,
        sha256: String? = nil,
        prefix: String,
        idempotencyKey: String,
        now: Date = Date()
    ) async throws -> IdempotentResult {
        let markerKey = Self.reservedPrefix + "idempotency/" + Digest.hex(Digest.sha256(Array(idempotencyKey.utf8))) + ".json"
        let claimed = try await claimMarker(markerKey, created: \.created, now: now) {
            var rng = SystemRandomNumberGenerator()
            return IdempotencyMarker(
                filename: ObjectName.generate(prefix: prefix, date: now, random: &rng),
                md5: md5,
                size: body.length,
                created: now.timeIntervalSince1970,
                sha256: sha256
            )
        }
        let marker = claimed.marker
        let replayed = claimed.existed
        let sameDigest = marker.sha256 == nil || sha256 == nil || marker.sha256 == sha256
        guard marker.md5 == md5, marker.size == body.length, sameDigest else {
            throw DataServiceError(
                .idempotencyKeyReused,
                "this Idempotency-Key was already used with a different body; use a new key for new data"
            )
        }
        do {
            let etag = try await call("put") {
                try await self.storage.put(key: marker.filename, body: body, contentType: "application/json", createOnly: true, sha256: sha256)
            }
            let object = CreatedObject(key: marker.filename, size: body.length, etag: etag, sha256: sha256)
            return IdempotentResult(object: object, replayed: replayed)
        } catch let error as StorageError where error.code == .alreadyExists {
            let existing = try await head(key: marker.filename)
            guard existing.etag == md5 else { throw StorageError(.alreadyExists, "the recorded name holds other data", cause: marker.filename) }
            // An older marker has no digest; the body matched its MD5 and size, so this body's digest is the original's.
            let digest = existing.sha256 ?? marker.sha256 ?? sha256
            let object = CreatedObject(key: marker.filename, size: existing.size, etag: existing.etag, sha256: digest)
            return IdempotentResult(object: object, replayed: true)
        }
    }

    /// The live marker at `key`, or `fresh()` written there create-only. Two requests racing on one key agree
    /// on whichever marker was written first.
    /// - Returns: the marker in force, and whether it was there before this call.
    func claimMarker<Marker: Codable>(
        _ key: String,
        created: KeyPath<Marker, Double>,
        now: Date,
        fresh: () -> Marker
    ) async throws -> (marker: Marker, existed: Bool) {
        if let marker = try await readMarker(key, created: created, now: now) { return (marker, true) }
        let marker = fresh()
        let data = try JSONEncoder().encode(marker)
        do {
            _ = try await call("put") {
                try await self.storage.put(key: key, body: .buffer(ByteBuffer(bytes: data)), contentType: "application/json", createOnly: true)
            }
            return (marker, false)
        } catch let error as StorageError where error.code == .alreadyExists {
            guard let marker = try await readMarker(key, created: created, now: now) else {
                throw StorageError(.unavailable, "the idempotency marker vanished while it was being read; retry")
            }
            return (marker, true)
        }
    }

    /// Reads a marker; an expired one (by its `created` seconds since 1970) is deleted and reported as absent.
    func readMarker<Marker: Decodable>(_ key: String, created: KeyPath<Marker, Double>, now: Date) async throws -> Marker? {
        let download: ObjectDownload
        do {
            download = try await get(key: key)
        } catch let error as StorageError where error.code == .notFound {
            return nil
        }
        var buffer = ByteBuffer()
        for try await var chunk in download.body where buffer.readableBytes < 64 * 1024 { buffer.writeBuffer(&chunk) }
        guard let marker = try? JSONDecoder().decode(Marker.self, from: Data(buffer: buffer)) else {
            throw StorageError(.unavailable, "an idempotency marker is unreadable; retry with a new key", cause: key)
        }
        let ttl = Double(configuration.idempotencyTTL.components.seconds)
        if now.timeIntervalSince1970 - marker[keyPath: created] > ttl {
            try await call("delete") { try await self.storage.delete(key: key) }
            return nil
        }
        return marker
    }
}
