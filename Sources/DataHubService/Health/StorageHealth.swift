public import Foundation

/// What the health monitor last learned about the store.
public struct StorageHealth: Sendable, Equatable {
    /// Reachability of the store.
    public enum Status: String, Sendable {
        /// No probe has finished yet.
        case unknown = "UNKNOWN"
        /// The last probe succeeded.
        case up = "UP"
        /// The last probe failed.
        case down = "DOWN"
    }

    /// Current status.
    public var status: Status = .unknown
    /// When the current status began.
    public var since: Date
    /// Duration of the last successful probe.
    public var latency: Duration?
    /// The last failure, sanitised (no secrets, no URLs with credentials).
    public var lastError: String?

    /// A health record that starts in `unknown` at `since`.
    public init(since: Date) { self.since = since }
}
