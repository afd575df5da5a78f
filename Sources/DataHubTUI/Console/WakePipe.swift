import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// A self-pipe that wakes the screen loop out of `poll()`. Writers from any thread call `wake()`; wake-ups
/// are coalesced (at most one byte waits in the pipe), so a burst of changes costs one redraw.
final class WakePipe: Sendable {
    /// The end the loop polls.
    let readFD: Int32
    /// The end writers (and the SIGWINCH handler) write to.
    let writeFD: Int32
    private let pending = NIOLockedValueBox(false)

    /// Opens a non-blocking, close-on-exec pipe.
    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Wakes the loop (once until the loop drains).
    func wake() {
        let already = pending.withLockedValue { value -> Bool in
            defer { value = true }
            return value
        }
        guard !already else { return }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe; called by the loop after poll reports it readable.
    func drain() {
        // Read first, then clear: cleared first, a wake in between would write a byte this read swallows,
        // leaving `pending` set over an empty pipe, and every later wake silent (updates then waited for
        // the clock's tick). A wake suppressed here is not lost: the loop takes the mailbox after draining.
        var buffer = [UInt8](repeating: 0, count: 64)
        for _ in 0..<64 where read(readFD, &buffer, buffer.count) > 0 {}
        pending.withLockedValue { $0 = false }
    }

    /// Closes both ends.
    func close() {
        _ = Glibc.close(readFD)
        _ = Glibc.close(writeFD)
    }
}
