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
