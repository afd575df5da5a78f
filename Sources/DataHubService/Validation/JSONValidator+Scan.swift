// The hot loops: each consumes as many bytes as it can in its state and returns the index where it stopped.

private let quote: UInt8 = 0x22
private let backslash: UInt8 = 0x5C

/// Space, tab, line feed or carriage return: the only whitespace RFC 8259 allows.
@inline(__always)
func isJSONWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool {
    byte &- 0x30 < 10
}

/// A byte that may appear as itself inside a string: printable ASCII other than '"' and '\'.
@inline(__always)
private func isPlainStringByte(_ byte: UInt8) -> Bool {
    byte >= 0x20 && byte < 0x80 && byte != quote && byte != backslash
}

/// Whether eight bytes are all plain string bytes (SWAR: no byte < 0x20, >= 0x80, '"' or '\').
@inline(__always)
private func isPlainWord(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quotes = word ^ (ones &* UInt64(quote))
    let backslashes = word ^ (ones &* UInt64(backslash))
    let belowSpace = (word &- ones &* 0x20) & ~word
    let hasQuote = (quotes &- ones) & ~quotes
    let hasBackslash = (backslashes &- ones) & ~backslashes
    return (word | belowSpace | hasQuote | hasBackslash) & highs == 0
}

extension JSONValidator {
    /// Inside a string: skips plain bytes eight at a time and whole UTF-8 sequences, stops at '"', '\'
    /// or a sequence cut by the chunk's end.
    @inline(__always)
    mutating func scanString(_ bytes: UnsafeRawBufferPointer, from start: Int, base: Int) throws(JSONValidationError) -> Int {
        var i = start
        let count = bytes.count
        while i < count {
            if i + 8 <= count, isPlainWord(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = bytes[i]
            if isPlainStringByte(byte) {
                i += 1
                continue
            }
            switch byte {
            case quote:
                guard inKey else {
                    state = .afterValue
                    return i + 1
                }
                // Keys are most often followed directly by ':'.
                if i + 1 < count && bytes[i + 1] == UInt8(ascii: ":") {
                    state = .value
                    return i + 2
                }
                state = .colon
                return i + 1
            case backslash:
                escapeStart = base + i
                state = .escape
                return i + 1
            case 0x80...:
                i = try scanUTF8Sequence(bytes, at: i, base: base)
                // A sequence cut by the chunk's end leaves the string state until the next chunk completes it.
                if state != .string { return i }
            default:
                throw .controlCharacter(byte, at: base + i)
            }
        }
        return i
    }

    /// Checks the multi-byte sequence whose lead byte is at `i`; when the chunk cuts it, records what the
    /// next chunk must continue with and leaves the string state.
    @inline(__always)
    private mutating func scanUTF8Sequence(_ bytes: UnsafeRawBufferPointer, at i: Int, base: Int) throws(JSONValidationError) -> Int {
        let (need, low, high) = Self.utf8Lead(bytes[i])
        guard need > 0 else { throw .invalidUTF8(at: base + i) }
        let end = i + Int(need)
        if end < bytes.count {
            let second = bytes[i + 1]
            guard second >= low && second <= high else { throw .invalidUTF8(at: base + i) }
            var j = i + 2
            while j <= end {
                guard bytes[j] & 0xC0 == 0x80 else { throw .invalidUTF8(at: base + i) }
                j += 1
            }
            return end + 1
        }
        utf8Need = need
        utf8Low = low
        utf8High = high
        utf8Start = base + i
        state = .utf8
        return i + 1
    }

    /// The number of continuation bytes a lead byte needs and the range allowed for the first of them
    /// (narrower after E0, ED, F0 and F4, which rules out overlong forms, surrogates and > U+10FFFF).
    /// A `need` of 0 means the byte can never start a sequence.
    @inline(__always)
    static func utf8Lead(_ byte: UInt8) -> (need: UInt8, low: UInt8, high: UInt8) {
        switch byte {
        case 0xC2...0xDF: (1, 0x80, 0xBF)
        case 0xE0: (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (2, 0x80, 0xBF)
        case 0xED: (2, 0x80, 0x9F)
        case 0xF0: (3, 0x90, 0xBF)
        case 0xF1...0xF3: (3, 0x80, 0xBF)
        case 0xF4: (3, 0x80, 0x8F)
        default: (0, 0, 0)
        }
    }

    /// After a value: whitespace, then ',' or the closing bracket of the open container; nothing but
    /// whitespace once the top-level value is complete.
    @inline(__always)
    mutating func scanAfterValue(_ bytes: UnsafeRawBufferPointer, from start: Int, base: Int) throws(JSONValidationError) -> Int {
        var i = start
        while i < bytes.count {
            let byte = bytes[i]
            if isJSONWhitespace(byte) {
                i += 1
                continue
            }
            guard depth > 0 else { throw .trailingData(at: base + i) }
            let inObject = containers[depth &- 1] == 1
            switch byte {
            case UInt8(ascii: ","):
                state = inObject ? .objectKey : .value
                return i + 1
            case UInt8(ascii: "}") where inObject, UInt8(ascii: "]") where !inObject:
                depth &-= 1
                i += 1
            default:
                throw .unexpected(byte, at: base + i, expected: inObject ? "',' or '}'" : "',' or ']'")
            }
        }
        return i
    }

    /// Where a value must start (or, right after '[', the array may close).
    @inline(__always)
    mutating func scanValueStart(_ bytes: UnsafeRawBufferPointer, from start: Int, base: Int) throws(JSONValidationError) -> Int {
        var i = start
        while i < bytes.count {
            let byte = bytes[i]
            if isJSONWhitespace(byte) {
                i += 1
                continue
            }
            if byte == 0xEF && state == .start && base + i == 0 {
                state = .bom1
            } else if byte == UInt8(ascii: "]") && state == .arrayFirst {
                depth &-= 1
                state = .afterValue
            } else {
                try beginValue(byte, at: base + i)
                if state == .literal { return skipLiteral(bytes, from: i + 1) }
            }
            return i + 1
        }
        return i
    }

    /// The rest of `true`, `false` or `null` as far as it matches; a mismatch is left to `step` to report.
    @inline(__always)
    private mutating func skipLiteral(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        while literalRest != 0 && i < bytes.count && UInt64(bytes[i]) == literalRest & 0xFF {
            literalRest >>= 8
            i += 1
        }
        if literalRest == 0 { state = .afterValue }
        return i
    }

    /// The digits of a number's integer, fraction or exponent part, and the byte that ends them.
    @inline(__always)
    mutating func scanDigits(_ bytes: UnsafeRawBufferPointer, from start: Int, base: Int) throws(JSONValidationError) -> Int {
        var i = start
        let count = bytes.count
        if state == .numZero {
            if isDigit(bytes[i]) {
                throw JSONValidationError(message: "invalid JSON: leading zero in a number at byte \(base + i)", offset: base + i)
            }
        } else {
            while i < count && isDigit(bytes[i]) { i += 1 }
            if i == count { return i }
        }
        let byte = bytes[i]
        if (byte | 0x20) == UInt8(ascii: "e") && state != .numExp {
            state = .numE
            return i + 1
        }
        if byte == UInt8(ascii: ".") && (state == .numInt || state == .numZero) {
            state = .numDot
            return i + 1
        }
        // The number is complete; the byte belongs to whatever follows it.
        state = .afterValue
        return i
    }

    /// The first byte of a value.
    @inline(__always)
    mutating func beginValue(_ byte: UInt8, at offset: Int) throws(JSONValidationError) {
        switch byte {
        case UInt8(ascii: "{"):
            try push(1, at: offset)
            state = .objectFirst
        case UInt8(ascii: "["):
            try push(0, at: offset)
            state = .arrayFirst
        case quote:
            inKey = false
            state = .string
        case UInt8(ascii: "-"): state = .numMinus
        case UInt8(ascii: "0"): state = .numZero
        case UInt8(ascii: "1")...UInt8(ascii: "9"): state = .numInt
        case UInt8(ascii: "t"): beginLiteral(Self.trueWord)
        case UInt8(ascii: "f"): beginLiteral(Self.falseWord)
        case UInt8(ascii: "n"): beginLiteral(Self.nullWord)
        default: throw .unexpected(byte, at: offset, expected: "a value")
        }
    }

    @inline(__always)
    private mutating func push(_ kind: UInt8, at offset: Int) throws(JSONValidationError) {
        guard depth < Self.maxDepth else { throw .tooDeep(at: offset, limit: Self.maxDepth) }
        containers[depth] = kind
        depth &+= 1
    }
}
