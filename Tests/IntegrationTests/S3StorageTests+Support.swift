import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import S3Signer
import Testing

/// `S3Storage` against a real SeaweedFS, one fresh server per test. Serialized: the timing checks
/// (connect timeout, idle abort) would be unfair on two cores shared with other servers.

// The helpers the S3Storage tests share: servers, stores, deadlines, files and digests.
extension S3StorageTests {
    /// Runs `body` with a fresh server, stopping it afterwards whatever happens.
    func withServer(_ body: (SeaweedFSServer) async throws -> Void) async throws {
        let server = try await SeaweedFSServer.start()
        defer { server.stop() }
        try await body(server)
    }

    /// Runs `body` with a fresh server and a storage whose bucket exists.
    func withStorage(
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
    func expectError(_ code: StorageError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected StorageError \(code), got \(String(reflecting: error))", sourceLocation: sourceLocation)
        }
    }

    func collect(_ body: ObjectBody) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body { bytes += chunk.readableBytesView }
        return bytes
    }

    func listAll(_ storage: S3Storage, prefix: String) async throws -> [ObjectInfo] {
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

    func md5Hex(_ bytes: [UInt8]) -> String {
        let digest = StreamingDigest.md5()
        bytes.withUnsafeBytes { digest.update($0) }
        return digest.finalizeHex()
    }

    /// A temporary file of `size` pseudo-random bytes.
    func makeFile(size: Int) throws -> String {
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

    func fileSHA256(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let digest = StreamingDigest.sha256()
        data.withUnsafeBytes { digest.update($0) }
        return digest.finalizeHex()
    }

    struct DeadlineExceeded: Error {}

    /// Runs `body`, failing with `DeadlineExceeded` when it takes longer than `limit`.
    func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
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
    func retrying<T>(for limit: Duration, _ body: () async throws -> T) async throws -> T {
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
    func closedLoopbackPort() throws -> Int {
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
}
