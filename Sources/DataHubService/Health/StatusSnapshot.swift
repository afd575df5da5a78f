public import Foundation

/// Everything the dashboard shows that the service layer owns, as one value.
public struct StatusSnapshot: Sendable {
    /// Storage health.
    public var health: StorageHealth
    /// Counters of the API.
    public var counters: APICounters
    /// Newest first, bounded.
    public var activity: [ActivityEvent]
    /// When the process started.
    public var startedAt: Date
    /// Incremented on every change, so readers can tell whether anything moved.
    public var version: UInt64
}
