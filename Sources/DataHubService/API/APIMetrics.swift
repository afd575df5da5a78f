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

    /// Creates an empty registry with the storage gauge at 0.
    public init() {
        storageUp = registry.makeGauge(
            descriptor: .init(namespace: "datahub", metricName: "storage_up", unitName: "", helpText: "1 when the last storage probe succeeded"))
    }

    /// Counts one request and its latency.
    public func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(namespace: "datahub", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "datahub", metricName: "http_request_duration", unitName: "seconds", helpText: "time to response headers"),
            labels: [("route", route)], buckets: Self.buckets
        ).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Records one storage call's latency and outcome.
    public func recordStorageCall(_ operation: String, outcome: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "datahub", metricName: "storage_call_duration", unitName: "seconds", helpText: "storage call latency"),
            labels: [("operation", operation), ("outcome", outcome)], buckets: Self.buckets
        ).recordNanoseconds(Self.nanoseconds(duration))
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
