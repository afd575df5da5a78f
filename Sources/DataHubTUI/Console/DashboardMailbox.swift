import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// Results of background work waiting for the screen thread, plus the pipe that announces them.
final class DashboardMailbox: Sendable {
    private let events = NIOLockedValueBox<[DashboardEvent]>([])
    private let stopped = NIOLockedValueBox(false)
    /// The wake-up pipe.
    let pipe: WakePipe

    /// Creates a mailbox with its own pipe.
    init() throws { pipe = try WakePipe() }

    /// Hands an event to the screen thread and wakes it.
    func post(_ event: DashboardEvent) {
        events.withLockedValue { $0.append(event) }
        pipe.wake()
    }

    /// Takes every waiting event.
    func take() -> [DashboardEvent] {
        events.withLockedValue { value in
            defer { value.removeAll() }
            return value
        }
    }

    /// Asks the loop to end (the service group finished, e.g. after SIGTERM).
    func stop() {
        stopped.withLockedValue { $0 = true }
        pipe.wake()
    }

    /// True once `stop` was called.
    var isStopped: Bool { stopped.withLockedValue { $0 } }
}
