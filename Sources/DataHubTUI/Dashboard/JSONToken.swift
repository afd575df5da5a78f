/// A JSON token with its source text.
struct JSONToken: Equatable, Sendable {
    /// Token kinds.
    enum Kind: Equatable, Sendable { case open, close, colon, comma, string, number, literal }
    /// The kind.
    var kind: Kind
    /// The text as written (strings keep their quotes and escapes).
    var text: String
}
