public import Foundation

/// The health state machine: pure, no I/O, time passed in. The monitor drives it with probe results.
public struct HealthStateMachine: Sendable {
    /// What a probe result changed.
    public enum Transition: Sendable, Equatable {
        /// Nothing changed status.
        case none
        /// The store answers again (or for the first time); `outage` is how long it was down, if it was.
        case wentUp(outage: Duration?)
        /// The store stopped answering.
        case wentDown
    }

    /// The current health.
    public private(set) var health: StorageHealth

    /// Starts in `unknown`.
    public init(now: Date) { health = StorageHealth(since: now) }

    /// Records a successful probe.
    public mutating func probeSucceeded(latency: Duration, at now: Date) -> Transition {
        health.latency = latency
        guard health.status != .up else { return .none }
        let outage: Duration? =
            health.status == .down ? .milliseconds(Int64(now.timeIntervalSince(health.since) * 1000)) : nil
        health.status = .up
        health.since = now
        return .wentUp(outage: outage)
    }

    /// Records a failed probe with its sanitised reason.
    public mutating func probeFailed(_ reason: String, at now: Date) -> Transition {
        health.lastError = reason
        guard health.status != .down else { return .none }
        health.status = .down
        health.since = now
        health.latency = nil
        return .wentDown
    }
}
