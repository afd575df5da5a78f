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
            health: view,
            requests: counters.requests,
            status2xx: counters.status2xx,
            status4xx: counters.status4xx,
            status5xx: counters.status5xx,
            status503: counters.status503,
            activity: snapshot.activity.map { event in
                ActivityLine(time: event.time, text: event.text, isError: event.isError, changesData: event.changesData)
            },
            startedAt: snapshot.startedAt,
            version: snapshot.version
        )
    }
}
