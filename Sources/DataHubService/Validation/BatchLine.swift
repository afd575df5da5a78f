/// Where one document of a batch lies in the spooled body: its bytes, without the line's end.
public struct BatchLine: Sendable, Equatable {
    /// Offset of the first byte in the body.
    public var offset: Int64
    /// Number of bytes (a trailing `\r` of a CRLF line end excluded).
    public var length: Int

    /// Describes one line.
    public init(offset: Int64, length: Int) {
        self.offset = offset
        self.length = length
    }
}
