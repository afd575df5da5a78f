/// One match of the preview search: a line of the pretty-printed preview and a span of its characters.
struct PreviewMatch: Equatable, Sendable {
    /// The line, counted from 0.
    var line: Int
    /// The first character of the match within the line's text.
    var start: Int
    /// Characters matched.
    var length: Int
}
