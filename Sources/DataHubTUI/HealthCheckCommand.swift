import ArgumentParser
import DataHubStorage
import Dispatch
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `datahub healthcheck`: the container's HEALTHCHECK, so the image needs no curl. Exit 0 only when both
/// `/health` and `/storage/health` answer 200.
struct HealthCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Check a running DataHub: exit 0 when the API and its storage are healthy."
    )

    @Option(help: "Base URL of the DataHub API.") var url = "http://127.0.0.1:5000"
    @Option(help: "Seconds to wait for each answer.") var timeout: Double = 3

    func run() throws {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        var healthy = true
        for (path, good, bad) in [
            ("/health", "DataHub API is healthy", "DataHub API is not answering"),
            ("/storage/health", "Storage bucket is accessible", "Storage is unavailable"),
        ] {
            let status = Self.fetchStatus(base + path, timeout: timeout)
            if status == 200 {
                print(good)
            } else {
                healthy = false
                print("\(bad) (\(status.map { "HTTP \($0)" } ?? "no answer") from \(path))")
            }
        }
        if !healthy { throw ExitCode(1) }
    }

    /// The status code of a GET, or nil when nothing answered in time.
    static func fetchStatus(_ url: String, timeout: Double) -> Int? {
        guard let target = URL(string: url) else { return nil }
        var request = URLRequest(url: target)
        request.timeoutInterval = timeout
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, _ in
            result.set((response as? HTTPURLResponse)?.statusCode)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + timeout + 1) == .success else { return nil }
        return result.get()
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int?
    func set(_ value: Int?) {
        lock.lock()
        self.value = value
        lock.unlock()
    }
    func get() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
