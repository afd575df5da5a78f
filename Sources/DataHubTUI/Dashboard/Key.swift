/// A key press, decoded from ncurses by the shell (or made up by tests).
enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, tab, escape, backspace, delete
    /// Ctrl-U: clears a prompt line.
    case clearLine
    /// The terminal was resized.
    case resize
}
