import DataHubStorage
import Digests
import Foundation
import NIOCore
import S3Signer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// FileStorage's own rules, beyond the contract every backend shares (Tests/IntegrationTests).
@Suite struct FileStorageTests {
    private func put(_ storage: FileStorage, _ key: String, _ text: String, createOnly: Bool = true) async throws {
        _ = try await storage.put(key: key, body: .buffer(ByteBuffer(string: text)), contentType: "application/json", createOnly: createOnly)
    }

    private func contents(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func refusesKeysThatCouldEscape() async throws {
        let bad = ["../x", "a/../../x", "/abs", "a//b", "a/", ".", "a/./b", "..", "bad\u{1}name", "", String(repeating: "a", count: 256)]
        try await withFiles { storage, directory in
            for key in bad {
                await expectCode(.invalidName, key) { try await put(storage, key, "{}") }
                await expectCode(.invalidName, key) { try await storage.head(key: key) }
                await expectCode(.invalidName, key) { try await storage.delete(key: key) }
            }
            await expectCode(.invalidName, "prefix") { try await storage.list(prefix: "../", cursor: nil, limit: 10) }
            #expect(contents(directory + "/bucket").isEmpty)
            #expect(contents(directory) == [".bucket.meta", ".bucket.tmp", "bucket"])
        }
    }

    @Test func refusesAFileAndAFolderOfOneName() async throws {
        try await withFiles { storage, _ in
            try await put(storage, "a", "{}")
            for createOnly in [true, false] {
                do {
                    try await put(storage, "a/b", "{}", createOnly: createOnly)
                    Issue.record("a/b was stored beside the object a")
                } catch let error as StorageError {
                    #expect(error.code == .nameConflict)
                    #expect(error.message.contains("'a'"), "\(error.message)")
                }
            }
            try await put(storage, "c/d", "{}")
            for createOnly in [true, false] {
                await expectCode(.nameConflict, "c") { try await put(storage, "c", "{}", createOnly: createOnly) }
            }
            await expectCode(.notFound, "c") { try await storage.head(key: "c") }
            await expectCode(.notFound, "a/b") { try await storage.head(key: "a/b") }
        }
    }

    @Test func storesPlainFilesAndHidesSidecarsAndTemporaryFiles() async throws {
        try await withFiles { storage, directory in
            try await put(storage, "x/y.json", "{\"k\":1}")
            try await put(storage, ".datahub/marker", "{}")
            #expect(FileManager.default.contents(atPath: directory + "/bucket/x/y.json") == Data("{\"k\":1}".utf8))
            #expect(contents(directory + "/bucket") == [".datahub", "x"])
            #expect(contents(directory + "/.bucket.tmp").isEmpty)
            let page = try await storage.list(prefix: "", cursor: nil, limit: 1000)
            #expect(page.objects.map(\.key) == [".datahub/marker", "x/y.json"])
            #expect(storage.location == "file://" + URL(fileURLWithPath: directory).standardizedFileURL.path + "/bucket")
        }
    }

    @Test func deletePrunesEmptyFolders() async throws {
        try await withFiles { storage, directory in
            try await put(storage, "p/q/r.json", "{}")
            try await put(storage, "p/s.json", "{}")
            try await storage.delete(key: "p/q/r.json")
            #expect(contents(directory + "/bucket/p") == ["s.json"])
            try await storage.delete(key: "p/s.json")
            #expect(contents(directory + "/bucket").isEmpty)
            #expect(contents(directory + "/.bucket.meta").isEmpty)
            try await put(storage, "p", "{}")  // no folder left in the way
        }
    }

    @Test func probeFollowsTheFolder() async throws {
        try await withFiles(ensure: false) { storage, directory in
            await expectCode(.notFound, "probe") { try await storage.probe() }
            try await storage.ensureBucket()
            try await storage.probe()
            try FileManager.default.removeItem(atPath: directory + "/bucket")
            await expectCode(.notFound, "probe") { try await storage.probe() }
            await expectCode(.notFound, "put") { try await put(storage, "k.json", "{}") }
            try await storage.ensureBucket()
            try await storage.probe()
            try await put(storage, "k.json", "{}")
        }
    }

    @Test func checksLimitsAndCursors() async throws {
        try await withFiles { storage, _ in
            for index in 0..<5 { try await put(storage, "c/\(index).json", "{}") }
            await expectCode(.badRequest, "limit 0") { try await storage.list(prefix: "", cursor: nil, limit: 0) }
            await expectCode(.badRequest, "limit 1001") { try await storage.list(prefix: "", cursor: nil, limit: 1001) }
            await expectCode(.badRequest, "cursor") { try await storage.list(prefix: "", cursor: "!!not ours!!", limit: 2) }
            let first = try await storage.list(prefix: "c/", cursor: nil, limit: 2)
            #expect(first.objects.map(\.key) == ["c/0.json", "c/1.json"])
            let second = try await storage.list(prefix: "c/", cursor: first.nextCursor, limit: 3)
            #expect(second.objects.map(\.key) == ["c/2.json", "c/3.json", "c/4.json"])
            #expect(second.nextCursor == nil)
            let partial = try await storage.list(prefix: "c/3", cursor: nil, limit: 10)
            #expect(partial.objects.map(\.key) == ["c/3.json"])
        }
    }

    @Test func recomputesMetadataWhenAFileChangesByHand() async throws {
        try await withFiles { storage, directory in
            try await put(storage, "h.json", "{\"old\":true}")
            let replacement = directory + "/replacement"
            try Data("{\"new\":true}".utf8).write(to: URL(fileURLWithPath: replacement))
            #expect(rename(replacement, directory + "/bucket/h.json") == 0)
            let info = try await storage.head(key: "h.json")
            #expect(info.etag == md5Hex("{\"new\":true}"))
            #expect(info.contentType == "application/json")
            try FileManager.default.removeItem(atPath: directory + "/.bucket.meta")
            #expect(try await storage.head(key: "h.json").etag == md5Hex("{\"new\":true}"))
        }
    }

    @Test func listingSeesChangesToACachedFolder() async throws {
        try await withFiles { storage, directory in
            for index in 0..<3 { try await put(storage, "cached/\(index).json", "{}") }
            var old = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, directory + "/bucket/cached", &old, 0) == 0)
            #expect(try await storage.list(prefix: "cached/", cursor: nil, limit: 10).objects.count == 3)
            try await put(storage, "cached/3.json", "{}")
            #expect(try await storage.list(prefix: "cached/", cursor: nil, limit: 10).objects.count == 4)
            try await storage.delete(key: "cached/0.json")
            #expect(try await storage.list(prefix: "cached/", cursor: nil, limit: 10).objects.map(\.key).first == "cached/1.json")
        }
    }

    @Test func putsSurviveDeletesPruningTheirFolder() async throws {
        try await withFiles { storage, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask { try await put(storage, "churn/\(index % 3)/k-\(index).json", "{}") }
                    group.addTask { try await storage.delete(key: "churn/\(index % 3)/k-\(index - 3).json") }
                }
                try await group.waitForAll()
            }
            let left = try await storage.list(prefix: "churn/", cursor: nil, limit: 1000).objects.map(\.key)
            #expect(Set(["churn/2/k-197.json", "churn/0/k-198.json", "churn/1/k-199.json"]).isSubset(of: left))
        }
    }

    @Test func ensureBucketClearsStaleTemporaryFiles() async throws {
        try await withFiles { storage, directory in
            let stale = directory + "/.bucket.tmp/obj-crashed"
            let fresh = directory + "/.bucket.tmp/obj-writing"
            #expect(FileManager.default.createFile(atPath: stale, contents: Data("partial".utf8)))
            #expect(FileManager.default.createFile(atPath: fresh, contents: Data("partial".utf8)))
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: stale)
            try await storage.ensureBucket()
            #expect(contents(directory + "/.bucket.tmp") == ["obj-writing"])
            #expect(try await storage.list(prefix: "", cursor: nil, limit: 10).objects.isEmpty)
        }
    }

    private func md5Hex(_ text: String) -> String {
        let digest = StreamingDigest.md5()
        Array(text.utf8).withUnsafeBytes { digest.update($0) }
        return digest.finalizeHex()
    }

    private func expectCode<T>(
        _ code: StorageError.Code,
        _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> T
    ) async {
        do {
            _ = try await body()
            Issue.record("\(what): expected \(code), got success", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            #expect(error.code == code, "\(what): \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(what): expected \(code), got \(error)", sourceLocation: sourceLocation)
        }
    }
}
