import DataHubStorage
import Digests
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DataHubService

/// Digests on the paths around the plain upload: bodies spooled to a file, and idempotent replays.
@Suite struct DigestUploadSpoolTests {
    /// A 9 MiB JSON string: past the 8 MiB memory limit, so it is spooled to a file.
    static let large: [UInt8] = Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 9 << 20) + Array("\"".utf8)

    @Test func aSpooledBodyIsHashedAndItsSpoolRemovedOnMismatch() async throws {
        let app = APITestApp()
        let spool = NSTemporaryDirectory() + "datahub-digest-spool-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: spool) }
        let router = Application(router: buildRouter(app.service, spoolDirectory: spool))
        try await app.service.storage.ensureBucket()
        defer { try? FileManager.default.removeItem(atPath: app.directory) }
        try await router.test(.router) { client in
            let expected = Digest.sha256(Self.large)
            let wrong = Data(repeating: 1, count: 32).base64EncodedString()
            var headers = jsonHeaders
            headers[.reprDigest] = "sha-256=:\(wrong):"
            let refused = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(bytes: Self.large))
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"] as? String == "digest_mismatch")
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool).isEmpty, "the spool file must be removed")
            #expect(try await app.service.storage.list(prefix: "", cursor: nil, limit: 10).objects.isEmpty)

            headers[.reprDigest] = "sha-256=:\(Data(expected).base64EncodedString()):"
            let stored = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(bytes: Self.large))
            #expect(stored.status == .created)
            #expect(stored.json["sha256"] as? String == Digest.hex(expected))
            let name = try #require(stored.json["filename"] as? String)
            #expect(try await app.service.storage.head(key: name).sha256 == Digest.hex(expected))
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool).isEmpty)
        }
        await app.service.storage.shutdown()
    }

    @Test func anIdempotentReplayAnswersTheSameDigest() async throws {
        let app = APITestApp()
        try await app.test { client in
            var headers = jsonHeaders
            headers[.idempotencyKey] = "digest-replay"
            let body = ByteBuffer(string: #"{"a":1}"#)
            let first = try await client.execute(uri: "/data", method: .post, headers: headers, body: body)
            let retry = try await client.execute(uri: "/data", method: .post, headers: headers, body: body)
            #expect(retry.headers[.idempotentReplayed] == "true")
            // SHA-256 of {"a":1} from Python's hashlib.
            #expect(first.json["sha256"] as? String == "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862")
            #expect(retry.json["sha256"] as? String == first.json["sha256"] as? String)
            #expect(retry.headers[.reprDigest] == "sha-256=:AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX+GI=:")
            #expect(retry.headers[.reprDigest] == first.headers[.reprDigest])
            let markers = try await app.service.storage.list(prefix: DataService.reservedPrefix + "idempotency/", cursor: nil, limit: 10)
            let marker = try #require(markers.objects.first)
            var text = ByteBuffer()
            for try await var chunk in try await app.service.storage.get(key: marker.key, range: nil).body { text.writeBuffer(&chunk) }
            #expect(String(buffer: text).contains("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"))
        }
    }

    @Test func aMarkerWrittenWithoutADigestStillReplays() async throws {
        let app = APITestApp()
        try await app.test { client in
            let bytes = Array(#"{"a":1}"#.utf8)
            let md5 = StreamingDigest.md5()
            bytes.withUnsafeBytes { md5.update($0) }
            // As a marker and object from before digests were stored: neither has one.
            let old = try await app.service.createObjectIdempotently(
                body: .buffer(ByteBuffer(bytes: bytes)),
                md5: md5.finalizeHex(),
                prefix: "",
                idempotencyKey: "old-key"
            )
            #expect(old.object.sha256 == nil)
            var headers = jsonHeaders
            headers[.idempotencyKey] = "old-key"
            let retry = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
            #expect(retry.status == .created)
            #expect(retry.headers[.idempotentReplayed] == "true")
            #expect(retry.json["filename"] as? String == old.object.key)
            #expect(retry.json["sha256"] as? String == "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862")
        }
    }
}
