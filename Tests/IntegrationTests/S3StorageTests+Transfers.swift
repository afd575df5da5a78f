import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import S3Signer
import Testing

// How transfers behave under pressure and failure: slow readers, stalls, dead servers, kept-alive connections.
extension S3StorageTests {
    @Test(arguments: S3Transport.allCases) func aSlowReaderPausesItsTransferWithoutTimingOutOrHoldingUpOthers(_ transport: S3Transport) async throws {
        // Idle limit 1 s; the reader takes > 3 s, with the 1 MiB queue full most of the time: a paused transfer
        // is not idle. Meanwhile small calls on the same loop still answer at once.
        try await withStorage(transport: transport, workers: 4, idleTimeout: .seconds(1)) { _, storage in
            let bytes = patternBytes(12 << 20, seed: 41)
            _ = try await storage.put(
                key: "big/12mb.bin",
                body: .buffer(ByteBuffer(bytes: bytes)),
                contentType: "application/octet-stream",
                createOnly: false
            )
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
                    _ = try await storage.put(
                        key: "small/\(received.count).json",
                        body: .buffer(ByteBuffer(string: "{}")),
                        contentType: "application/json",
                        createOnly: false
                    )
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
                _ = try await storage.put(
                    key: "sized/\(size)",
                    body: .buffer(ByteBuffer(bytes: bytes)),
                    contentType: "application/octet-stream",
                    createOnly: false
                )
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
            _ = try await storage.put(
                key: "big/8mb.bin",
                body: .buffer(ByteBuffer(bytes: bytes)),
                contentType: "application/octet-stream",
                createOnly: false
            )
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
            _ = try await storage.put(
                key: "big/stall.bin",
                body: .buffer(ByteBuffer(bytes: bytes)),
                contentType: "application/octet-stream",
                createOnly: false
            )
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
            for operation in [
                { _ = try await storage.head(key: "s.json") }, { _ = try await storage.get(key: "s.json", range: nil) },
                { try await storage.probe() },
            ] {
                let started = ContinuousClock.now
                await expectError(.unavailable) { try await operation() }
                let elapsed = ContinuousClock.now - started
                #expect(elapsed >= .milliseconds(900) && elapsed < .milliseconds(2600), "took \(elapsed)")
            }
        }
    }

    @Test(arguments: S3Transport.allCases) func closedPortIsUnavailableWithinTheConnectTimeout(_ transport: S3Transport) async throws {
        let port = try closedLoopbackPort()
        let storage = try S3Storage(
            configuration: S3Configuration(
                endpoint: "http://127.0.0.1:\(port)",
                credentials: S3Credentials(accessKey: "ak", secretKey: "closed-port-secret"),
                workers: 2,
                transport: transport
            )
        )
        let started = ContinuousClock.now
        await expectError(.unavailable) { _ = try await storage.head(key: "x.json") }
        await expectError(.unavailable) { try await storage.probe() }
        #expect(ContinuousClock.now - started < .milliseconds(1500))
        await storage.shutdown()
    }

    @Test(arguments: S3Transport.allCases) func killedServerIsUnavailableThenRecovers(_ transport: S3Transport) async throws {
        try await withStorage(transport: transport) { server, storage in
            _ = try await storage.put(
                key: "kept.json",
                body: .buffer(ByteBuffer(string: "{\"a\":1}")),
                contentType: "application/json",
                createOnly: true
            )
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
            let storage = try S3Storage(
                configuration: S3Configuration(
                    endpoint: proxy.endpoint,
                    credentials: S3Credentials(accessKey: server.accessKey, secretKey: server.secretKey),
                    workers: 4,
                    transport: transport
                )
            )
            try await storage.ensureBucket()
            for round in 0..<5 {
                _ = try await storage.put(
                    key: "k\(round).json",
                    body: .buffer(ByteBuffer(string: "{}")),
                    contentType: "application/json",
                    createOnly: true
                )
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
}
