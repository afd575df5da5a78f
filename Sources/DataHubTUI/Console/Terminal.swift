import CNCurses
import Foundation

/// The ncurses screen: set-up and restore, key decoding, and pushing changed cells of a `CellGrid`.
/// Main thread only.
final class Terminal {
    private var previous: CellGrid?
    private var started = false
    private var pairs: [ColorRole: Int32] = [:]
    /// `NO_COLOR` (no-color.org) set and non-empty: no colour pairs, states carried by bold and reverse.
    private let colorMode = ColorMode.from(environment: ProcessInfo.processInfo.environment)
    /// The controlling terminal the screen is drawn on, so that stdout and stderr stay free: redirect them and
    /// the dashboard still works. `nil` when there is none; the screen then uses stdin and stdout.
    private var device: UnsafeMutablePointer<FILE>?
    private var screen: OpaquePointer?
    /// The descriptor keys arrive on, which the screen loop polls.
    private(set) var inputFD: Int32 = STDIN_FILENO

    /// Creates an idle terminal; `start` takes over the screen.
    init() {}

    /// Takes over the screen: locale, the controlling terminal (`/dev/tty`, else stdin/stdout), cbreak/noecho/keypad,
    /// non-blocking reads (the loop blocks in poll instead), hidden cursor, colours, and the hooks that restore the
    /// terminal on exit and fatal signals.
    /// - Parameter wakeFD: the wake-up pipe SIGWINCH writes to.
    func start(wakeFD: Int32) {
        setlocale(LC_ALL, "")
        CNCurses_install_restore_hooks()
        if let tty = fopen("/dev/tty", "r+") {
            if let made = newterm(nil, tty, tty) {
                device = tty
                screen = made
                set_term(made)
                inputFD = fileno(tty)
            } else {
                fclose(tty)
            }
        }
        if screen == nil { initscr() }
        CNCurses_set_active(1)
        started = true
        cbreak()
        noecho()
        nonl()
        keypad(CNCurses_stdscr(), true)
        nodelay(CNCurses_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        setupColours()
        _ = CNCurses_install_winch_pipe(wakeFD)
        previous = nil
    }

    /// Restores the terminal; safe to call twice.
    func stop() {
        guard started else { return }
        started = false
        CNCurses_set_active(0)
        endwin()
        if let screen { delscreen(screen) }
        if let device { fclose(device) }
        screen = nil
        device = nil
        inputFD = STDIN_FILENO
    }

    /// The screen size.
    var size: (rows: Int, cols: Int) { (Int(CNCurses_lines()), Int(CNCurses_cols())) }

    /// Forgets what is on screen, so the next draw repaints everything (after a resize).
    func invalidate() {
        previous = nil
        clear()
    }

    /// Reads every key waiting; stops at the first ERR, so it never blocks.
    func readKeys(limit: Int = 256) -> [Key] {
        var keys: [Key] = []
        var code: UInt32 = 0
        for _ in 0..<limit {
            let rc = CNCurses_get_wch(&code)
            if rc == ERR { break }
            if let key = rc == CNCurses_key_code_yes() ? Self.functionKey(Int32(code)) : Self.characterKey(code) {
                keys.append(key)
            }
        }
        return keys
    }

    /// Pushes the cells that differ from the last frame (per row, the span from the first to the last change).
    func draw(_ grid: CellGrid) {
        let full = previous == nil || previous?.rows != grid.rows || previous?.cols != grid.cols
        if full { erase() }
        for row in 0..<grid.rows {
            guard let span = changedSpan(grid, row: row, full: full) else { continue }
            var col = span.lowerBound
            while col <= span.upperBound {
                let style = grid[row, col].style
                var text = ""
                let start = col
                while col <= span.upperBound, grid[row, col].style == style {
                    text += grid[row, col].text
                    col += 1
                }
                _ = CNCurses_attrset(attributes(style))
                _ = CNCurses_mvaddnstr_utf8(Int32(row), Int32(start), text, -1)
            }
        }
        _ = CNCurses_attrset(0)
        previous = grid
        refresh()
    }

    /// Writes bytes that are not screen content (an OSC 52 clipboard escape) straight to the terminal, after
    /// whatever ncurses has buffered: they draw nothing, so ncurses' picture of the screen stays true.
    func writeOutsideScreen(_ bytes: [UInt8]) {
        guard started else { return }
        let fd: Int32
        if let device {
            fflush(device)
            fd = fileno(device)
        } else {
            fflush(nil)
            fd = STDOUT_FILENO
        }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                offset += written
            }
        }
    }

    private func changedSpan(_ grid: CellGrid, row: Int, full: Bool) -> ClosedRange<Int>? {
        guard grid.cols > 0 else { return nil }
        guard !full, let previous else { return 0...(grid.cols - 1) }
        var first: Int?
        var last = 0
        for col in 0..<grid.cols where grid[row, col] != previous[row, col] {
            if first == nil { first = col }
            last = col
        }
        guard var start = first else { return nil }
        // Start on the left half of a wide grapheme, and end after the right half.
        if grid[row, start].width == 0, start > 0 { start -= 1 }
        if grid[row, last].width == 2, last + 1 < grid.cols { last += 1 }
        return start...last
    }

    private func attributes(_ style: CellStyle) -> Int32 {
        var attrs = CNCurses_color_pair(pairs[style.role] ?? 0)
        if style.bold || colorMode.addsBold(style.role) { attrs |= CNCurses_a_bold() }
        // Reverse video carries these states without colour too (NO_COLOR): selection, cursor, focus, search matches.
        if [.selected, .cursor, .focusHeader, .match, .currentMatch].contains(style.role) { attrs |= CNCurses_a_reverse() }
        if style.role == .dim { attrs |= CNCurses_a_dim() }
        return attrs
    }

    private func setupColours() {
        guard colorMode == .colour, has_colors() else { return }
        start_color()
        use_default_colors()
        // 0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white; -1 the terminal's default.
        let colours: [ColorRole: Int16] = [
            .border: 4, .title: 6, .header: 6, .focusHeader: 6, .up: 2, .down: 1, .stale: 1, .error: 1, .hint: 6,
            .jsonKey: 4, .jsonString: 2, .jsonNumber: 3, .jsonLiteral: 5, .jsonPunctuation: -1, .match: 3, .currentMatch: 5,
        ]
        var next: Int16 = 1
        for (role, colour) in colours.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            init_pair(next, colour, -1)
            pairs[role] = Int32(next)
            next += 1
        }
    }
}
