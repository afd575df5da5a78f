public import NIOCore

extension JSONValidator {
    /// Validates the readable bytes of the next chunk, leaving the buffer's reader index where it was.
    /// - Throws: `JSONValidationError` at the first byte that cannot continue a valid document.
    public mutating func feed(_ buffer: ByteBuffer) throws(JSONValidationError) {
        var thrown: JSONValidationError?
        buffer.withUnsafeReadableBytes { bytes in
            do throws(JSONValidationError) { try self.feed(bytes) } catch { thrown = error }
        }
        if let thrown { throw thrown }
    }

    /// Validates the next chunk given as an array of bytes.
    /// - Throws: `JSONValidationError` at the first byte that cannot continue a valid document.
    public mutating func feed(_ bytes: [UInt8]) throws(JSONValidationError) {
        var thrown: JSONValidationError?
        bytes.withUnsafeBytes { raw in
            do throws(JSONValidationError) { try self.feed(raw) } catch { thrown = error }
        }
        if let thrown { throw thrown }
    }

    /// Validates a whole document held in memory.
    /// - Throws: `JSONValidationError` when the bytes are not exactly one valid JSON value.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(JSONValidationError) {
        var validator = JSONValidator()
        try validator.feed(bytes)
        try validator.finish()
    }

    /// Validates the readable bytes of a buffer as a whole document.
    /// - Throws: `JSONValidationError` when the bytes are not exactly one valid JSON value.
    public static func validate(_ buffer: ByteBuffer) throws(JSONValidationError) {
        var validator = JSONValidator()
        try validator.feed(buffer)
        try validator.finish()
    }

    /// Validates a whole document given as an array of bytes.
    /// - Throws: `JSONValidationError` when the bytes are not exactly one valid JSON value.
    public static func validate(_ bytes: [UInt8]) throws(JSONValidationError) {
        var validator = JSONValidator()
        try validator.feed(bytes)
        try validator.finish()
    }
}
