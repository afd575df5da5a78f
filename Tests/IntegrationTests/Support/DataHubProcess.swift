import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `datahub` binary started with `--api-only` on a free loopback port, for end-to-end tests.
final class DataHubProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let logDirectory: String
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The built binary: `DATAHUB_BINARY`, else `.build/debug/datahub` next to this package.
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["DATAHUB_BINARY"] { return path }
        return TestPaths.repositoryRoot + "/.build/debug/datahub"
    }

    /// Starts the binary with `arguments` after `--api-only --port N`, and `environment` added to a clean one.
    init(arguments: [String] = [], environment: [String: String] = [:]) async throws {
        port = try TestPaths.freePort()
        logDirectory = NSTemporaryDirectory() + "datahub-logs-\(UUID().uuidString)"
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = ["--api-only", "--port", String(port), "--log-dir", logDirectory] + arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: Self.binaryPath) else {
            throw TestFailure("datahub binary not found at \(Self.binaryPath); run `swift build` first")
        }
        try process.run()
        TestPaths.recordPid(process.processIdentifier)
        try await waitUntilHealthy()
    }

    private func waitUntilHealthy() async throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let response = try? await HTTP.request("GET", baseURL + "/health", timeout: 1), response.status == 200 { return }
            guard process.isRunning else { throw TestFailure("datahub exited with status \(process.terminationStatus) at start") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("datahub did not answer /health within 20 s")
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit status.
    @discardableResult
    func stop() async -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logDirectory)
        return process.terminationStatus
    }

    /// Everything the process logged so far.
    func logText() -> String {
        (try? String(contentsOfFile: logDirectory + "/datahub.log", encoding: .utf8)) ?? ""
    }
}

/// A test failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Paths, ports and pid bookkeeping shared by the integration tests.
enum TestPaths {
    /// The package root, found from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A loopback TCP port that was free a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw TestFailure("bind() failed") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Records a child pid in `$DATAHUB_TEST_PIDDIR`, so the test script can stop leftovers.
    static func recordPid(_ pid: Int32) {
        guard let dir = ProcessInfo.processInfo.environment["DATAHUB_TEST_PIDDIR"] else { return }
        _ = FileManager.default.createFile(atPath: "\(dir)/\(pid)", contents: nil)
    }
}
