import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import S3Signer
import Testing

/// The behaviour every `Storage` backend must share; each test runs once per backend.
@Suite struct StorageContractTests {
    @Test(arguments: StorageBackend.allCases)
    func roundTripsEmptyAndSmallObjects(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            for size in [0, 1024] {
                let bytes = patternBytes(size, seed: UInt64(size))
                let key = "roundtrip/object-\(size).bin"
                let etag = try await putBytes(storage, key, bytes)
                #expect(etag == digestMD5(bytes))
                let download = try await storage.get(key: key, range: nil)
                #expect(download.info.size == Int64(size))
                #expect(download.range == nil)
                #expect(try await collectBytes(download.body) == bytes)
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func streamsFiftyMegabytesBothWays(_ backend: StorageBackend) async throws {
        let size = 50 * 1024 * 1024
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("contract-50mb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: source) }
        let expected = try writeLargeFile(source, megabytes: 50)
        try await withStorage(backend) { storage in
            let etag = try await storage.put(
                key: "large/fifty.bin",
                body: .file(path: source, length: Int64(size)),
                contentType: "application/octet-stream",
                createOnly: true
            )
            #expect(etag == expected)
            let download = try await storage.get(key: "large/fifty.bin", range: nil)
            #expect(download.info.size == Int64(size))
            let digest = StreamingDigest.md5()
            var total = 0
            var largestChunk = 0
            for try await chunk in download.body {
                chunk.withUnsafeReadableBytes { digest.update($0) }
                total += chunk.readableBytes
                largestChunk = max(largestChunk, chunk.readableBytes)
            }
            #expect(total == size)
            #expect(digest.finalizeHex() == expected)
            #expect(largestChunk <= 8 * 1024 * 1024, "the body must arrive in chunks, not as one buffer")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func keepsUnicodeAndSpaceKeys(_ backend: StorageBackend) async throws {
        let keys = [
            "unicode/naïve café.json", "unicode/日本語/データ 1.json", "unicode/emoji 🎉 party.json",
            "unicode/with space/a+b&c=d.json", "unicode/Z upper.json",
        ]
        try await withStorage(backend) { storage in
            for (index, key) in keys.enumerated() {
                try await putBytes(storage, key, Array("{\"n\":\(index)}".utf8), type: "application/json")
            }
            for (index, key) in keys.enumerated() {
                #expect(try await storage.head(key: key).key == key)
                let download = try await storage.get(key: key, range: nil)
                #expect(try await collectBytes(download.body) == Array("{\"n\":\(index)}".utf8))
            }
            let listed = try await listAll(storage, prefix: "unicode/", limit: 2).keys
            #expect(Set(listed) == Set(keys))
            #expect(listed.count == keys.count)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func reportsMissingObjects(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            await expectStorageError(.notFound) { try await storage.head(key: "missing/none.json") }
            await expectStorageError(.notFound) { try await storage.get(key: "missing/none.json", range: nil) }
            try await storage.delete(key: "missing/none.json")
            let page = try await storage.list(prefix: "missing/", cursor: nil, limit: 10)
            #expect(page.objects.isEmpty)
            #expect(page.nextCursor == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func createOnlyNeverOverwrites(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            let first = try await putBytes(storage, "once/a.json", Array("{\"v\":1}".utf8))
            await expectStorageError(.alreadyExists) { try await putBytes(storage, "once/a.json", Array("{\"v\":2}".utf8)) }
            #expect(try await storage.head(key: "once/a.json").etag == first)
            let replaced = try await putBytes(storage, "once/a.json", Array("{\"v\":3}".utf8), createOnly: false)
            #expect(replaced == digestMD5(Array("{\"v\":3}".utf8)))
            let download = try await storage.get(key: "once/a.json", range: nil)
            #expect(try await collectBytes(download.body) == Array("{\"v\":3}".utf8))
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func racingCreateOnlyPutsHaveOneWinner(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            let outcomes = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for writer in 0..<10 {
                    group.addTask {
                        do {
                            return (writer, try await putBytes(storage, "race/one.json", Array("{\"writer\":\(writer)}".utf8)))
                        } catch let error as StorageError where error.code == .alreadyExists {
                            return (writer, nil)
                        } catch let error as StorageError where error.code == .unavailable && backend.isS3 {
                            // SeaweedFS sometimes leaves one of several racing conditional PUTs unanswered until
                            // the idle timeout: the write's outcome is then unknown to the writer, as after any
                            // lost response. It may have won; it must never have overwritten.
                            return (writer, "unknown")
                        }
                    }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            let winners = outcomes.filter { $0.1 != nil && $0.1 != "unknown" }
            let unknown = outcomes.filter { $0.1 == "unknown" }.map(\.0)
            try #require(winners.count == 1 || (winners.isEmpty && !unknown.isEmpty), "exactly one create-only put may win, got \(winners.count)")
            let download = try await storage.get(key: "race/one.json", range: nil)
            let stored = try await collectBytes(download.body)
            let candidates = winners.isEmpty ? unknown : [winners[0].0]
            #expect(candidates.contains { stored == Array("{\"writer\":\($0)}".utf8) })
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func deleteRemovesTheObject(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            try await putBytes(storage, "gone/deep/x.json", Array("{}".utf8))
            try await putBytes(storage, "gone/y.json", Array("[]".utf8))
            try await storage.delete(key: "gone/deep/x.json")
            await expectStorageError(.notFound) { try await storage.head(key: "gone/deep/x.json") }
            #expect(try await listAll(storage, prefix: "gone/", limit: 10).keys == ["gone/y.json"])
            try await storage.delete(key: "gone/y.json")
            #expect(try await listAll(storage, prefix: "", limit: 10).keys.isEmpty)
            try await putBytes(storage, "gone/deep/x.json", Array("{}".utf8))  // the name is free again
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func listsByPrefix(_ backend: StorageBackend) async throws {
        let keys = ["pre/a.json", "pre/sub/b.json", "pre/sub/c.json", "prefix-other.json", "pre2/c.json", "other/pre/d.json"]
        try await withStorage(backend) { storage in
            for key in keys { try await putBytes(storage, key, Array(key.utf8)) }
            #expect(Set(try await listAll(storage, prefix: "pre/", limit: 1).keys) == ["pre/a.json", "pre/sub/b.json", "pre/sub/c.json"])
            #expect(Set(try await listAll(storage, prefix: "pre/sub/", limit: 1000).keys) == ["pre/sub/b.json", "pre/sub/c.json"])
            #expect(try await listAll(storage, prefix: "nothing/", limit: 5).keys.isEmpty)
            #expect(Set(try await listAll(storage, prefix: "", limit: 4).keys) == Set(keys))
            let page = try await storage.list(prefix: "pre/", cursor: nil, limit: 1000)
            #expect(page.objects.allSatisfy { $0.size == Int64($0.key.utf8.count) && $0.etag == digestMD5(Array($0.key.utf8)) })
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func pagesThroughTwoThousandFiveHundredObjects(_ backend: StorageBackend) async throws {
        // Names chosen so that folder order matters: "a.x" < "a/x" < "a0" in byte order, "Z" < "é".
        let keys = (0..<2500).map { index -> String in
            let stem = ["a.x", "a/x", "a0", "Z", "é", "item"][index % 6]
            return index % 6 == 1 ? "pages/a/x-\(index).json" : "pages/\(stem)-\(index).json"
        }
        try await withStorage(backend) { storage in
            try await forEachConcurrently(keys, width: 16) { key in try await putBytes(storage, key, Array(key.utf8)) }
            for limit in [1000, 333] {
                let (listed, pageSizes) = try await listAll(storage, prefix: "pages/", limit: limit)
                #expect(listed.count == keys.count)
                #expect(Set(listed).count == listed.count, "a key was listed twice")
                #expect(Set(listed) == Set(keys))
                #expect(pageSizes.dropLast().allSatisfy { $0 == limit })
                if backend.listingOrder == .byteOrder {
                    #expect(listed == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
                }
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func keepsAHundredConcurrentPuts(_ backend: StorageBackend) async throws {
        try await withStorage(backend) { storage in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask { try await putBytes(storage, "burst/obj-\(index).json", Array("{\"i\":\(index)}".utf8)) }
                }
                try await group.waitForAll()
            }
            let listed = try await listAll(storage, prefix: "burst/", limit: 1000).keys
            #expect(Set(listed) == Set((0..<100).map { "burst/obj-\($0).json" }))
            for index in [0, 42, 99] {
                let download = try await storage.get(key: "burst/obj-\(index).json", range: nil)
                #expect(try await collectBytes(download.body) == Array("{\"i\":\(index)}".utf8))
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func servesByteRanges(_ backend: StorageBackend) async throws {
        let bytes = patternBytes(10_000, seed: 7)
        try await withStorage(backend) { storage in
            try await putBytes(storage, "ranges/r.bin", bytes)
            for range: ClosedRange<Int64> in [0...0, 0...9999, 100...199, 9990...9999, 4096...8191] {
                let download = try await storage.get(key: "ranges/r.bin", range: range)
                #expect(download.range == range)
                #expect(download.info.size == 10_000)
                #expect(try await collectBytes(download.body) == Array(bytes[Int(range.lowerBound)...Int(range.upperBound)]))
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func headReportsMetadata(_ backend: StorageBackend) async throws {
        let json = Array("{\"city\":\"Cape Town\",\"readings\":[1,2,3]}".utf8)
        let text = Array("plain words".utf8)
        try await withStorage(backend) { storage in
            let before = Date().addingTimeInterval(-60)
            let etag = try await putBytes(storage, "meta/doc.json", json, type: "application/json")
            try await putBytes(storage, "meta/note.txt", text, type: "text/plain; charset=utf-8")
            let info = try await storage.head(key: "meta/doc.json")
            #expect(info.key == "meta/doc.json")
            #expect(info.size == Int64(json.count))
            #expect(info.etag == digestMD5(json))
            #expect(info.etag == etag)
            #expect(info.contentType == "application/json")
            #expect(info.lastModified > before && info.lastModified < Date().addingTimeInterval(60))
            #expect(try await storage.head(key: "meta/note.txt").contentType == "text/plain; charset=utf-8")
            let listed = try await storage.list(prefix: "meta/", cursor: nil, limit: 10).objects
            #expect(listed.first { $0.key == "meta/doc.json" }?.etag == digestMD5(json))
        }
    }
}

/// Writes `megabytes` MiB of pattern bytes to `path` a MiB at a time; returns their MD5 hex.
private func writeLargeFile(_ path: String, megabytes: Int) throws -> String {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        throw StorageError(.io, "cannot create \(path)")
    }
    defer { try? handle.close() }
    let digest = StreamingDigest.md5()
    for index in 0..<megabytes {
        let chunk = patternBytes(1024 * 1024, seed: UInt64(index + 1))
        chunk.withUnsafeBytes { digest.update($0) }
        try handle.write(contentsOf: chunk)
    }
    return digest.finalizeHex()
}
