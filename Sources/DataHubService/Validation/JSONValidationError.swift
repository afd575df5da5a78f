/// Why a body is not acceptable JSON: a sentence for people and the byte where it went wrong.
///
/// `message` is complete and safe to show a client ("invalid JSON: unexpected '}' at byte 17");
/// it never quotes more than one byte of the input. `offset` is the 0-based index of the offending
/// byte in the whole input (for errors at the end of the input, the input's length).
public struct JSONValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence saying what is wrong and where.
    public var message: String
    /// The 0-based byte index in the whole input where the problem was found.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

extension JSONValidationError {
    /// A byte as a client can read it in a message: `'}'` when printable ASCII, else `byte 0x0A`.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x" + hex(byte)
    }

    /// Two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// Four upper-case hex digits of a UTF-16 code unit.
    static func hex16(_ unit: UInt32) -> String {
        hex(UInt8(truncatingIfNeeded: unit >> 8)) + hex(UInt8(truncatingIfNeeded: unit))
    }

    /// A byte that cannot come here, and what could.
    static func unexpected(_ byte: UInt8, at offset: Int, expected: String) -> JSONValidationError {
        JSONValidationError(message: "invalid JSON: unexpected \(describe(byte)) at byte \(offset) (expected \(expected))", offset: offset)
    }

    /// The input stopped where more was needed.
    static func unexpectedEnd(at offset: Int, expected: String) -> JSONValidationError {
        JSONValidationError(message: "invalid JSON: unexpected end of input at byte \(offset) (expected \(expected))", offset: offset)
    }

    /// A UTF-8 sequence that starts at `offset` and is not well-formed.
    static func invalidUTF8(at offset: Int) -> JSONValidationError {
        JSONValidationError(message: "invalid UTF-8 at byte \(offset)", offset: offset)
    }

    /// A raw byte below 0x20 inside a string.
    static func controlCharacter(_ byte: UInt8, at offset: Int) -> JSONValidationError {
        JSONValidationError(
            message: "invalid JSON: unescaped control character 0x\(hex(byte)) in a string at byte \(offset)",
            offset: offset
        )
    }

    /// A `\u` escape of a surrogate that has no partner.
    static func loneSurrogate(_ unit: UInt32, at offset: Int) -> JSONValidationError {
        JSONValidationError(message: "lone surrogate \\u\(hex16(unit)) at byte \(offset)", offset: offset)
    }

    /// An array or object opened past the nesting limit.
    static func tooDeep(at offset: Int, limit: Int) -> JSONValidationError {
        JSONValidationError(message: "nesting deeper than \(limit) levels at byte \(offset)", offset: offset)
    }

    /// Something other than whitespace after the complete value.
    static func trailingData(at offset: Int) -> JSONValidationError {
        JSONValidationError(message: "trailing data after the JSON value at byte \(offset)", offset: offset)
    }

    /// The input stopped inside a string.
    static func unterminatedString(at offset: Int) -> JSONValidationError {
        JSONValidationError(message: "unterminated string at end of input", offset: offset)
    }

    /// No bytes at all.
    static let empty = JSONValidationError(message: "empty body", offset: 0)

    /// The input starts with EF BB BF.
    static let byteOrderMark = JSONValidationError(message: "byte-order mark at byte 0 is not allowed", offset: 0)
}
