import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import DataHubService

/// The console's export to a local file (`FileExport`) on FileStorage: the same bytes as `GET /export`, nothing
/// partial left behind on any failure or a cancel, and progress up to the total.
@Suite struct FileExportTests {
    private static func fill(_ storage: any Storage, _ prefix: String, count: Int, body: (Int) -> String = { "{ \"n\" : \($0) }" }) async throws {
        for i in 0..<count {
            let key = prefix + String(format: "/doc_%05d.json", i)
            _ = try await storage.put(key: key, body: .buffer(ByteBuffer(string: body(i))), contentType: "application/json", createOnly: true)
        }
    }

    private static func folderFiles(_ folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
    }

    private static func scratch() throws -> String {
        let folder = NSTemporaryDirectory() + "datahub-file-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aFolderExportHoldsTheSameBytesAsTheAPIsExport() async throws {
        let app = APITestApp()
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await app.test { client in
            try await Self.fill(app.service.storage, "r/2026", count: 40)
            try await Self.fill(app.service.storage, "other", count: 3)
            _ = try await app.service.storage.put(
                key: "r/2026/notes.txt",
                body: .buffer(ByteBuffer(string: "plain")),
                contentType: "text/plain",
                createOnly: true
            )
            let seen = NIOLockedValueBox<[FileExportProgress]>([])
            let result = try await FileExport(service: app.service, selection: .folder("r/")).run(to: folder + "/r.ndjson") { progress in
                seen.withLockedValue { $0.append(progress) }
            }
            let api = try await client.execute(uri: "/export?prefix=r/", method: .get)
            let written = try String(contentsOfFile: folder + "/r.ndjson", encoding: .utf8)
            #expect(written == api.text)
            #expect(written.hasPrefix("{\"n\":0}\n{\"n\":1}\n"))
            #expect(result.documents == 40)
            #expect(result.bytes == Int64(written.utf8.count))
            let last = try #require(seen.withLockedValue { $0.last })
            #expect(last.done == 41, "the skipped text object counts as dealt with")
            #expect(seen.withLockedValue { $0.map(\.done) } == Array(1...41))
            #expect(Self.folderFiles(folder) == ["r.ndjson"], "no temporary file is left")
        }
    }

    @Test func chosenObjectsAreExportedInTheOrderGiven() async throws {
        let app = APITestApp()
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await app.test { _ in
            try await Self.fill(app.service.storage, "r", count: 5)
            let chosen = try await [3, 1].asyncMap { try await app.service.head(key: String(format: "r/doc_%05d.json", $0)) }
            let seen = NIOLockedValueBox<FileExportProgress?>(nil)
            let result = try await FileExport(service: app.service, selection: .objects(chosen)).run(to: folder + "/two.ndjson") { progress in
                seen.withLockedValue { $0 = progress }
            }
            #expect(try String(contentsOfFile: folder + "/two.ndjson", encoding: .utf8) == "{\"n\":3}\n{\"n\":1}\n")
            #expect(result.documents == 2)
            #expect(seen.withLockedValue { $0 } == FileExportProgress(done: 2, total: 2))
        }
    }

    @Test func aMissingFolderIsNamedAndNothingIsWritten() async throws {
        let app = APITestApp()
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await app.test { _ in
            try await Self.fill(app.service.storage, "r", count: 2)
            await #expect {
                try await FileExport(service: app.service, selection: .folder("r/")).run(to: folder + "/missing/out.ndjson") { _ in }
            } throws: { error in
                (error as? FileExportError)?.message.contains("cannot write in \(folder)/missing: No such file or directory") == true
            }
            #expect(Self.folderFiles(folder).isEmpty)
        }
    }

    @Test func aStoreFailingPartWayLeavesTheOldFileAsItWasAndNoPartialFile() async throws {
        let directory = NSTemporaryDirectory() + "datahub-file-export-store-\(UUID().uuidString)"
        let folder = try Self.scratch()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: directory)
        }
        var configuration = DataHubConfiguration()
        configuration.dataDirectory = directory
        let base = FileStorage(directory: directory, bucket: configuration.bucket)
        try await base.ensureBucket()
        try await Self.fill(base, "r", count: 100)
        let failing = FailingReads(base: base, after: 30)
        let built = try buildApplication(
            configuration: configuration,
            storage: failing,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try "the previous export\n".write(toFile: folder + "/r.ndjson", atomically: false, encoding: .utf8)
        await #expect(throws: StorageError.self) {
            try await FileExport(service: built.service, selection: .folder("r/")).run(to: folder + "/r.ndjson") { _ in }
        }
        #expect(try String(contentsOfFile: folder + "/r.ndjson", encoding: .utf8) == "the previous export\n")
        #expect(Self.folderFiles(folder) == ["r.ndjson"])
    }

    @Test func aCancelledExportLeavesNothing() async throws {
        let app = APITestApp()
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await app.test { _ in
            try await Self.fill(app.service.storage, "r", count: 400)
            let started = AsyncStream<Void>.makeStream()
            let export = Task {
                try await FileExport(service: app.service, selection: .folder("r/")).run(to: folder + "/r.ndjson") { progress in
                    if progress.done == 50 { started.continuation.yield() }
                }
            }
            for await _ in started.stream { break }
            export.cancel()
            let outcome = await export.result
            #expect(throws: (any Error).self) { try outcome.get() }
            #expect(Self.folderFiles(folder).isEmpty, "neither the file nor its partial remain: \(Self.folderFiles(folder))")
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
