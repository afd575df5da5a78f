import NIOConcurrencyHelpers
import Prometheus

/// The Prometheus metrics DataHub exposes on `/metrics`: requests by route and status, latency histograms,
/// storage up/down and storage call latency. Each process (and each test app) owns its own registry, so
/// nothing is bootstrapped globally.
public final class APIMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    private let storageUp: Gauge
    private let exportSkipped: Counter
    private let integrityFailures: Counter

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct StorageKey: Hashable {
        var operation: String
        var outcome: String
    }

    /// Metric handles by label values, so a request costs a dictionary lookup rather than a registry lookup
    /// (which builds names and sorts labels). Every label is bounded: methods outside the standard set count as
    /// `other`, routes are the registered ones or `unmatched`, statuses are three digits.
    private struct Handles {
        var requests: [RequestKey: Counter] = [:]
        var latencies: [String: DurationHistogram] = [:]
        var storageCalls: [StorageKey: DurationHistogram] = [:]
    }

    private let handles = NIOLockedValueBox(Handles())
    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    /// Creates an empty registry with the storage gauge at 0.
    public init() {
        storageUp = registry.makeGauge(
            descriptor: .init(namespace: "datahub", metricName: "storage_up", unitName: "", helpText: "1 when the last storage probe succeeded")
        )
        exportSkipped = registry.makeCounter(
            descriptor: .init(
                namespace: "datahub",
                metricName: "export_skipped",
                unitName: "total",
                helpText: "objects left out of exports because they are not stored as JSON"
            )
        )
        integrityFailures = registry.makeCounter(
            descriptor: .init(
                namespace: "datahub",
                metricName: "integrity_failures",
                unitName: "total",
                helpText: "reads whose bytes did not match the SHA-256 stored with the object"
            )
        )
    }

    /// Counts one read whose bytes did not match the SHA-256 stored with the object.
    public func recordIntegrityFailure() {
        integrityFailures.increment()
    }

    /// Counts one object an export left out because it is not stored as JSON.
    public func recordExportSkipped() {
        exportSkipped.increment()
    }

    /// Counts one request and its latency.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let key = RequestKey(method: Self.knownMethods.contains(method) ? method : "other", route: route, status: status)
        cached(\.requests, key) {
            registry.makeCounter(
                descriptor: .init(namespace: "datahub", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
                labels: [("method", key.method), ("route", key.route), ("status", String(key.status))]
            )
        }.increment()
        cached(\.latencies, route) {
            registry.makeDurationHistogram(
                descriptor: .init(
                    namespace: "datahub",
                    metricName: "http_request_duration",
                    unitName: "seconds",
                    helpText: "time to response headers"
                ),
                labels: [("route", route)],
                buckets: Self.buckets
            )
        }.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Records one storage call's latency and outcome.
    public func recordStorageCall(_ operation: String, outcome: String, duration: Duration) {
        cached(\.storageCalls, StorageKey(operation: operation, outcome: outcome)) {
            registry.makeDurationHistogram(
                descriptor: .init(namespace: "datahub", metricName: "storage_call_duration", unitName: "seconds", helpText: "storage call latency"),
                labels: [("operation", operation), ("outcome", outcome)],
                buckets: Self.buckets
            )
        }.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// The handle for `key` in `table`, made (outside the lock) the first time. The registry returns the same
    /// metric for the same name and labels, so two threads racing to make one end up sharing it.
    private func cached<Key: Hashable, Metric>(_ table: WritableKeyPath<Handles, [Key: Metric]>, _ key: Key, make: () -> Metric) -> Metric {
        if let metric = handles.withLockedValue({ $0[keyPath: table][key] }) { return metric }
        let metric = make()
        handles.withLockedValue { $0[keyPath: table][key] = metric }
        return metric
    }

    /// Sets the storage up/down gauge.
    public func setStorageUp(_ up: Bool) {
        storageUp.set(to: up ? 1 : 0)
    }

    /// The exposition text.
    public func render() -> String {
        registry.emitToString()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
