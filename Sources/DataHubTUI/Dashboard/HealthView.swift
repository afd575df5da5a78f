import Foundation

/// The storage health as the dashboard shows it.
struct HealthView: Equatable, Sendable {
    /// Reachability.
    enum State: Equatable, Sendable { case unknown, up, down }
    /// Reachability.
    var state: State = .unknown
    /// When the state began.
    var since: Date
    /// Latency of the last good probe in milliseconds.
    var latencyMs: Int?
    /// The last failure.
    var lastError: String?
}
