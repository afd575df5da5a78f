import Digests
import DataHubService
import DataHubStorage
import Foundation
import NIOCore
import S3Signer
import Testing

/// `S3Storage` against a real SeaweedFS, one fresh server per test. Serialized: the timing checks
/// (connect timeout, idle abort) would be unfair on two cores shared with other servers.
@Suite(.serialized, .timeLimit(.minutes(1))) struct S3StorageTests {
    @Test func roundTripKeepsAwkwardKeys() async throws {
        try await withStorage { _, storage in
            let keys = ["with space/a b.json", "unicode/ünï-日本-😀.json", "plus+sign.json", "equals=sign.json",
                        "percent%20sign.json", "mix/a+b=c%d e&f'<g>.json"]
            for (index, key) in keys.enumerated() {
                let bytes = Array("{\"n\":\(index),\"key\":\"\(key)\"}".utf8)
                let etag = try await storage.put(key: key, body: .buffer(ByteBuffer(bytes: bytes)), contentType: "application/json", createOnly: false)
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
                _ = try await storage.put(key: "once.json", body: .buffer(ByteBuffer(string: "{\"v\":2}")), contentType: "application/json", createOnly: true)
            }
            let download = try await storage.get(key: "once.json", range: nil)
            #expect(try await collect(download.body) == Array(first.readableBytesView))
        }
    }

    @Test(arguments: S3Transport.allCases) func rangeGetServesTheInclusiveRange(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { _, storage in
            let bytes = (0..<1000).map { UInt8($0 % 251) }
            _ = try await storage.put(key: "range.bin", body: .buffer(ByteBuffer(bytes: bytes)), contentType: "application/octet-stream", createOnly: false)
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
            _ = try await storage.put(key: "other/outside.json", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: true)
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
            _ = try await storage.put(key: "big/20mb.bin", body: .file(path: path, length: Int64(size)), contentType: "application/octet-stream", createOnly: true)
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

    @Test(arguments: S3Transport.allCases) func aSlowReaderPausesItsTransferWithoutTimingOutOrHoldingUpOthers(_ transport: S3Transport) async throws {
        // Idle limit 1 s; the reader takes > 3 s, with the 1 MiB queue full most of the time: a paused transfer
        // is not idle. Meanwhile small calls on the same loop still answer at once.
        try await withStorage(transport: transport, workers: 4, idleTimeout: .seconds(1)) { _, storage in
            let bytes = patternBytes(12 << 20, seed: 41)
            _ = try await storage.put(key: "big/12mb.bin", body: .buffer(ByteBuffer(bytes: bytes)), contentType: "application/octet-stream", createOnly: false)
            let download = try await storage.get(key: "big/12mb.bin", range: nil)
            var received = [UInt8]()
            received.reserveCapacity(bytes.count)
            var slowest: Duration = .zero
            let started = ContinuousClock.now
            var sincePause = 0
            for try await chunk in download.body {
                received.append(contentsOf: chunk.readableBytesView)
                sincePause += chunk.readableBytes
                if sincePause >= 1 << 20 {  // 250 ms per MiB: ~3 s in all, the queue full meanwhile
                    sincePause = 0
                    try await Task.sleep(for: .milliseconds(250))
                    let call = ContinuousClock.now
                    _ = try await storage.put(key: "small/\(received.count).json", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: false)
                    slowest = max(slowest, ContinuousClock.now - call)
                }
            }
            #expect(received == bytes)
            #expect(ContinuousClock.now - started > .seconds(2), "the reader was meant to be slower than the idle limit")
            #expect(slowest < .seconds(1), "a small call waited \(slowest) behind a paused download")
        }
    }

    @Test(arguments: S3Transport.allCases) func smallBodiesArriveWholeAndLargerOnesStream(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { _, storage in
            for size in [0, 1, 65_536, 65_537, 300_000] {
                let bytes = patternBytes(size, seed: UInt64(size) + 1)
                _ = try await storage.put(key: "sized/\(size)", body: .buffer(ByteBuffer(bytes: bytes)), contentType: "application/octet-stream", createOnly: false)
                let download = try await storage.get(key: "sized/\(size)", range: nil)
                var received = [UInt8]()
                var chunks = 0
                for try await chunk in download.body {
                    received.append(contentsOf: chunk.readableBytesView)
                    chunks += 1
                }
                #expect(received == bytes, "size \(size)")
                #expect(download.info.size == Int64(size))
                if size <= 65_536 { #expect(chunks <= 1, "size \(size) came in \(chunks) chunks") }
            }
        }
    }

    @Test(arguments: S3Transport.allCases) func abandonedDownloadsFreeTheirWorkers(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport, workers: 2) { _, storage in
            let bytes = [UInt8](repeating: 7, count: 8 << 20)
            _ = try await storage.put(key: "big/8mb.bin", body: .buffer(ByteBuffer(bytes: bytes)), contentType: "application/octet-stream", createOnly: false)
            for round in 0..<5 {
                let download = try await storage.get(key: "big/8mb.bin", range: nil)
                if round % 2 == 0 {
                    var iterator = download.body.makeAsyncIterator()
                    _ = try await iterator.next()
                }  // odd rounds drop the body without reading it
            }
            let started = ContinuousClock.now
            let etag = try await withDeadline(.seconds(5)) {
                try await storage.put(key: "after.json", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: false)
            }
            #expect(!etag.isEmpty)
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test(arguments: S3Transport.allCases) func stallMidBodyThrowsFromNext(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport, idleTimeout: .seconds(1)) { server, storage in
            let bytes = [UInt8](repeating: 1, count: 24 << 20)
            _ = try await storage.put(key: "big/stall.bin", body: .buffer(ByteBuffer(bytes: bytes)), contentType: "application/octet-stream", createOnly: false)
            let download = try await storage.get(key: "big/stall.bin", range: nil)
            var iterator = download.body.makeAsyncIterator()
            var received = try await iterator.next()?.readableBytes ?? 0
            server.suspend()
            defer { server.resume() }
            let started = ContinuousClock.now
            do {
                for _ in 0..<10_000 {
                    guard let chunk = try await iterator.next() else { break }
                    received += chunk.readableBytes
                }
                Issue.record("the body ended quietly after \(received) of \(bytes.count) bytes")
            } catch let error as StorageError {
                #expect(error.code == .unavailable, "\(error)")
            }
            #expect(received < bytes.count)
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    @Test(arguments: S3Transport.allCases) func stalledServerIsUnavailableAfterTheTimeouts(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport, idleTimeout: .seconds(1), requestTimeout: .seconds(1)) { server, storage in
            _ = try await storage.put(key: "s.json", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: false)
            server.suspend()
            defer { server.resume() }
            for operation in [{ _ = try await storage.head(key: "s.json") }, { _ = try await storage.get(key: "s.json", range: nil) },
                              { try await storage.probe() }] {
                let started = ContinuousClock.now
                await expectError(.unavailable) { try await operation() }
                let elapsed = ContinuousClock.now - started
                #expect(elapsed >= .milliseconds(900) && elapsed < .milliseconds(2600), "took \(elapsed)")
            }
        }
    }

    @Test(arguments: S3Transport.allCases) func closedPortIsUnavailableWithinTheConnectTimeout(_ transport: S3Transport) async throws {
        let port = try closedLoopbackPort()
        let storage = try S3Storage(configuration: S3Configuration(
            endpoint: "http://127.0.0.1:\(port)", credentials: S3Credentials(accessKey: "ak", secretKey: "closed-port-secret"), workers: 2,
            transport: transport
        ))
        let started = ContinuousClock.now
        await expectError(.unavailable) { _ = try await storage.head(key: "x.json") }
        await expectError(.unavailable) { try await storage.probe() }
        #expect(ContinuousClock.now - started < .milliseconds(1500))
        await storage.shutdown()
    }

    @Test(arguments: S3Transport.allCases) func killedServerIsUnavailableThenRecovers(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { server, storage in
            _ = try await storage.put(key: "kept.json", body: .buffer(ByteBuffer(string: "{\"a\":1}")), contentType: "application/json", createOnly: true)
            server.kill()
            let started = ContinuousClock.now
            await expectError(.unavailable) { _ = try await storage.head(key: "kept.json") }
            await expectError(.unavailable) { try await storage.probe() }
            #expect(ContinuousClock.now - started < .seconds(2))
            try await server.restart()
            let info = try await retrying(for: .seconds(10)) { try await storage.head(key: "kept.json") }
            #expect(info.size == 7)
            try await storage.probe()
        }
    }

    @Test(arguments: S3Transport.allCases) func keptAliveConnectionsThatDieCostNoRequest(_ transport: S3Transport) async throws {
        // Kept-alive connections reset under the client (a store or load balancer dropping idle connections):
        // the next call opens a new one, or sends again on one, and the caller never sees an error.
        try await withServer { server in
            let proxy = try TCPProxy(upstreamPort: server.s3Port)
            defer { proxy.stop() }
            let storage = try S3Storage(configuration: S3Configuration(
                endpoint: proxy.endpoint, credentials: S3Credentials(accessKey: server.accessKey, secretKey: server.secretKey),
                workers: 4, transport: transport
            ))
            try await storage.ensureBucket()
            for round in 0..<5 {
                _ = try await storage.put(key: "k\(round).json", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: true)
                let before = proxy.acceptedConnections
                proxy.setMode(.reset)
                proxy.setMode(.pass)
                let info = try await storage.head(key: "k\(round).json")
                #expect(info.size == 2)
                #expect(proxy.acceptedConnections > before, "round \(round): no new connection after the reset")
            }
            await storage.shutdown()
        }
    }

    @Test(arguments: S3Transport.allCases) func wrongCredentialsAreAccessDeniedWithoutTheSecret(_ transport: S3Transport) async throws {
        try await withServer { server in
            let good = server.makeStorage(transport: transport)
            try await good.ensureBucket()
            await good.shutdown()
            let wrongSecret = "wrong-secret-Zq81xv"
            let bad = server.makeStorage(secretKey: wrongSecret, transport: transport)
            for operation in [{ _ = try await bad.list(prefix: "", cursor: nil, limit: 10) }, { _ = try await bad.head(key: "a.json") }] {
                do {
                    try await operation()
                    Issue.record("a request signed with the wrong secret succeeded")
                } catch let error as StorageError {
                    #expect(error.code == .accessDenied, "\(error)")
                    let text = "\(error) \(error.message) \(error.cause ?? "") \(String(reflecting: error))"
                    #expect(!text.contains(wrongSecret) && !text.contains(server.secretKey))
                }
            }
            await bad.shutdown()
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

// MARK: - Helpers

/// Runs `body` with a fresh server, stopping it afterwards whatever happens.
private func withServer(_ body: (SeaweedFSServer) async throws -> Void) async throws {
    let server = try await SeaweedFSServer.start()
    defer { server.stop() }
    try await body(server)
}

/// Runs `body` with a fresh server and a storage whose bucket exists.
private func withStorage(
    transport: S3Transport = .nio,
    workers: Int = 4,
    idleTimeout: Duration = .seconds(5),
    requestTimeout: Duration = .seconds(5),
    _ body: (SeaweedFSServer, S3Storage) async throws -> Void
) async throws {
    try await withServer { server in
        let storage = server.makeStorage(workers: workers, idleTimeout: idleTimeout, requestTimeout: requestTimeout, transport: transport)
        do {
            try await storage.ensureBucket()
            try await body(server, storage)
        } catch {
            await storage.shutdown()
            throw error
        }
        await storage.shutdown()
    }
}

/// Expects `body` to throw a `StorageError` with `code`.
private func expectError(_ code: StorageError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as StorageError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected StorageError \(code), got \(String(reflecting: error))", sourceLocation: sourceLocation)
    }
}

private func collect(_ body: ObjectBody) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await chunk in body { bytes += chunk.readableBytesView }
    return bytes
}

private func listAll(_ storage: S3Storage, prefix: String) async throws -> [ObjectInfo] {
    var objects: [ObjectInfo] = []
    var cursor: String?
    for _ in 0..<100 {
        let page = try await storage.list(prefix: prefix, cursor: cursor, limit: 1000)
        objects += page.objects
        cursor = page.nextCursor
        if cursor == nil { break }
    }
    return objects
}

private func md5Hex(_ bytes: [UInt8]) -> String {
    let digest = StreamingDigest.md5()
    bytes.withUnsafeBytes { digest.update($0) }
    return digest.finalizeHex()
}

/// A temporary file of `size` pseudo-random bytes.
private func makeFile(size: Int) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("s3test-\(UUID().uuidString).bin").path
    var generator = SystemRandomNumberGenerator()
    var data = Data(count: size)
    data.withUnsafeMutableBytes { raw in
        let words = raw.bindMemory(to: UInt64.self)
        for index in words.indices { words[index] = generator.next() }
    }
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

private func fileSHA256(_ path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let digest = StreamingDigest.sha256()
    data.withUnsafeBytes { digest.update($0) }
    return digest.finalizeHex()
}

private struct DeadlineExceeded: Error {}

/// Runs `body`, failing with `DeadlineExceeded` when it takes longer than `limit`.
private func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
        return value
    }
}

/// Retries `body` every 200 ms until it succeeds or `limit` passes (then rethrows the last error).
private func retrying<T>(for limit: Duration, _ body: () async throws -> T) async throws -> T {
    let deadline = ContinuousClock.now + limit
    while true {
        do {
            return try await body()
        } catch {
            if ContinuousClock.now >= deadline { throw error }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// A loopback port nobody listens on (bound, then released).
private func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard ok else { throw DeadlineExceeded() }
    return Int(UInt16(bigEndian: address.sin_port))
}
