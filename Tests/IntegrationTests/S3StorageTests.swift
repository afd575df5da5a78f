import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import S3Signer
import Testing

/// `S3Storage` against a real SeaweedFS, one fresh server per test. Serialized: the timing checks
/// (connect timeout, idle abort) would be unfair on two cores shared with other servers.
@Suite(.serialized, .timeLimit(.minutes(1))) struct S3StorageTests {
    @Test func roundTripKeepsAwkwardKeys() async throws {
        try await withStorage { _, storage in
            let keys = [
                "with space/a b.json", "unicode/ünï-日本-😀.json", "plus+sign.json", "equals=sign.json",
                "percent%20sign.json", "mix/a+b=c%d e&f'<g>.json",
            ]
            for (index, key) in keys.enumerated() {
                let bytes = Array("{\"n\":\(index),\"key\":\"\(key)\"}".utf8)
                let etag = try await storage.put(
                    key: key,
                    body: .buffer(ByteBuffer(bytes: bytes)),
                    contentType: "application/json",
                    createOnly: false
                )
                #expect(etag == md5Hex(bytes), "etag of \(key)")
                let info = try await storage.head(key: key)
                #expect(info.key == key && info.size == Int64(bytes.count) && info.etag == etag)
                #expect(info.contentType == "application/json")
                #expect(abs(info.lastModified.timeIntervalSinceNow) < 120)
                let download = try await storage.get(key: key, range: nil)
                #expect(try await collect(download.body) == bytes, "body of \(key)")
                #expect(download.info.size == Int64(bytes.count))
            }
            let listed = try await listAll(storage, prefix: "")
            #expect(Set(listed.map(\.key)) == Set(keys))
            for key in keys {
                try await storage.delete(key: key)
                await expectError(.notFound) { _ = try await storage.head(key: key) }
            }
            try await storage.delete(key: keys[0])  // a missing key deletes quietly
        }
    }

    @Test(arguments: S3Transport.allCases) func createOnlyRefusesAnExistingKey(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { _, storage in
            let first = ByteBuffer(string: "{\"v\":1}")
            _ = try await storage.put(key: "once.json", body: .buffer(first), contentType: "application/json", createOnly: true)
            await expectError(.alreadyExists) {
                _ = try await storage.put(
                    key: "once.json",
                    body: .buffer(ByteBuffer(string: "{\"v\":2}")),
                    contentType: "application/json",
                    createOnly: true
                )
            }
            let download = try await storage.get(key: "once.json", range: nil)
            #expect(try await collect(download.body) == Array(first.readableBytesView))
        }
    }

    @Test(arguments: S3Transport.allCases) func rangeGetServesTheInclusiveRange(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { _, storage in
            let bytes = (0..<1000).map { UInt8($0 % 251) }
            _ = try await storage.put(
                key: "range.bin",
                body: .buffer(ByteBuffer(bytes: bytes)),
                contentType: "application/octet-stream",
                createOnly: false
            )
            let download = try await storage.get(key: "range.bin", range: 100...199)
            #expect(download.range == 100...199)
            #expect(download.info.size == 1000)
            #expect(try await collect(download.body) == Array(bytes[100...199]))
            let tail = try await storage.get(key: "range.bin", range: 999...999)
            #expect(try await collect(tail.body) == [bytes[999]])
        }
    }

    @Test func listPagesAreCompleteAndDuplicateFree() async throws {
        try await withStorage { _, storage in
            let keys = (0..<30).map { String(format: "batch/item-%02d.json", $0) }
            for key in keys {
                _ = try await storage.put(key: key, body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: true)
            }
            _ = try await storage.put(
                key: "other/outside.json",
                body: .buffer(ByteBuffer(string: "{}")),
                contentType: "application/json",
                createOnly: true
            )
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await storage.list(prefix: "batch/", cursor: cursor, limit: 7)
                #expect(page.objects.count <= 7)
                #expect(page.objects.allSatisfy { $0.size == 2 && !$0.etag.isEmpty })
                seen += page.objects.map(\.key)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 20
            #expect(pages >= 5)
            #expect(seen.count == 30)
            #expect(Set(seen) == Set(keys))
        }
    }

    @Test func missingKeyIsNotFound() async throws {
        try await withStorage { _, storage in
            await expectError(.notFound) { _ = try await storage.get(key: "nope/missing.json", range: nil) }
            await expectError(.notFound) { _ = try await storage.head(key: "nope/missing.json") }
        }
    }

    @Test(arguments: S3Transport.allCases) func largeObjectStreamsChunkByChunk(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { _, storage in
            let size = 20 << 20
            let path = try makeFile(size: size)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let expected = try fileSHA256(path)
            _ = try await storage.put(
                key: "big/20mb.bin",
                body: .file(path: path, length: Int64(size)),
                contentType: "application/octet-stream",
                createOnly: true
            )
            let download = try await storage.get(key: "big/20mb.bin", range: nil)
            #expect(download.info.size == Int64(size))
            let digest = StreamingDigest.sha256()
            var chunks = 0
            var total = 0
            var largest = 0
            for try await chunk in download.body {
                chunks += 1
                total += chunk.readableBytes
                largest = max(largest, chunk.readableBytes)
                chunk.withUnsafeReadableBytes { digest.update($0) }
            }
            #expect(total == size)
            #expect(chunks > 20)
            #expect(largest <= 1 << 20)
            #expect(digest.finalizeHex() == expected)
        }
    }

    @Test func ensureBucketCreatesAMissingBucket() async throws {
        try await withServer { server in
            let storage = server.makeStorage(bucket: "fresh-bucket-\(Int.random(in: 1000...9999))")
            await expectError(.notFound) { try await storage.probe() }
            await expectError(.notFound) { _ = try await storage.list(prefix: "", cursor: nil, limit: 10) }
            try await storage.ensureBucket()
            try await storage.ensureBucket()
            try await storage.probe()
            #expect(try await storage.list(prefix: "", cursor: nil, limit: 10).objects.isEmpty)
            await storage.shutdown()
        }
    }
}
