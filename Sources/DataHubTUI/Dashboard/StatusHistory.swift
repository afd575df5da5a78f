/// Per-second history of the API and storage, sampled from the counters the service already keeps: requests per
/// second, the share of 5xx answers among them (percent), and the storage probe's latency.
struct StatusHistory: Equatable, Sendable {
    /// Requests answered in each second.
    private(set) var requests = SecondSeries()
    /// Percent of each second's answers that were 5xx (`nil` when there were none to share).
    private(set) var errorShare = SecondSeries()
    /// The latest probe latency in each second, in milliseconds; `nil` while storage is down or unknown.
    private(set) var latency = SecondSeries()
    /// The second of uptime sampled last.
    private var lastSecond: Int?
    private var lastRequests = 0
    private var lastErrors = 0

    /// Samples `status` for the second of uptime `second`. Several calls in one second count once; seconds the
    /// screen loop slept through get no requests (their answers land in the second sampled now).
    mutating func sample(second: Int, status: StatusView) {
        guard let last = lastSecond else {
            lastSecond = second
            lastRequests = status.requests
            lastErrors = status.status5xx
            return
        }
        guard second > last else { return }
        let skipped = min(second - last - 1, SecondSeries.capacity)
        let latencyNow = status.health.state == .up ? status.health.latencyMs : nil
        for _ in 0..<skipped {
            requests.append(0)
            errorShare.append(nil)
            latency.append(latencyNow)
        }
        // Counters only grow; a smaller value means a new service layer, so start counting from it.
        let answered = max(0, status.requests - lastRequests)
        let failed = max(0, status.status5xx - lastErrors)
        requests.append(answered)
        errorShare.append(answered > 0 ? min(100, failed * 100 / answered) : nil)
        latency.append(latencyNow)
        lastSecond = second
        lastRequests = status.requests
        lastErrors = status.status5xx
    }
}
