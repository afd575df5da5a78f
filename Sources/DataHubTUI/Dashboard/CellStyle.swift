/// What a cell is, so the shell can pick a colour pair; the pure core never names ncurses colours.
enum ColorRole: Int, Sendable, CaseIterable {
    case normal, border, title, header, focusHeader, selected, dim, up, down, stale, error, hint
    case jsonKey, jsonString, jsonNumber, jsonLiteral, jsonPunctuation, cursor
}

/// The look of one cell: a colour role and a bold flag.
struct CellStyle: Equatable, Sendable {
    /// The colour role.
    var role: ColorRole
    /// Bold text.
    var bold: Bool

    /// Creates a style.
    init(_ role: ColorRole = .normal, bold: Bool = false) {
        self.role = role
        self.bold = bold
    }

    /// Plain text.
    static let normal = CellStyle()
}

/// One run of text in one style, e.g. a JSON token.
struct StyledText: Equatable, Sendable {
    /// The text.
    var text: String
    /// Its style.
    var style: CellStyle

    /// Creates a run.
    init(_ text: String, _ style: CellStyle = .normal) {
        self.text = text
        self.style = style
    }
}
