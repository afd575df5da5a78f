import Foundation

/// A command run to its end with its stdout and stderr in files (never pipes, so a chatty child cannot block);
/// after `timeout` the process (only it, by pid) gets SIGTERM.
enum OneShotProcess {
    /// What the command left.
    struct Result: Sendable {
        /// The exit status; negative for a signal.
        var status: Int32
        /// Everything written to stdout.
        var stdout: String
        /// Everything written to stderr.
        var stderr: String
    }

    /// Runs `executable` with `arguments` and exactly `environment` (plus PATH and HOME).
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) async throws -> Result {
        let base = NSTemporaryDirectory() + "oneshot-\(UUID().uuidString)"
        var handles: [FileHandle] = []
        for name in [".out", ".err"] {
            _ = FileManager.default.createFile(atPath: base + name, contents: nil)
            handles.append(try FileHandle(forWritingTo: URL(fileURLWithPath: base + name)))
        }
        defer {
            for handle in handles { try? handle.close() }
            for name in [".out", ".err"] { try? FileManager.default.removeItem(atPath: base + name) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { $1 }
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        process.standardInput = FileHandle.nullDevice
        let (ended, continuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationReason == .uncaughtSignal ? -finished.terminationStatus : finished.terminationStatus)
            continuation.finish()
        }
        try process.run()
        TestPaths.recordPid(process.processIdentifier)
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)  // throws when cancelled, so a finished process is never signalled
            kill(pid, SIGTERM)
        }
        var status: Int32 = -1
        for await value in ended { status = value }
        watchdog.cancel()
        let read = { (name: String) in (try? String(contentsOfFile: base + name, encoding: .utf8)) ?? "" }
        return Result(status: status, stdout: read(".out"), stderr: read(".err"))
    }
}
