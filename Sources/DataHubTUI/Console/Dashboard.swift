import CNCurses
import DataHubService
import DataHubStorage
import Foundation

/// The operator console: the screen loop on the main thread. It blocks only in `poll()` on the terminal and the
/// wake-up pipe; keys and background results change the model, the model is rendered into a cell grid, and
/// only changed cells reach the terminal.
final class Dashboard {
    /// At most this many redraws per second for wake-ups that are not keys.
    static let maxRedrawsPerSecond = 20

    private let service: DataService
    private let mailbox: DashboardMailbox
    private let actions: DashboardActions
    private let terminal = Terminal()
    private let renderer = DashboardRenderer(glyphs: GlyphSet.from(environment: ProcessInfo.processInfo.environment))
    private var model: DashboardModel
    private var lastVersion: UInt64 = .max
    private var lastDraw = ContinuousClock.now

    /// Creates the console over the service layer.
    /// - Parameters:
    ///   - service: the service layer.
    ///   - mailbox: results of background work (also used by the runner to post the API address and to stop).
    ///   - shutdown: starts the graceful shutdown of the whole process.
    init(service: DataService, mailbox: DashboardMailbox, shutdown: @escaping @Sendable () -> Void) {
        self.service = service
        self.mailbox = mailbox
        actions = DashboardActions(service: service, mailbox: mailbox, shutdown: shutdown)
        let header = DashboardHeader(
            bucket: service.bucket,
            endpoint: service.storage.location,
            apiAddress: "",
            readOnly: service.configuration.readOnly
        )
        model = DashboardModel(header: header, status: StatusView(service.status.snapshot()))
    }

    /// Runs until `q`, a closed terminal, or `mailbox.stop()`; the terminal is restored on return.
    func run() {
        let pipe = mailbox.pipe
        terminal.start(wakeFD: pipe.writeFD)
        defer { terminal.stop() }
        service.status.setChangeListener { pipe.wake() }
        defer {
            service.status.setChangeListener(nil)
            actions.cancelAll()
        }
        dispatch(model.start())
        draw()
        var dirty = false
        while !model.quitting && !mailbox.isStopped {
            var fds = [pollfd(fd: terminal.inputFD, events: Int16(POLLIN), revents: 0), pollfd(fd: pipe.readFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, pollTimeout(dirty: dirty))
            if ready < 0 && errno != EINTR { break }
            if fds[1].revents != 0 { pipe.drain() }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                actions.run(.quit)
                break
            }
            let typed = fds[0].revents & Int16(POLLIN) != 0 ? handleKeys() : false
            for event in mailbox.take() { model.apply(event) }
            if let copy = model.takeCopy() { terminal.writeOutsideScreen(OSC52.sequence(copy.bytes)) }
            syncStatus()
            model.sampleHistory(now: Date())
            // Keys and the clock redraw at once; other wake-ups at most every 1/20 s.
            if typed || ready == 0 || lastDraw.duration(to: .now) >= minimumInterval {
                draw()
                dirty = false
            } else {
                dirty = true
            }
        }
    }

    private var minimumInterval: Duration { .milliseconds(1000 / Self.maxRedrawsPerSecond) }

    /// Until the next whole second of uptime (the clock ticks), or the pending coalesced redraw.
    private func pollTimeout(dirty: Bool) -> Int32 {
        if dirty {
            let left = minimumInterval - lastDraw.duration(to: .now)
            return Int32(max(1, left.components.attoseconds / 1_000_000_000_000_000 + left.components.seconds * 1000))
        }
        let elapsed = Date().timeIntervalSince(model.status.startedAt)
        return Int32(1000 - Int((elapsed - elapsed.rounded(.down)) * 1000)) + 5
    }

    /// Reads and applies every key waiting; true when any arrived.
    private func handleKeys() -> Bool {
        let keys = terminal.readKeys()
        for key in keys {
            if key == .resize {
                terminal.invalidate()
                continue
            }
            model.pageSize = DashboardLayout(rows: terminal.size.rows, cols: terminal.size.cols)?.objectRows ?? 10
            dispatch(model.handle(key))
            if model.quitting { break }
        }
        return !keys.isEmpty
    }

    private func syncStatus() {
        let snapshot = service.status.snapshot()
        guard snapshot.version != lastVersion else { return }
        lastVersion = snapshot.version
        dispatch(model.updateStatus(StatusView(snapshot)))
    }

    private func dispatch(_ intents: [Intent]) {
        for intent in intents { actions.run(intent) }
    }

    private func draw() {
        let size = terminal.size
        terminal.draw(renderer.render(model, now: Date(), rows: size.rows, cols: size.cols))
        lastDraw = .now
    }
}
