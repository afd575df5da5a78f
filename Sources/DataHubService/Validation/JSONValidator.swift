/// An incremental RFC 8259 JSON validator that builds no parse tree.
///
/// Feed the bytes in chunks of any size, split anywhere, then call `finish()`. Any JSON value is accepted
/// at the top level, with whitespace around it. Beyond the grammar the validator refuses invalid UTF-8
/// (overlong forms, encoded surrogates, code points past U+10FFFF, truncated sequences), a byte-order
/// mark, nesting deeper than ``maxDepth`` and `\u` escapes that leave a lone surrogate. Numbers are only
/// checked against the grammar, so `1e400` and a thousand-digit integer are valid.
///
/// The first error is sticky: every later `feed` or `finish` throws it again.
public struct JSONValidator: Sendable {
    /// The deepest nesting of arrays and objects accepted (512 levels are fine, 513 are not).
    public static let maxDepth = 512

    /// How many bytes have been fed so far (including those of a chunk that failed).
    public private(set) var bytesSeen: Int = 0

    /// Where the validator is in the grammar.
    var state: State = .start
    /// One entry per open container: 1 for an object, 0 for an array.
    var containers: [UInt8]
    /// How many containers are open.
    var depth = 0
    /// Whether the string being read is an object key (a ':' follows it) or a value.
    var inKey = false
    /// Continuation bytes still needed by the UTF-8 sequence in progress, and the range of the next one.
    var utf8Need: UInt8 = 0
    /// The lowest byte allowed next in the UTF-8 sequence.
    var utf8Low: UInt8 = 0x80
    /// The highest byte allowed next in the UTF-8 sequence.
    var utf8High: UInt8 = 0xBF
    /// Where the UTF-8 sequence in progress started.
    var utf8Start = 0
    /// The escape in progress: where its backslash is, the hex digits read so far and their value.
    var escapeStart = 0
    /// How many hex digits of a `\u` escape have been read.
    var unicodeDigits = 0
    /// The value of those digits.
    var unicodeValue: UInt32 = 0
    /// A high surrogate escape waiting for its low half (0 when none), and where it started.
    var highSurrogate: UInt32 = 0
    /// Where that high surrogate's escape started.
    var highStart = 0
    /// The literal being read (`true`, `false`, `null`, packed little-endian) and the bytes still expected.
    var literalWord: UInt64 = 0
    /// The bytes of the literal still expected, next one lowest.
    var literalRest: UInt64 = 0
    /// The first error, thrown again by every later call.
    var failure: JSONValidationError?

    /// Creates a validator at the start of a document.
    public init() {
        containers = [UInt8](repeating: 0, count: Self.maxDepth)
    }

    /// The states between two bytes.
    enum State: Sendable {
        case start, bom1, bom2
        case value, arrayFirst, objectFirst, objectKey, colon, afterValue
        case string, escape, unicode, surrogateBackslash, surrogateU, utf8
        case numMinus, numZero, numInt, numDot, numFrac, numE, numESign, numExp
        case literal
    }

    /// Validates the next chunk of the document.
    /// - Parameter bytes: the chunk; it may end anywhere, even inside a token or a UTF-8 sequence.
    /// - Throws: `JSONValidationError` at the first byte that cannot continue a valid document.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(JSONValidationError) {
        if let failure { throw failure }
        let base = bytesSeen
        let count = bytes.count
        bytesSeen += count
        var i = 0
        do throws(JSONValidationError) {
            while i < count {
                switch state {
                case .string: i = try scanString(bytes, from: i, base: base)
                case .afterValue: i = try scanAfterValue(bytes, from: i, base: base)
                case .start, .value, .arrayFirst: i = try scanValueStart(bytes, from: i, base: base)
                case .numZero, .numInt, .numFrac, .numExp: i = try scanDigits(bytes, from: i, base: base)
                case .objectFirst, .objectKey, .colon:
                    while i < count && isJSONWhitespace(bytes[i]) { i += 1 }
                    if i < count {
                        try punctuation(bytes[i], at: base + i)
                        i += 1
                    }
                default:
                    try step(bytes[i], at: base + i)
                    i += 1
                }
            }
        } catch {
            failure = error
            throw error
        }
    }

    /// Declares the end of the input and checks that it completes one JSON value.
    /// - Throws: `JSONValidationError` when the input is empty or stops inside a value.
    public mutating func finish() throws(JSONValidationError) {
        if let failure { throw failure }
        if let error = endOfInputError() {
            failure = error
            throw error
        }
        // A top-level number ends at the end of the input.
        state = .afterValue
    }

    private func endOfInputError() -> JSONValidationError? {
        let end = bytesSeen
        switch state {
        case .start: return end == 0 ? .empty : .unexpectedEnd(at: end, expected: "a value")
        case .bom1, .bom2: return .unexpected(0xEF, at: 0, expected: "a value")
        case .afterValue, .numZero, .numInt, .numFrac, .numExp:
            if depth == 0 { return nil }
            return .unexpectedEnd(at: end, expected: containers[depth - 1] == 1 ? "',' or '}'" : "',' or ']'")
        case .string, .escape, .unicode, .surrogateBackslash, .surrogateU, .utf8: return .unterminatedString(at: end)
        case .value, .arrayFirst: return .unexpectedEnd(at: end, expected: "a value")
        case .objectFirst, .objectKey: return .unexpectedEnd(at: end, expected: "a string key")
        case .colon: return .unexpectedEnd(at: end, expected: "':'")
        case .numMinus, .numDot, .numE, .numESign: return .unexpectedEnd(at: end, expected: "a digit")
        case .literal: return .unexpectedEnd(at: end, expected: Self.literalName(literalWord))
        }
    }
}
