public import NIOCore

/// Compacts a JSON document fed in chunks split anywhere: the whitespace outside strings is dropped and every
/// other byte is kept as it is (numbers and strings are never re-encoded).
///
/// Every chunk is validated before its bytes are emitted, so an invalid document throws at its first bad
/// byte; the caller must treat what it already emitted as cut. `finish()` checks that the input was one
/// complete value.
public struct JSONCompactor: Sendable {
    /// Whether the next byte is inside a string.
    private var inString = false
    /// Whether the previous byte, inside a string, was an escaping backslash.
    private var escaped = false
    /// Checks the grammar (and UTF-8) of the same bytes.
    private var validator = JSONValidator()

    /// Creates a compactor at the start of a document.
    public init() {}

    /// Validates the next chunk and appends its bytes, without the whitespace outside strings, to `out`.
    /// - Parameters:
    ///   - chunk: the next bytes; it may end anywhere, even inside a string or an escape.
    ///   - out: receives the compacted bytes.
    /// - Throws: `JSONValidationError` at the first byte that cannot continue a valid document.
    public mutating func feed(_ chunk: ByteBuffer, into out: inout ByteBuffer) throws(JSONValidationError) {
        try validator.feed(chunk)
        chunk.withUnsafeReadableBytes { bytes in compact(bytes, into: &out) }
    }

    /// Declares the end of the document.
    /// - Throws: `JSONValidationError` when the input is empty or stops inside a value.
    public mutating func finish() throws(JSONValidationError) {
        try validator.finish()
    }

    /// Compacts a whole document held in memory.
    /// - Throws: `JSONValidationError` when the bytes are not exactly one valid JSON value.
    public static func compact(_ bytes: [UInt8]) throws(JSONValidationError) -> [UInt8] {
        var compactor = JSONCompactor()
        var out = ByteBuffer()
        try compactor.feed(ByteBuffer(bytes: bytes), into: &out)
        try compactor.finish()
        return Array(out.readableBytesView)
    }

    /// Copies runs of kept bytes at once; only the four JSON whitespace bytes outside strings break a run
    /// (a valid document has no other whitespace there).
    private mutating func compact(_ bytes: UnsafeRawBufferPointer, into out: inout ByteBuffer) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if index > runStart { out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
                runStart = index + 1
            }
        }
        if bytes.count > runStart { out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
    }
}
