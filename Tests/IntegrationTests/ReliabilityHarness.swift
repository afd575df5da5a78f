import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The reliability suites of issue 7, nested here so that they run one after another: their timing bounds
/// (timeout + 1 s, /health within 1 s) are about DataHub, not about sharing two cores with each other.
@Suite(.serialized) struct ReliabilityTests {}

/// Shared pieces of the reliability suites: starting DataHub on a store, memory, timing and tallies.
enum Reliability {
    /// The storage timeout every reliability test configures (seconds), so "timeout + 1 s" stays short.
    static let storageTimeout = 2.0
    /// Flags that make DataHub give up on storage after `storageTimeout`.
    static let fastTimeouts = [
        "--s3-request-timeout", "2s", "--s3-idle-timeout", "2s", "--s3-connect-timeout", "0.5s",
        "--health-interval", "0.5s", "--health-timeout", "1s",
    ]

    /// Whether the long (soak) forms run: `DATAHUB_SOAK=1`.
    static var soak: Bool { ProcessInfo.processInfo.environment["DATAHUB_SOAK"] == "1" }

    /// Starts DataHub on `s3` (or on `endpoint`, e.g. a proxy in front of it) and waits until storage is UP.
    static func hub(
        _ s3: SeaweedFSServer,
        endpoint: String? = nil,
        arguments: [String] = fastTimeouts,
        environment: [String: String] = [:],
        waitForStorage: Bool = true
    ) async throws -> DataHubProcess {
        var env = ["MINIO_ENDPOINT": endpoint ?? s3.endpoint, "MINIO_ACCESS_KEY": s3.accessKey, "MINIO_SECRET_KEY": s3.secretKey]
        env.merge(environment) { $1 }
        let hub = try await DataHubProcess(arguments: arguments, environment: env)
        if waitForStorage {
            do {
                try await APIEndToEndTests.waitFor("storage UP", within: 15) {
                    try await HTTP.request("GET", hub.baseURL + "/storage/health", timeout: 2).status == 200
                }
            } catch {
                await hub.stop()
                throw error
            }
        }
        return hub
    }

    /// The resident set size of process `pid` in KiB (`VmRSS` in /proc), or 0 when unreadable.
    static func rssKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// A JSON body unique to `tag`, `padding` bytes longer than the minimum.
    static func body(_ tag: String, padding: Int = 0) -> Data {
        Data("{\"tag\":\"\(tag)\",\"pad\":\"\(String(repeating: "p", count: padding))\",\"n\":[1,2.5,true,null]}".utf8)
    }

    /// Every file name of a complete `GET /data` listing (`prefix` optional), with the API key if given.
    static func listAll(_ hub: DataHubProcess, prefix: String? = nil, headers: [String: String] = [:]) async throws -> [String] {
        let response = try await HTTP.request(
            "GET",
            hub.baseURL + "/data" + (prefix.map { "?prefix=" + $0 } ?? ""),
            headers: headers,
            timeout: 300
        )
        guard response.status == 200, let files = response.json["files"] as? [[String: Any]] else {
            throw TestFailure("listing answered \(response.status): \(response.text.prefix(300))")
        }
        let names = files.compactMap { $0["filename"] as? String }
        guard response.json["count"] as? Int == names.count else { throw TestFailure("listing count does not match its files") }
        return names
    }

    /// Seconds elapsed since `start`.
    static func since(_ start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Counters of one load run, safe to update from many tasks.
final class Tally: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let longest = Mutex<(seconds: Double, what: String)>((0, ""))
    private let problems = Mutex<[String]>([])

    /// Adds `amount` to the counter `name`.
    func add(_ name: String, _ amount: Int = 1) {
        counts.withLock { $0[name, default: 0] += amount }
    }

    /// The value of counter `name`.
    func count(_ name: String) -> Int { counts.withLock { $0[name] ?? 0 } }

    /// Records a response time; the longest one is kept.
    func time(_ seconds: Double, _ what: String) {
        longest.withLock { if seconds > $0.seconds { $0 = (seconds, what) } }
    }

    /// The longest recorded response.
    var slowest: (seconds: Double, what: String) { longest.withLock { $0 } }

    /// Records something that must not happen (kept to the first 20).
    func problem(_ text: String) {
        problems.withLock { if $0.count < 20 { $0.append(text) } }
        add("problems")
    }

    /// The recorded problems.
    var problemList: [String] { problems.withLock { $0 } }

    /// All counters, sorted, for printing.
    var summary: String {
        counts.withLock { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }
}

/// An integer shared between tasks.
final class SharedInt: Sendable {
    private let value: Mutex<Int>
    /// Starts at `initial`.
    init(_ initial: Int = 0) { value = Mutex(initial) }
    /// Returns the value, then adds one.
    func next() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
    /// Keeps the larger of the value and `candidate`.
    func raise(to candidate: Int) { value.withLock { $0 = max($0, candidate) } }
    /// The current value.
    var current: Int { value.withLock { $0 } }
}
