import ArgumentParser
import DataHubService
import DataHubStorage
import Dispatch
import EventLoopExecutor
import Foundation
import Logging
import NIOConcurrencyHelpers

/// `datahub verify`: re-hashes every object against the SHA-256 stored with it. Exit 0 when nothing mismatched,
/// 1 when something did, 2 when the check could not be completed (storage unreachable, objects unreadable).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every object against its stored SHA-256: exit 0 intact, 1 mismatch, 2 storage unreachable.",
        discussion: "Takes the same storage flags and environment as serve. Progress goes to stderr on a terminal; the report to stdout."
    )

    @OptionGroup var storageOptions: StorageOptions
    @Option(help: "Only the objects under this folder (default: the whole bucket).") var prefix: String?
    @Flag(help: "Print one JSON report instead of the summary.") var json = false
    @Option(help: "Reads in flight at once.") var parallel = 32

    func validate() throws {
        guard (1...256).contains(parallel) else { throw ValidationError("--parallel must be between 1 and 256") }
        if let prefix {
            do {
                _ = try ObjectName.normalizePrefix(prefix)
            } catch {
                throw ValidationError("--prefix: \(error.message)")
            }
        }
    }

    func run() throws {
        EventLoopGlobalExecutor.install()
        // The report says what went wrong; the storage layer's own log lines would only repeat it.
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        var flags = ConfigurationFlags()
        storageOptions.apply(to: &flags)
        flags.apiOnly = true
        let storage: any Storage
        do {
            let resolver = ConfigurationResolver(environment: ProcessInfo.processInfo.environment) { path in
                try String(contentsOfFile: path, encoding: .utf8)
            }
            storage = try makeStorage(configuration: try resolver.resolve(flags), logger: Logger(label: "datahub.verify"))
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("datahub verify: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        let verifier = ObjectVerifier(storage: storage, prefix: (try? ObjectName.normalizePrefix(prefix ?? "")) ?? "", width: parallel)
        let onTerminal = isatty(STDERR_FILENO) == 1
        let reporter = VerifyProgressReporter(onTerminal: onTerminal)
        let result = NIOLockedValueBox<VerifyReport?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: EventLoopTaskExecutor.shared) {
            // Only a bar on a terminal shows the total and ETA; without one, the second listing is not worth its cost.
            let report = await verifier.run(countTotal: onTerminal) { progress in reporter.show(progress) }
            await storage.shutdown()
            result.withLockedValue { $0 = report }
            finished.signal()
        }
        finished.wait()
        guard let report = result.withLockedValue({ $0 }) else { throw ExitCode(2) }
        reporter.finish(report)
        print(json ? report.json : VerifySummary(report: report).text)
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
