// The states that take one byte at a time: punctuation, escapes, UTF-8 continuations cut by a chunk's end,
// the short parts of numbers, and literals.

extension JSONValidator {
    /// `true`, packed little-endian.
    static let trueWord: UInt64 = 0x6575_7274
    /// `false`, packed little-endian.
    static let falseWord: UInt64 = 0x65_736C_6166
    /// `null`, packed little-endian.
    static let nullWord: UInt64 = 0x6C6C_756E

    /// The literal's name for messages: `'true'`, `'false'` or `'null'`.
    static func literalName(_ word: UInt64) -> String {
        switch word {
        case trueWord: "'true'"
        case falseWord: "'false'"
        default: "'null'"
        }
    }

    /// Starts reading a literal whose first byte has been seen.
    mutating func beginLiteral(_ word: UInt64) {
        literalWord = word
        literalRest = word >> 8
        state = .literal
    }

    /// Advances by one byte in a state that the scanning loops do not handle.
    mutating func step(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        switch state {
        case .utf8: try continueUTF8(byte, at: offset)
        case .escape: try escape(byte, at: offset)
        case .unicode: try unicodeDigit(byte, at: offset)
        case .surrogateBackslash:
            guard byte == 0x5C else { throw .loneSurrogate(highSurrogate, at: highStart) }
            escapeStart = offset
            state = .surrogateU
        case .surrogateU:
            guard byte == UInt8(ascii: "u") else { throw .loneSurrogate(highSurrogate, at: highStart) }
            unicodeDigits = 0
            unicodeValue = 0
            state = .unicode
        case .literal:
            guard UInt64(byte) == literalRest & 0xFF else {
                throw .unexpected(byte, at: offset, expected: Self.literalName(literalWord))
            }
            literalRest >>= 8
            if literalRest == 0 { state = .afterValue }
        case .numMinus, .numDot, .numE, .numESign: try numberPart(byte, at: offset)
        case .bom1, .bom2: try byteOrderMark(byte)
        default:
            // The scanning loops own every other state; reaching here would be a bug in `feed`.
            preconditionFailure("JSONValidator.step called in state \(state)")
        }
    }

    private mutating func continueUTF8(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        guard byte >= utf8Low && byte <= utf8High else { throw .invalidUTF8(at: utf8Start) }
        utf8Need &-= 1
        utf8Low = 0x80
        utf8High = 0xBF
        if utf8Need == 0 { state = .string }
    }

    private mutating func escape(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            state = .string
        case UInt8(ascii: "u"):
            unicodeDigits = 0
            unicodeValue = 0
            state = .unicode
        default:
            let shown = byte >= 0x21 && byte < 0x7F ? "'\\\(Character(Unicode.Scalar(byte)))'" : "'\\' then byte 0x\(JSONValidationError.hex(byte))"
            throw JSONValidationError(message: "invalid JSON: invalid escape \(shown) at byte \(escapeStart)", offset: escapeStart)
        }
    }

    private mutating func unicodeDigit(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        let value: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte &- UInt8(ascii: "A") &+ 10
        default:
            throw JSONValidationError(
                message: "invalid JSON: invalid \\u escape at byte \(escapeStart) (expected 4 hex digits)",
                offset: escapeStart
            )
        }
        unicodeValue = unicodeValue << 4 | UInt32(value)
        unicodeDigits += 1
        if unicodeDigits == 4 { try completeUnicodeEscape() }
    }

    /// A whole `\uXXXX`: pairs surrogates, refuses lone halves.
    private mutating func completeUnicodeEscape() throws(JSONValidationError) {
        let unit = unicodeValue
        let isHigh = unit >= 0xD800 && unit <= 0xDBFF
        let isLow = unit >= 0xDC00 && unit <= 0xDFFF
        if highSurrogate != 0 {
            guard isLow else { throw .loneSurrogate(highSurrogate, at: highStart) }
            highSurrogate = 0
            state = .string
        } else if isHigh {
            highSurrogate = unit
            highStart = escapeStart
            state = .surrogateBackslash
        } else if isLow {
            throw .loneSurrogate(unit, at: escapeStart)
        } else {
            state = .string
        }
    }

    /// The parts of a number that must be followed by a digit: after '-', '.', 'e' and the exponent's sign.
    private mutating func numberPart(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        let isDigit = byte &- UInt8(ascii: "0") < 10
        switch state {
        case .numMinus where byte == UInt8(ascii: "0"): state = .numZero
        case .numMinus where isDigit: state = .numInt
        case .numDot where isDigit: state = .numFrac
        case .numE where byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"): state = .numESign
        case .numE where isDigit, .numESign where isDigit: state = .numExp
        default: throw .unexpected(byte, at: offset, expected: "a digit")
        }
    }

    /// EF BB BF at the very start: a UTF-8 byte-order mark, which RFC 8259 forbids sending.
    private mutating func byteOrderMark(_ byte: UInt8) throws(JSONValidationError) {
        if state == .bom1 && byte == 0xBB {
            state = .bom2
        } else if state == .bom2 && byte == 0xBF {
            throw .byteOrderMark
        } else {
            throw .unexpected(0xEF, at: 0, expected: "a value")
        }
    }

    /// Object punctuation: a key or '}' after '{', a key after ',', ':' after a key.
    mutating func punctuation(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        if isJSONWhitespace(byte) { return }
        switch (state, byte) {
        case (.objectFirst, 0x22), (.objectKey, 0x22):
            inKey = true
            state = .string
        case (.objectFirst, UInt8(ascii: "}")):
            depth &-= 1
            state = .afterValue
        case (.colon, UInt8(ascii: ":")):
            state = .value
        case (.colon, _):
            throw .unexpected(byte, at: offset, expected: "':'")
        case (.objectFirst, _):
            throw .unexpected(byte, at: offset, expected: "a string key or '}'")
        default:
            throw .unexpected(byte, at: offset, expected: "a string key")
        }
    }
}
