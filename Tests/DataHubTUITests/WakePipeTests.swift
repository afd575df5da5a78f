import Foundation
import Synchronization
import Testing

@testable import DataHubTUI

#if canImport(Glibc)
import Glibc
#endif

/// The wake-up pipe never loses a wake: a writer that wakes while the loop drains must still wake the next poll.
@Suite struct WakePipeTests {
    @Test func aWakeDuringADrainIsNeverLost() throws {
        let pipe = try WakePipe()
        defer { pipe.close() }
        let posted = Atomic<Int>(0)
        let seen = Atomic<Int>(0)
        let finished = Atomic<Bool>(false)
        let rounds = 200_000
        // The screen loop's part: poll, drain, then read what was posted (as the loop takes the mailbox).
        let reader = Thread {
            defer { finished.store(true, ordering: .releasing) }
            var fds = [pollfd(fd: pipe.readFD, events: Int16(POLLIN), revents: 0)]
            while seen.load(ordering: .acquiring) < rounds {
                guard poll(&fds, 1, 1000) > 0 else { return }  // a lost wake: no byte ever comes
                pipe.drain()
                seen.store(posted.load(ordering: .acquiring), ordering: .releasing)
            }
        }
        reader.start()
        for i in 1...rounds {
            posted.store(i, ordering: .releasing)
            pipe.wake()
            if i % 16 == 0 { sched_yield() }  // let the reader run between wakes: the race needs it
        }
        let deadline = Date().addingTimeInterval(5)
        while seen.load(ordering: .acquiring) < rounds, Date() < deadline { usleep(1000) }
        // The pipe closes only after the reader stopped polling it.
        while !finished.load(ordering: .acquiring), Date() < deadline.addingTimeInterval(2) { usleep(1000) }
        #expect(seen.load(ordering: .acquiring) == rounds, "the loop stopped hearing wakes at \(seen.load(ordering: .acquiring)) of \(rounds)")
    }
}
