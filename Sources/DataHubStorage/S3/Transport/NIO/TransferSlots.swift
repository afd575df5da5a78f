import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// The transfers in flight over all event loops, at most `limit`, and the pools whose requests wait for one.
///
/// A pool that finishes a transfer hands its slot to its own next waiting request; with none, to the first pool
/// that waits. So requests queue in one place per loop, yet a busy loop can use slots another loop does not need.
/// The lock guards a few integers and is never held across I/O.
final class TransferSlots: Sendable {
    let limit: Int
    private let state: NIOLockedValueBox<(inFlight: Int, hungry: [StorePool])>

    init(limit: Int) {
        self.limit = max(1, limit)
        self.state = NIOLockedValueBox((0, []))
    }

    /// Takes a slot if one is free.
    func tryTake() -> Bool {
        state.withLockedValue { state in
            guard state.inFlight < limit else { return false }
            state.inFlight += 1
            return true
        }
    }

    /// Takes a slot if one is free, else records `pool` as waiting for one (once).
    func takeOrWait(_ pool: StorePool) -> Bool {
        state.withLockedValue { state in
            if state.inFlight < limit {
                state.inFlight += 1
                return true
            }
            if !state.hungry.contains(where: { $0 === pool }) { state.hungry.append(pool) }
            return false
        }
    }

    /// Gives a slot back, or passes it to the first waiting pool, which is returned: that pool now owns the slot.
    func giveBack() -> StorePool? {
        state.withLockedValue { state in
            if !state.hungry.isEmpty { return state.hungry.removeFirst() }
            state.inFlight -= 1
            return nil
        }
    }
}
