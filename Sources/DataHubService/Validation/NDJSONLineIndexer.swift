public import NIOCore

/// Splits an NDJSON body into lines as it streams in, validates each non-empty line as one JSON value, and
/// records where each document lies, so a batch is checked whole before anything is stored and its documents
/// can be read back from the spool by offset.
///
/// Lines holding only whitespace are skipped (but counted in line numbers); a `\r` before `\n` ends the line.
public struct NDJSONLineIndexer: Sendable {
    /// The most documents accepted.
    public let maxLines: Int
    /// The longest document accepted, in bytes.
    public let maxLineBytes: Int
    /// The documents found so far, in line order.
    public private(set) var lines: [BatchLine] = []

    private var validator = JSONValidator()
    /// 1-based number of the line being read.
    private var lineNumber = 1
    /// Offset in the body where the current line starts.
    private var lineStart: Int64 = 0
    /// Bytes read so far.
    private var position: Int64 = 0
    /// Whether the current line has a byte other than whitespace.
    private var hasContent = false
    /// The current line's last byte, to drop the `\r` of a CRLF end.
    private var lastByte: UInt8 = 0

    /// Creates an indexer for an empty body.
    public init(maxLines: Int, maxLineBytes: Int) {
        self.maxLines = maxLines
        self.maxLineBytes = maxLineBytes
    }

    /// Reads the next chunk.
    /// - Throws: `BatchError` at the first invalid line, or when the limits are passed.
    public mutating func feed(_ chunk: ByteBuffer) throws(BatchError) {
        var thrown: BatchError?
        chunk.withUnsafeReadableBytes { bytes in
            do throws(BatchError) { try self.feed(bytes) } catch { thrown = error }
        }
        if let thrown { throw thrown }
    }

    /// Reads the next chunk of raw bytes.
    /// - Throws: `BatchError` at the first invalid line, or when the limits are passed.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(BatchError) {
        var start = 0
        while start < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
            let newline = rest.firstIndex(of: UInt8(ascii: "\n")).map { $0 + start }
            let end = newline ?? bytes.count
            try consume(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            if let newline {
                try endLine()
                position += 1
                lineStart = position
                start = newline + 1
            } else {
                start = end
            }
        }
    }

    /// Declares the end of the body.
    /// - Returns: the documents in line order.
    /// - Throws: `BatchError` when the last line is invalid or the body holds no document.
    public mutating func finish() throws(BatchError) -> [BatchLine] {
        try endLine()
        guard !lines.isEmpty else { throw .noDocuments }
        return lines
    }

    /// A piece of the current line (no `\n` in it).
    private mutating func consume(_ piece: UnsafeRawBufferPointer) throws(BatchError) {
        guard let last = piece.last else { return }
        position += Int64(piece.count)
        if position - lineStart > Int64(maxLineBytes) + 1 { throw .lineTooLarge(line: lineNumber, limit: maxLineBytes) }
        if !hasContent { hasContent = piece.contains { !isJSONWhitespace($0) } }
        lastByte = last
        do { try validator.feed(piece) } catch { throw .invalidLine(line: lineNumber, error) }
    }

    /// The current line ends (at a `\n` or the end of the body).
    private mutating func endLine() throws(BatchError) {
        defer {
            lineNumber += 1
            hasContent = false
            lastByte = 0
        }
        guard hasContent else {
            // Whitespace only: skipped, with a fresh validator for the next line.
            if position > lineStart { validator = JSONValidator() }
            return
        }
        do { try validator.finish() } catch { throw .invalidLine(line: lineNumber, error) }
        validator = JSONValidator()
        var length = Int(position - lineStart)
        if lastByte == UInt8(ascii: "\r") { length -= 1 }
        guard length <= maxLineBytes else { throw .lineTooLarge(line: lineNumber, limit: maxLineBytes) }
        guard lines.count < maxLines else { throw .tooManyLines(limit: maxLines) }
        lines.append(BatchLine(offset: lineStart, length: length))
    }
}
