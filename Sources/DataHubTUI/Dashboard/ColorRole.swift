/// What a cell is, so the shell can pick a colour pair; the pure core never names ncurses colours.
enum ColorRole: Int, Sendable, CaseIterable {
    case normal, border, title, header, focusHeader, selected, dim, up, down, stale, error, hint
    case jsonKey, jsonString, jsonNumber, jsonLiteral, jsonPunctuation, cursor
    /// A match of the preview search, and the current one.
    case match, currentMatch
}
