import Foundation

/// What the service layer publishes, converted for the screen.
struct StatusView: Equatable, Sendable {
    /// Storage health.
    var health: HealthView
    /// Requests answered.
    var requests = 0
    /// 2xx answers.
    var status2xx = 0
    /// 4xx answers.
    var status4xx = 0
    /// 5xx answers.
    var status5xx = 0
    /// 503 answers.
    var status503 = 0
    /// Newest first.
    var activity: [ActivityLine] = []
    /// When the process started.
    var startedAt: Date
    /// Changes whenever anything changed.
    var version: UInt64 = 0
}
