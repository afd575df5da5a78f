import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finds and runs the external tools a test needs, failing loudly when one is missing.
enum ExternalProcess {
    /// The repository root, derived from this file's path (`<root>/Tests/S3SignerTests/ExternalProcess.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `DATAHUB_PYTHON` when set (and then only it), else `<repo root>/.venv/bin/python`; nil when that is not executable.
    static func python() -> URL? {
        let configured = ProcessInfo.processInfo.environment["DATAHUB_PYTHON"] ?? ""
        let path = configured.isEmpty ? repositoryRoot.path + "/.venv/bin/python" : configured
        return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// The outcome of a finished process.
    struct Outcome: Sendable {
        /// The exit status, or the signal number when `killedBySignal`.
        let status: Int32
        /// True when the process ended on a signal (the watchdog's SIGTERM on timeout, or a crash).
        let killedBySignal: Bool
        /// Everything the process wrote to standard error.
        let standardError: String
    }

    /// Runs `executable` with `arguments`; after `timeout` seconds the process (and only it, by PID) gets SIGTERM.
    ///
    /// Standard error goes to a temporary file rather than a pipe, so a chatty child can never block on a full pipe,
    /// and the wait is a termination handler, so no thread of the cooperative pool blocks.
    static func run(_ executable: URL, _ arguments: [String], timeout: Duration) async throws -> Outcome {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("s3signer-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        let (ended, endedContinuation) = AsyncStream.makeStream(of: (status: Int32, signalled: Bool).self)
        process.terminationHandler = { finished in
            endedContinuation.yield((finished.terminationStatus, finished.terminationReason == .uncaughtSignal))
            endedContinuation.finish()
        }
        try process.run()
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)  // throws when cancelled, so a finished process is never signalled
            kill(pid, SIGTERM)
        }
        var result: (status: Int32, signalled: Bool) = (-1, true)
        for await outcome in ended { result = outcome }
        watchdog.cancel()
        let errorText = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return Outcome(status: result.status, killedBySignal: result.signalled, standardError: errorText)
    }
}
