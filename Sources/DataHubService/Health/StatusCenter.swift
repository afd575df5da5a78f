public import DataHubStorage
public import Foundation
import NIOConcurrencyHelpers

/// The live status of the service, written by the API and the health monitor, read by `/storage/health`
/// and the dashboard. All state sits behind one short lock; nothing slow ever runs under it.
public final class StatusCenter: Sendable {
    private struct State {
        var machine: HealthStateMachine
        var counters = APICounters()
        var activity: [ActivityEvent] = []
        var version: UInt64 = 0
    }

    /// How many activity events are kept.
    public static let activityLimit = 200
    private let state: NIOLockedValueBox<State>
    private let listener = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)
    /// When the process started.
    public let startedAt: Date

    /// Creates an empty status board.
    public init(now: Date = Date()) {
        startedAt = now
        state = NIOLockedValueBox(State(machine: HealthStateMachine(now: now)))
    }

    /// Called (from any thread) after every change; the dashboard uses it to wake its loop.
    public func setChangeListener(_ listener: (@Sendable () -> Void)?) {
        self.listener.withLockedValue { $0 = listener }
    }

    /// The current storage health.
    public var health: StorageHealth { state.withLockedValue { $0.machine.health } }

    /// A copy of everything, for rendering.
    public func snapshot() -> StatusSnapshot {
        state.withLockedValue {
            StatusSnapshot(health: $0.machine.health, counters: $0.counters, activity: $0.activity, startedAt: startedAt, version: $0.version)
        }
    }

    /// Applies a probe result and records a feed line on a transition.
    @discardableResult
    public func recordProbe(_ result: Result<Duration, StorageError>, at now: Date = Date()) -> HealthStateMachine.Transition {
        let transition = state.withLockedValue { state -> HealthStateMachine.Transition in
            let transition: HealthStateMachine.Transition
            switch result {
            case .success(let latency): transition = state.machine.probeSucceeded(latency: latency, at: now)
            case .failure(let error): transition = state.machine.probeFailed(error.message, at: now)
            }
            switch transition {
            case .none: break
            case .wentDown:
                let text = "storage DOWN (\(state.machine.health.lastError ?? "unknown"))"
                Self.append(&state, ActivityEvent(time: now, kind: .storageDown, text: text, isError: true))
            case .wentUp(let outage):
                let text = outage.map { "storage UP after \(Self.format($0)) down" } ?? "storage UP"
                Self.append(&state, ActivityEvent(time: now, kind: .storageUp, text: text))
            }
            state.version &+= 1
            return transition
        }
        notify()
        return transition
    }

    /// Counts one answered API request and adds it to the feed.
    /// - Parameters:
    ///   - route: the route that answered (`/data/{key}`), or `unmatched`.
    ///   - path: the request's path, as shown in the feed.
    public func recordRequest(method: String, route: String, path: String, status: Int, duration: Duration, at now: Date = Date()) {
        state.withLockedValue { state in
            state.counters.requests += 1
            switch status {
            case 200..<300: state.counters.status2xx += 1
            case 400..<500: state.counters.status4xx += 1
            case 500...: state.counters.status5xx += 1
            default: break
            }
            if status == 503 { state.counters.status503 += 1 }
            let shown = path.count > 60 ? String(path.prefix(57)) + "…" : path
            let text = "\(method) \(shown) \(status) \(Self.format(duration))"
            Self.append(&state, .request(time: now, method: method, route: route, status: status, text: text))
            state.version &+= 1
        }
        notify()
    }

    /// Adds a line to the feed: `.info` for notes, `.dataChanged` for the console's uploads and deletes,
    /// `.integrityFailure` (shown as an error) for a damaged object.
    public func record(_ kind: ActivityEvent.Kind, _ text: String, isError: Bool = false, at now: Date = Date()) {
        state.withLockedValue { state in
            Self.append(&state, ActivityEvent(time: now, kind: kind, text: text, isError: isError || kind == .integrityFailure))
            state.version &+= 1
        }
        notify()
    }

    private func notify() {
        listener.withLockedValue { $0 }?()
    }

    private static func append(_ state: inout State, _ event: ActivityEvent) {
        state.activity.insert(event, at: 0)
        if state.activity.count > activityLimit { state.activity.removeLast(state.activity.count - activityLimit) }
    }

    /// "6 ms", "2.4 s", "3 min 5 s".
    public static func format(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        if ms < 1000 { return "\(Int(ms.rounded())) ms" }
        if ms < 60_000 { return String(format: "%.1f s", ms / 1000) }
        let seconds = Int(ms / 1000)
        return "\(seconds / 60) min \(seconds % 60) s"
    }
}
