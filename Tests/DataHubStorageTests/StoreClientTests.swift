import EventLoopExecutor
import Foundation
import NIOCore
import NIOPosix
import S3Signer
import Synchronization
import Testing

@testable import DataHubStorage

/// The NIO transport's parts that no well-behaved store exercises: a scripted HTTP server answers each request
/// as a test says (close without answering, garbage, `Connection: close`). The transport against a real store is
/// tested in IntegrationTests (S3StorageTests and the contract suite run on both transports).
@Suite struct StoreClientTests {
    @Test func slotsAreSharedAndAFreedOneGoesToTheFirstWaitingPool() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let slots = TransferSlots(limit: 2)
        let address = try StoreAddress(S3Endpoint(parsing: "http://127.0.0.1:1"))
        let first = StorePool(loop: loop, address: address, tls: nil, slots: slots, mapError: { $0 })
        let second = StorePool(loop: loop, address: address, tls: nil, slots: slots, mapError: { $0 })
        #expect(slots.tryTake() && slots.tryTake())
        #expect(!slots.tryTake())
        #expect(!slots.takeOrWait(first))
        #expect(!slots.takeOrWait(second))
        #expect(!slots.takeOrWait(first), "a pool waits once")
        #expect(slots.giveBack() === first)
        #expect(slots.giveBack() === second)
        #expect(slots.giveBack() == nil, "nobody waits: the slot is free again")
        #expect(slots.tryTake())
        #expect(!slots.tryTake())
    }

    @Test func addressesSplitIntoHostPortAndServerName() throws {
        let plain = try StoreAddress(S3Endpoint(parsing: "127.0.0.1:9000"))
        #expect(plain.host == "127.0.0.1" && plain.port == 9000 && plain.serverName == nil)
        let named = try StoreAddress(S3Endpoint(parsing: "https://minio.example.com"))
        #expect(named.host == "minio.example.com" && named.port == 443 && named.serverName == "minio.example.com")
        let v6 = try StoreAddress(S3Endpoint(parsing: "http://[::1]:9001"))
        #expect(v6.host == "::1" && v6.port == 9001 && v6.serverName == nil)
        #expect(throws: StorageError.self) { try StoreAddress(S3Endpoint(parsing: "http://host:99999")) }
        #expect(throws: StorageError.self) { try StoreAddress(S3Endpoint(parsing: "http://host:port")) }
    }

    @Test func aKeptAliveConnectionClosedBeforeTheAnswerIsRetriedOnceOnAFreshOne() async throws {
        // Connection 1 answers the first request, then closes on the second without a byte; the second request
        // must go again, on connection 2, and succeed.
        let server = try ScriptedServer { connection, request in
            connection == 1 && request == 2 ? .close : .answer(ScriptedServer.headOK)
        }
        defer { server.stop() }
        let storage = try server.storage()
        _ = try await storage.head(key: "a.json")
        let info = try await storage.head(key: "a.json")
        #expect(info.size == 2)
        #expect(server.connections == 2)
        await storage.shutdown()
    }

    @Test func aFreshConnectionClosedBeforeTheAnswerIsUnavailableWithoutARetry() async throws {
        let server = try ScriptedServer { _, _ in .close }
        defer { server.stop() }
        let storage = try server.storage()
        await expectUnavailable(containing: "closed the connection") { _ = try await storage.head(key: "a.json") }
        #expect(server.connections == 1, "a fresh connection that fails is not retried")
        await storage.shutdown()
    }

    @Test func anAnswerThatIsNotHTTPIsUnavailable() async throws {
        let server = try ScriptedServer { _, _ in .answer("SSH-2.0-OpenSSH_9.6\r\n\r\n") }
        defer { server.stop() }
        let storage = try server.storage()
        await expectUnavailable(containing: "not valid HTTP") { _ = try await storage.head(key: "a.json") }
        await storage.shutdown()
    }

    @Test func bytesBeyondTheAnswerRetireTheConnection() async throws {
        // The first answer is followed by bytes nobody asked for: the answer stands, the connection is not reused.
        // With one slot, the second call waits for the first and would be handed its connection the moment the
        // first answer ends, before the stray bytes are looked at: it must get a fresh connection instead.
        let server = try ScriptedServer { _, request in
            .answer(request == 1 ? ScriptedServer.headOK + "HTTP/1.1 200 OK\r\n\r\n" : ScriptedServer.headOK)
        }
        defer { server.stop() }
        let storage = try server.storage(workers: 1)
        // Both calls on one event loop, so that both queue in one pool (as a server's handlers on a loop do).
        try await withTaskExecutorPreference(EventLoopTaskExecutor.shared) { () async throws in
            async let first = storage.head(key: "a.json")
            async let second = storage.head(key: "b.json")
            #expect(try await first.size == 2)
            #expect(try await second.size == 2)
        }
        #expect(server.connections == 2)
        await storage.shutdown()
    }

    @Test func chunkedAndCloseDelimitedAnswersAreReadWhole() async throws {
        let listing =
            "<ListBucketResult><IsTruncated>false</IsTruncated>"
            + "<Contents><Key>a.json</Key><Size>2</Size><LastModified>2026-11-25T10:00:00Z</LastModified><ETag>\"abc\"</ETag></Contents>"
            + "<Contents><Key>b.json</Key><Size>3</Size><LastModified>2026-11-25T10:00:00Z</LastModified><ETag>\"def\"</ETag></Contents>"
            + "</ListBucketResult>"
        let bytes = Array(listing.utf8)
        let chunked =
            stride(from: 0, to: bytes.count, by: 37).map { start in
                let piece = bytes[start..<min(start + 37, bytes.count)]
                return String(piece.count, radix: 16) + ";ext=1\r\n" + String(decoding: piece, as: UTF8.self) + "\r\n"
            }.joined() + "0\r\nX-Trailer: t\r\n\r\n"
        let server = try ScriptedServer { _, request in
            request == 1
                ? .answer("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
                : .answerThenClose("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n" + listing)
        }
        defer { server.stop() }
        let storage = try server.storage()
        for _ in 0..<2 {
            let page = try await storage.list(prefix: "", cursor: nil, limit: 10)
            #expect(page.objects.map(\.key) == ["a.json", "b.json"] && page.nextCursor == nil)
        }
        await storage.shutdown()
    }

    @Test func connectionCloseInTheAnswerIsHonoured() async throws {
        let server = try ScriptedServer { _, _ in
            .answer(ScriptedServer.headOK.replacingOccurrences(of: "\r\n\r\n", with: "\r\nConnection: close\r\n\r\n"))
        }
        defer { server.stop() }
        let storage = try server.storage()
        for _ in 0..<3 { _ = try await storage.head(key: "a.json") }
        #expect(server.connections == 3)
        await storage.shutdown()
    }

    @Test func aStorageDroppedWithoutShutdownClosesItsConnections() async throws {
        let server = try ScriptedServer { _, _ in .answer(ScriptedServer.headOK) }
        defer { server.stop() }
        do {
            let storage = try server.storage()
            _ = try await storage.head(key: "a.json")
        }
        let deadline = ContinuousClock.now + .seconds(3)
        while server.closedConnections < server.connections && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.connections == 1 && server.closedConnections == 1)
    }

    @Test func aRequestThatWaitedAWholeTimeoutForASlotFailsUnsent() async throws {
        // One slot, held by a download whose body stops coming (only the idle limit bounds it, set long here so
        // that a loaded machine stalling this test for seconds cannot end it): a HEAD behind it waits its whole
        // total limit, then fails without ever being sent.
        let server = try ScriptedServer { _, _ in
            .answer("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nETag: \"abc\"\r\nLast-Modified: Wed, 25 Nov 2026 10:00:00 GMT\r\n\r\n0123456789")
        }
        defer { server.stop() }
        let storage = try server.storage(workers: 1, idleTimeout: .seconds(120), requestTimeout: .milliseconds(500))
        let download = try await storage.get(key: "big.json", range: nil)
        let started = ContinuousClock.now
        await expectUnavailable(containing: "waited") { _ = try await storage.head(key: "b.json") }
        #expect(ContinuousClock.now - started >= .milliseconds(400))
        #expect(server.requests == 1)
        // Read from the download only now, so that it is surely still held (and its slot taken) during the HEAD.
        var body = download.body.makeAsyncIterator()
        #expect(try await body.next().map { String(buffer: $0) } == "0123456789")
        await storage.shutdown()
    }

    @Test func aCallCancelledBeforeItStartsFailsAtOnceAndHoldsNoSlot() async throws {
        let server = try ScriptedServer { _, _ in .answer(ScriptedServer.headOK) }
        defer { server.stop() }
        let storage = try server.storage(workers: 1)
        // Cancelled before its first step: the exchange ends before the pool ever sees it.
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await storage.head(key: "a.json")
        }
        await #expect(throws: CancellationError.self) { _ = try await cancelled.value }
        #expect(server.requests == 0, "nothing was sent")
        // The one slot is free: the next call goes through.
        #expect(try await storage.head(key: "a.json").size == 2)
        await storage.shutdown()
    }

    @Test func headerValuesAreCheckedOnceAtStart() throws {
        // Requests go out without NIO's per-request header check: what users configure is checked here instead.
        #expect(throws: StorageError.self) { try S3Endpoint(parsing: "http://minio\u{1}:9000") }
        #expect(throws: StorageError.self) { try S3Endpoint(parsing: "http://mi nio:9000") }
        #expect(throws: StorageError.self) { try S3Endpoint(parsing: "http://minio:9000\r\nX-Evil: 1") }
        for key in ["AKIA\r\nX-Evil: 1", "AKIA KEY", "AKIA\u{7F}"] {
            #expect(throws: StorageError.self) {
                try S3Storage(
                    configuration: S3Configuration(
                        endpoint: "http://127.0.0.1:9000",
                        credentials: S3Credentials(accessKey: key, secretKey: "s"),
                        transport: .nio
                    )
                )
            }
        }
        do {
            _ = try S3Storage(
                configuration: S3Configuration(
                    endpoint: "http://127.0.0.1:9000",
                    credentials: S3Credentials(accessKey: "AKIA\nSECRETLOOKING", secretKey: "s"),
                    transport: .nio
                )
            )
            Issue.record("a key with a line break was accepted")
        } catch let error as StorageError {
            #expect(!error.message.contains("SECRETLOOKING"), "the message does not echo the key")
        }
    }
}

/// Expects an `.unavailable` StorageError whose message or cause contains `text`.
private func expectUnavailable(containing text: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected unavailable, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as StorageError {
        #expect(error.code == .unavailable, "\(error)", sourceLocation: sourceLocation)
        let all = "\(error.message) \(error.cause ?? "")"
        #expect(all.contains(text), "\(all)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}

/// A loopback HTTP server that answers each request head as `script` says: by connection (1, 2, …) and by
/// request within all connections (1, 2, …).
private final class ScriptedServer: Sendable {
    enum Action: Sendable {
        case answer(String)
        /// Answers, then closes the connection (which ends a body without a length).
        case answerThenClose(String)
        case close
        case silence
    }

    static let headOK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nETag: \"abc\"\r\nLast-Modified: Wed, 25 Nov 2026 10:00:00 GMT\r\n\r\n"

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    private let counts = Counts()

    /// Connections and requests seen so far.
    final class Counts: Sendable {
        let state = Mutex((connections: 0, requests: 0, closed: 0))
    }

    var connections: Int { counts.state.withLock { $0.connections } }
    var requests: Int { counts.state.withLock { $0.requests } }
    var closedConnections: Int { counts.state.withLock { $0.closed } }
    var port: Int { channel.localAddress?.port ?? 0 }

    init(script: @escaping @Sendable (_ connection: Int, _ request: Int) -> Action) throws {
        let counts = self.counts
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                let number = counts.state.withLock { state in
                    state.connections += 1
                    return state.connections
                }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ScriptHandler(connection: number, counts: counts, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func storage(workers: Int = 4, idleTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(2)) throws -> S3Storage {
        try S3Storage(
            configuration: S3Configuration(
                endpoint: "http://127.0.0.1:\(port)",
                credentials: S3Credentials(accessKey: "ak", secretKey: "scripted-secret"),
                idleTimeout: idleTimeout,
                requestTimeout: requestTimeout,
                workers: workers,
                transport: .nio
            )
        )
    }

    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    private final class ScriptHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let connection: Int
        let counts: Counts
        let script: @Sendable (Int, Int) -> Action
        var pending = ""

        init(connection: Int, counts: Counts, script: @escaping @Sendable (Int, Int) -> Action) {
            self.connection = connection
            self.counts = counts
            self.script = script
        }

        func channelInactive(context: ChannelHandlerContext) {
            counts.state.withLock { $0.closed += 1 }
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += String(buffer: unwrapInboundIn(data))
            // Requests here are HEADs: a head ends the request.
            while let end = pending.range(of: "\r\n\r\n") {
                pending.removeSubrange(pending.startIndex..<end.upperBound)
                let number = counts.state.withLock { state in
                    state.requests += 1
                    return state.requests
                }
                switch script(connection, number) {
                case .answer(let text):
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
                case .answerThenClose(let text):
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
                    context.close(promise: nil)
                    return
                case .close:
                    context.close(promise: nil)
                    return
                case .silence:
                    break
                }
            }
        }
    }
}
