/// API counters since start.
public struct APICounters: Sendable, Equatable {
    /// Answered requests.
    public var requests = 0
    /// Answers with a 2xx status.
    public var status2xx = 0
    /// Answers with a 4xx status.
    public var status4xx = 0
    /// Answers with a 5xx status (503s included).
    public var status5xx = 0
    /// Answers with 503: storage unavailable.
    public var status503 = 0
}
