public import NIOCore

/// Finds the value a JSON Pointer selects in a document that arrives in chunks, keeping only that value's bytes.
///
/// It tracks just enough of the structure: the nesting depth, and for the deepest container still on the
/// pointer's path, which member or element is current. Keys of that container are unescaped and compared with
/// the pointer's token; everything else is skipped. The first member with a matching name is the one followed.
/// The document must be valid JSON: run a `JSONValidator` over the same chunks first, which reports the errors;
/// on invalid input this scanner's answer is meaningless (but it never traps).
public struct JSONPointerScanner: Sendable {
    /// The pointer being resolved.
    public let pointer: JSONPointer
    /// The largest selected value kept, in bytes.
    public let maxValueBytes: Int

    /// Open containers.
    var depth = 0
    /// Containers 1...onPath (by depth) lie on the pointer's path; the deepest of them is the one tracked.
    var onPath = 0
    /// Whether the tracked container is an object.
    var trackedIsObject = false
    /// The tracked array's current element.
    var elementIndex = 0
    /// Whether the tracked container's current member or element is the pointer's next token.
    var selected = false
    /// A value may start at the next byte that is not whitespace.
    var expectValue = true
    /// The next string in the tracked object is a member name.
    var expectKey = false
    /// Inside a string; after a backslash in it.
    var inString = false
    /// After a backslash in a string.
    var escaped = false
    /// Hex digits of a `\u` escape still to come in a tracked key.
    var unicodeRemaining = 0
    /// The value of the `\u` escape being read.
    var unicodeValue: UInt32 = 0
    /// A high surrogate waiting for its low half.
    var highSurrogate: UInt32 = 0
    /// Inside a number or literal.
    var inScalar = false
    /// The string being read is a member name of the tracked object, decoded into `key`.
    var readingKey = false
    /// The decoded member name (stops growing once longer than the token).
    var key: [UInt8] = []
    /// Whether the selected value's bytes are being kept, and from which depth it started.
    var capturing = false
    /// The depth at which the captured value started.
    var captureDepth = 0
    /// The captured bytes so far.
    var captured = ByteBuffer()
    /// Whether the search is over: `found` says how.
    var done = false
    /// Whether the value was found whole.
    var found = false

    /// Creates a scanner at the start of a document.
    public init(pointer: JSONPointer, maxValueBytes: Int) {
        self.pointer = pointer
        self.maxValueBytes = maxValueBytes
    }

    /// Reads the next chunk of the document.
    /// - Throws: `JSONPointerError.valueTooLarge` once the selected value passes ``maxValueBytes``.
    public mutating func feed(_ chunk: ByteBuffer) throws(JSONPointerError) {
        var thrown: JSONPointerError?
        chunk.withUnsafeReadableBytes { bytes in
            do throws(JSONPointerError) { try self.feed(bytes) } catch { thrown = error }
        }
        if let thrown { throw thrown }
    }

    /// Reads the next chunk of the document, as raw bytes.
    /// - Throws: `JSONPointerError.valueTooLarge` once the selected value passes ``maxValueBytes``.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(JSONPointerError) {
        guard !done else { return }
        var captureStart = 0
        var index = 0
        while index < bytes.count && !done {
            let wasCapturing = capturing
            let next = step(bytes, at: index)
            if capturing && !wasCapturing { captureStart = index }
            if wasCapturing && !capturing {
                // The value ended: before the delimiter that stopped a scalar, after its last byte otherwise.
                try keep(bytes, from: captureStart, to: next)
            }
            index = next
        }
        if capturing { try keep(bytes, from: captureStart, to: bytes.count) }
    }

    /// Declares the end of the document.
    /// - Returns: the selected value's bytes exactly as stored, or `nil` when the pointer selects nothing.
    public mutating func finish() -> ByteBuffer? {
        if capturing && inScalar {
            capturing = false
            found = true
        }
        return found ? captured : nil
    }

    /// Appends `bytes[start..<end]` to the captured value, within the limit.
    private mutating func keep(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(JSONPointerError) {
        guard end > start else { return }
        guard captured.readableBytes + (end - start) <= maxValueBytes else { throw .valueTooLarge(limit: maxValueBytes) }
        captured.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
    }
}
