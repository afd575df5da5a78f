import DataHubService
import Foundation
import NIOConcurrencyHelpers

/// Shows `datahub verify`'s progress on stderr: a bar redrawn in place on a terminal (at most ten times a second),
/// otherwise a plain line every ten seconds, so a log or a cron mail stays short.
final class VerifyProgressReporter: Sendable {
    private struct State {
        var lastShown: ContinuousClock.Instant?
    }

    private let onTerminal: Bool
    private let start = ContinuousClock.now
    private let state = NIOLockedValueBox(State())

    /// Creates a reporter; `onTerminal` when stderr is a terminal.
    init(onTerminal: Bool) {
        self.onTerminal = onTerminal
        // Off a terminal the first line waits a whole period: a short run prints nothing but its report.
        if !onTerminal { state.withLockedValue { $0.lastShown = start } }
    }

    /// Shows the progress if enough time has passed since the last line.
    func show(_ progress: ObjectVerifier.Progress) {
        let now = ContinuousClock.now
        let every: Duration = onTerminal ? .milliseconds(100) : .seconds(10)
        let due = state.withLockedValue { state in
            if let last = state.lastShown, now - last < every { return false }
            state.lastShown = now
            return true
        }
        if due { draw(progress, at: now) }
    }

    /// Leaves the finished bar on a terminal (the walk's total is known by then), so the report starts below it.
    func finish(_ report: VerifyReport) {
        guard onTerminal else { return }
        let progress = ObjectVerifier.Progress(
            checked: report.checked,
            mismatched: report.mismatched.count,
            bytes: report.bytes,
            total: report.checked
        )
        draw(progress, at: .now)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(_ progress: ObjectVerifier.Progress, at now: ContinuousClock.Instant) {
        let elapsed = now - start
        let bar = ProgressBar(
            done: progress.checked,
            total: progress.total,
            elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
        let damaged = progress.mismatched > 0 ? "  \(Format.grouped(progress.mismatched)) MISMATCHED" : ""
        if onTerminal {
            let line = bar.line(width: max(20, Self.columns() - 1 - damaged.count)) + damaged
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            FileHandle.standardError.write(Data(("verify: " + bar.line(width: 200) + damaged + "\n").utf8))
        }
    }

    /// The terminal's width, 80 when it cannot be asked.
    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
