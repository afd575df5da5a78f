import DataHubStorage
import Digests
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import DataHubService

/// The verifier's walk on FileStorage, and its stop when the store stops answering part-way (a stub: a real store
/// cannot be made to fail after exactly N reads).
@Suite struct ObjectVerifierTests {
    /// Stores `count` objects under `folder` with their digests; returns the directory's bucket path.
    static func fill(_ storage: FileStorage, _ folder: String, count: Int) async throws {
        for index in 0..<count {
            let body = ByteBuffer(string: "{\"n\":\(index)}")
            let sha256 = body.withUnsafeReadableBytes { Digest.sha256Hex($0) }
            _ = try await storage.put(
                key: "\(folder)/\(index).json",
                body: .buffer(body),
                contentType: "application/json",
                createOnly: true,
                sha256: sha256
            )
        }
    }

    static func withStorage(_ body: (FileStorage, String) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "datahub-verifier-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let storage = FileStorage(directory: directory, bucket: "b")
        try await storage.ensureBucket()
        try await body(storage, directory + "/b/")
        await storage.shutdown()
    }

    @Test func countsEveryOutcomeAndNamesTheDamaged() async throws {
        try await Self.withStorage { storage, bucketPath in
            try await Self.fill(storage, "a", count: 50)
            try await Self.fill(storage, "z", count: 5)
            _ = try await storage.put(key: "a/plain.json", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: true)
            _ = try await storage.put(key: ".datahub/marker", body: .buffer(ByteBuffer(string: "x")), contentType: "text/plain", createOnly: true)
            try Data("{\"n\":8}".utf8).write(to: URL(fileURLWithPath: bucketPath + "a/9.json"))
            let seen = NIOLockedValueBox<[Int]>([])
            let report = await ObjectVerifier(storage: storage, prefix: "a/", width: 4).run { progress in
                seen.withLockedValue { $0.append(progress.checked) }
            }
            #expect(report.verified == 49)
            #expect(report.noDigest == 1)
            #expect(report.mismatched.map(\.key) == ["a/9.json"])
            #expect(report.mismatched.first?.actual == Digest.hex(Digest.sha256(Array("{\"n\":8}".utf8))))
            #expect(report.checked == 51 && report.exitCode == 1 && report.storageFailure == nil)
            #expect(seen.withLockedValue { $0 } == Array(1...51), "progress after every object, in order")
            let whole = await ObjectVerifier(storage: storage, prefix: "").run()
            #expect(whole.checked == 56, ".datahub/ is DataHub's own and is not checked")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
            #expect(json["exit_code"] as? Int == 1)
            #expect((json["mismatched"] as? [[String: String]])?.first?["key"] == "a/9.json")
        }
    }

    /// More than one listing page (the next one is listed while this one is read): every object once, and without
    /// the count (no terminal) no total is reported.
    @Test func aWalkOverSeveralPagesChecksEveryObjectOnce() async throws {
        try await Self.withStorage { storage, _ in
            try await Self.fill(storage, "p", count: 2300)
            let totals = NIOLockedValueBox<Set<Int?>>([])
            let report = await ObjectVerifier(storage: storage, prefix: "p/").run(countTotal: false) { progress in
                totals.withLockedValue { _ = $0.insert(progress.total) }
            }
            #expect(report.exitCode == 0)
            #expect(report.checked == 2300 && report.verified == 2300)
            #expect(totals.withLockedValue { $0 } == [nil], "no second listing, so no total")
            let counted = await ObjectVerifier(storage: storage, prefix: "p/").run(countTotal: true)
            #expect(counted.verified == 2300)
        }
    }

    @Test func aStoreThatStopsAnsweringEndsTheWalkWithExit2() async throws {
        try await Self.withStorage { storage, _ in
            try await Self.fill(storage, "a", count: 200)
            let failing = FailingReads(base: storage, after: 20)
            let report = await ObjectVerifier(storage: failing, prefix: "", width: 4).run()
            #expect(report.exitCode == 2)
            #expect(report.storageFailure == "connection refused")
            #expect(failing.reads.withLockedValue { $0 } < 40, "the walk stops instead of waiting out every read")
            let intact = await ObjectVerifier(storage: storage, prefix: "").run()
            #expect(intact.exitCode == 0 && intact.verified == 200)
        }
    }
}

/// A store whose reads fail as unavailable after the first `after`.
final class FailingReads: Storage {
    let base: FileStorage
    let after: Int
    let reads = NIOLockedValueBox(0)

    init(base: FileStorage, after: Int) {
        self.base = base
        self.after = after
    }

    var bucket: String { base.bucket }
    var location: String { base.location }
    func ensureBucket() async throws { try await base.ensureBucket() }
    func probe() async throws { try await base.probe() }
    func put(key: String, body: PutBody, contentType: String, createOnly: Bool, sha256: String?) async throws -> String {
        try await base.put(key: key, body: body, contentType: contentType, createOnly: createOnly, sha256: sha256)
    }
    func head(key: String) async throws -> ObjectInfo { try await base.head(key: key) }
    func get(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        let count = reads.withLockedValue { value in
            value += 1
            return value
        }
        if count > after { throw StorageError(.unavailable, "connection refused") }
        return try await base.get(key: key, range: range)
    }
    func delete(key: String) async throws { try await base.delete(key: key) }
    func list(prefix: String, cursor: String?, limit: Int) async throws -> ListPage {
        try await base.list(prefix: prefix, cursor: cursor, limit: limit)
    }
    func listFolder(prefix: String, cursor: String?, limit: Int) async throws -> FolderPage {
        try await base.listFolder(prefix: prefix, cursor: cursor, limit: limit)
    }
    func shutdown() async {}
}
