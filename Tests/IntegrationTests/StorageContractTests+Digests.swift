import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import Testing

/// The stored SHA-256 (S3 user metadata `x-amz-meta-datahub-sha256`, FileStorage's sidecar), on every backend.
extension StorageContractTests {
    @Test(arguments: StorageBackend.allCases)
    func aDigestGivenToPutComesBackFromHeadAndGet(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            let bytes = patternBytes(4096, seed: 17)
            let digest = Digest.hex(Digest.sha256(bytes))
            _ = try await storage.put(
                key: "digest/with.bin",
                body: .buffer(ByteBuffer(bytes: bytes)),
                contentType: "application/octet-stream",
                createOnly: true,
                sha256: digest
            )
            #expect(try await storage.head(key: "digest/with.bin").sha256 == digest)
            let whole = try await storage.get(key: "digest/with.bin", range: nil)
            #expect(whole.info.sha256 == digest)
            #expect(try await collectBytes(whole.body) == bytes)
            // A range still reports the whole object's digest.
            let part = try await storage.get(key: "digest/with.bin", range: 10...19)
            #expect(part.info.sha256 == digest)
            _ = try await collectBytes(part.body)
            // Listings carry no digest on any store (S3's ListObjectsV2 has no user metadata).
            #expect(try await storage.list(prefix: "digest/", cursor: nil, limit: 10).objects.map(\.sha256) == [nil])
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aDigestTravelsWithAStreamedFileBody(_ backend: StorageBackend) async throws {
        let bytes = patternBytes(3 << 20, seed: 5)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contract-digest-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let digest = Digest.hex(Digest.sha256(bytes))
        try await withStorage(backend) { storage in
            _ = try await storage.put(
                key: "digest/file.bin",
                body: .file(path: path, length: Int64(bytes.count)),
                contentType: "application/octet-stream",
                createOnly: true,
                sha256: digest
            )
            #expect(try await storage.head(key: "digest/file.bin").sha256 == digest)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func anObjectPutWithoutADigestHasNone(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            try await putBytes(storage, "digest/without.json", Array("{}".utf8), type: "application/json")
            let info = try await storage.head(key: "digest/without.json")
            #expect(info.sha256 == nil)
            #expect(info.etag == digestMD5(Array("{}".utf8)))
            #expect(try await storage.get(key: "digest/without.json", range: nil).info.sha256 == nil)
        }
    }
}
