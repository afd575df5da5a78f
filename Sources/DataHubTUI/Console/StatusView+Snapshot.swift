import DataHubService
import Foundation

extension StatusView {
    /// Converts the service layer's snapshot for the screen.
    init(_ snapshot: StatusSnapshot) {
        let health = snapshot.health
        var view = HealthView(since: health.since)
        view.state =
            switch health.status {
            case .up: .up
            case .down: .down
            case .unknown: .unknown
            }
        view.latencyMs = health.latency.map { Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) }
        view.lastError = health.lastError
        let counters = snapshot.counters
        self.init(
            health: view, requests: counters.requests, status2xx: counters.status2xx, status4xx: counters.status4xx,
            status5xx: counters.status5xx, status503: counters.status503,
            activity: snapshot.activity.map { event in
                let isError = (event.status ?? 0) >= 500 || (event.kind == .storage && event.text.contains("DOWN"))
                let write = event.kind == .request && (200..<300).contains(event.status ?? 0)
                    && (event.text.hasPrefix("POST /data") || event.text.hasPrefix("DELETE /data"))
                return ActivityLine(time: event.time, text: event.text, isError: isError, changesData: write)
            },
            startedAt: snapshot.startedAt, version: snapshot.version)
    }
}
