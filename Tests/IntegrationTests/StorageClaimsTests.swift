import DataHubService
import DataHubStorage
import Foundation
import S3Signer
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A loopback listener whose accept queue is full: a connection to it gets no answer at all (Linux drops the
/// SYN), unlike a closed port, which refuses at once. Loopback only; closed by `close()`.
final class BlackHoleListener: @unchecked Sendable {
    let port: Int
    private let sockets: [Int32]

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 0) == 0 else {
            _ = Glibc.close(listener)
            throw TestFailure("bind/listen failed")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        // Fill the accept queue (never accepted): once a connect stays pending, the queue is full.
        var sockets = [listener]
        var full = false
        for _ in 0..<16 {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard client >= 0 else { break }
            sockets.append(client)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            var target = address
            target.sin_port = in_port_t(UInt16(port).bigEndian)
            _ = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            var pending = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
            if poll(&pending, 1, 300) == 0 {
                full = true
                break
            }
        }
        self.port = port
        self.sockets = sockets
        guard full else {
            close()
            throw TestFailure("could not fill the accept queue of 127.0.0.1:\(port)")
        }
    }

    func close() {
        for fd in sockets { _ = Glibc.close(fd) }
    }
}

/// README claims about the store going wrong: the 1 s connect timeout against an address that does not answer,
/// and a bucket deleted behind DataHub's back.
@Suite(.serialized) struct StorageClaimsTests {
    /// The default configuration (connect timeout 1 s) against an address that drops the connection attempt: each
    /// call fails as unavailable after the connect timeout, not after the 5 s request timeout, and not at once.
    @Test(arguments: [S3Transport.nio, .curl])
    func connectTimeoutIsOneSecondAgainstAnAddressThatDoesNotAnswer(transport: S3Transport) async throws {
        let hole = try BlackHoleListener()
        defer { hole.close() }
        let configuration = S3Configuration(
            endpoint: "http://127.0.0.1:\(hole.port)",
            bucket: "analytics-data",
            credentials: S3Credentials(accessKey: "timeout-test", secretKey: "timeout-test-secret"),
            transport: transport
        )
        #expect(configuration.connectTimeout == .seconds(1))
        let storage = try S3Storage(configuration: configuration)
        for call in ["head", "list"] {
            let start = ContinuousClock.now
            do {
                if call == "head" {
                    _ = try await storage.head(key: "a.json")
                } else {
                    _ = try await storage.list(prefix: "", cursor: nil, limit: 10)
                }
                Issue.record("\(call) succeeded against a black hole")
            } catch let error as StorageError {
                #expect(error.code == .unavailable, "\(call): \(error)")
            }
            let seconds = Reliability.since(start)
            print("[connect timeout] \(transport) \(call): failed after \(String(format: "%.2f", seconds)) s")
            // The connect timeout is 1 s; a refused port would fail in milliseconds, the request timeout at 5 s.
            #expect(seconds >= 0.9 && seconds < 2.0, "\(transport) \(call) failed after \(seconds) s")
        }
        await storage.shutdown()
    }

    /// Sends a request signed with the server's credentials straight to SeaweedFS (behind DataHub's back).
    static func signed(_ s3: SeaweedFSServer, _ method: String, _ path: String) async throws -> HTTP.Response {
        let host = "127.0.0.1:\(s3.s3Port)"
        let signer = SigV4Signer(credentials: S3Credentials(accessKey: s3.accessKey, secretKey: s3.secretKey), region: "us-east-1")
        let headers = signer.signedHeaders(
            for: SignableRequest(method: method, host: host, path: path),
            payloadHash: SigV4Signer.emptyPayloadHash,
            date: Date()
        )
        return try await HTTP.request(method, "http://\(host)\(path)", headers: Dictionary(headers.map { ($0.name, $0.value) }) { $1 })
    }

    @Test func aBucketDeletedBehindDataHubsBackIsCreatedAgainWithoutARestart() async throws {
        let s3 = try await SeaweedFSServer.start()
        defer { s3.stop() }
        // The default timeouts and interval (1 s): the README's behaviour, and robust on a loaded machine.
        let hub = try await Reliability.hub(s3, arguments: [])
        let pid = hub.process.processIdentifier
        let created = try await HTTP.upload(hub.baseURL, #"{"before":"the bucket went"}"#)
        let name = try #require(created.json["filename"] as? String)
        let removed = try await HTTP.request("DELETE", hub.baseURL + "/data/\(name)")
        #expect(removed.status == 200, "DELETE answered \(removed.status): \(removed.text)")
        // The bucket is empty now; delete it in the store itself.
        let deleted = try await Self.signed(s3, "DELETE", "/analytics-data")
        #expect((200..<300).contains(deleted.status), "DELETE bucket answered \(deleted.status): \(deleted.text)")
        #expect(try await Self.signed(s3, "HEAD", "/analytics-data").status == 404)

        // The monitor makes the bucket again by itself (no request needed: SeaweedFS would also make a bucket on
        // the first PUT into it, which must not count here).
        try await APIEndToEndTests.waitFor("the bucket made again", within: 10) {
            try await Self.signed(s3, "HEAD", "/analytics-data").status == 200
        }
        try await APIEndToEndTests.waitFor("storage UP again", within: 5) {
            try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 200
        }
        // Uploads work again (never a 500 on the way).
        var statuses: [Int] = []
        try await APIEndToEndTests.waitFor("an upload after the bucket was deleted", within: 15) {
            let status = try await HTTP.upload(hub.baseURL, #"{"after":"the bucket came back"}"#).status
            statuses.append(status)
            return status == 201
        }
        #expect(!statuses.contains(500), "statuses while the bucket was missing: \(statuses)")
        #expect(try await Self.signed(s3, "HEAD", "/analytics-data").status == 200)
        let listing = try await Reliability.listAll(hub)
        #expect(listing.count == 1)
        #expect(hub.process.isRunning && hub.process.processIdentifier == pid)
        #expect(await hub.stop() == 0)
    }
}
