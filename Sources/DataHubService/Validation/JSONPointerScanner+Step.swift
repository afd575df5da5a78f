// The byte-level state machine: each step consumes one or more bytes and returns the index to go on from.

extension JSONPointerScanner {
    /// Processes the byte at `index` (and, inside plain string runs, the ones after it).
    /// - Returns: the index of the next byte to process. A scalar's end returns `index` itself after leaving the
    ///   scalar state, so its delimiter is processed next.
    mutating func step(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let byte = bytes[index]
        if inString { return stringStep(bytes, at: index) }
        if inScalar {
            guard
                byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]")
                    || byte == UInt8(ascii: "}")
            else { return index + 1 }
            inScalar = false
            endValue(container: false)
            return index
        }
        switch byte {
        case 0x20, 0x0A, 0x0D, 0x09: break
        case UInt8(ascii: "]"), UInt8(ascii: "}"): close()
        case UInt8(ascii: ":"): expectValue = true
        case UInt8(ascii: ","): comma()
        case UInt8(ascii: "\""):
            if expectValue {
                beginValue(container: nil)
            } else {
                readingKey = depth == onPath && trackedIsObject && expectKey && !done
                key.removeAll(keepingCapacity: true)
            }
            inString = true
        case UInt8(ascii: "["), UInt8(ascii: "{"): beginValue(container: byte == UInt8(ascii: "{"))
        default:
            beginValue(container: nil)
            inScalar = true
        }
        return index + 1
    }

    /// A value starts: `container` is true for an object, false for an array, nil for a string or scalar.
    private mutating func beginValue(container isObject: Bool?) {
        expectValue = false
        let onTrack = depth == onPath && !done && (depth == 0 || selected)
        if onTrack && depth == pointer.tokens.count {
            capturing = true
            captureDepth = depth
        }
        guard let isObject else { return }
        depth += 1
        if onTrack && depth - 1 < pointer.tokens.count {
            onPath = depth
            trackedIsObject = isObject
            elementIndex = 0
            selected = !isObject && pointer.indexes[depth - 1] == 0
            expectKey = isObject
        }
        expectValue = !isObject || depth != onPath
    }

    /// A `]` or `}`.
    private mutating func close() {
        if depth == onPath && !capturing { done = true }
        depth -= 1
        expectValue = false
        endValue(container: true)
    }

    /// A value ended at the current depth; it completes a capture that started here.
    private mutating func endValue(container: Bool) {
        if capturing && depth == captureDepth {
            capturing = false
            found = true
            done = true
        }
    }

    /// A `,` between members or elements.
    private mutating func comma() {
        guard depth == onPath && onPath > 0 && !done else {
            expectValue = true
            return
        }
        if trackedIsObject {
            expectKey = true
            selected = false
        } else {
            elementIndex += 1
            selected = pointer.indexes[depth - 1] == elementIndex
            expectValue = true
        }
    }

    /// Inside a string: skips plain bytes, decodes a tracked key, and ends at the closing quote.
    private mutating func stringStep(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Int {
        var index = start
        if !readingKey && !escaped {
            // Plain runs are skipped at once: nothing in them can end the string.
            while index < bytes.count && bytes[index] != UInt8(ascii: "\"") && bytes[index] != UInt8(ascii: "\\") { index += 1 }
            if index == bytes.count { return index }
        }
        let byte = bytes[index]
        if escaped {
            escaped = false
            if readingKey { unescape(byte) }
        } else if unicodeRemaining > 0 {
            hexDigit(byte)
        } else if byte == UInt8(ascii: "\\") {
            escaped = true
        } else if byte == UInt8(ascii: "\"") {
            inString = false
            if readingKey {
                readingKey = false
                expectKey = false
                selected = key == pointer.tokens[onPath - 1]
            } else {
                endValue(container: false)
            }
        } else if readingKey {
            append([byte])
        }
        return index + 1
    }

    /// The character after a backslash in a tracked key.
    private mutating func unescape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "u"):
            unicodeRemaining = 4
            unicodeValue = 0
        case UInt8(ascii: "b"): append([0x08])
        case UInt8(ascii: "f"): append([0x0C])
        case UInt8(ascii: "n"): append([0x0A])
        case UInt8(ascii: "r"): append([0x0D])
        case UInt8(ascii: "t"): append([0x09])
        default: append([byte])
        }
    }

    /// One hex digit of a `\u` escape in a tracked key; the fourth appends the character (pairing surrogates).
    private mutating func hexDigit(_ byte: UInt8) {
        let digit: UInt32 =
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - 0x61 + 10)
            default: UInt32(byte &- 0x41 &+ 10) & 0xF
            }
        unicodeValue = unicodeValue << 4 | digit
        unicodeRemaining -= 1
        guard unicodeRemaining == 0 else { return }
        var scalar = unicodeValue
        if (0xD800...0xDBFF).contains(scalar) {
            highSurrogate = scalar
            return
        }
        if (0xDC00...0xDFFF).contains(scalar) && highSurrogate != 0 {
            scalar = 0x10000 + ((highSurrogate - 0xD800) << 10) + (scalar - 0xDC00)
        }
        highSurrogate = 0
        guard let character = Unicode.Scalar(scalar) else { return }
        append(Array(String(Character(character)).utf8))
    }

    /// Adds decoded bytes to the key, up to one byte past the token's length (enough to know it differs).
    private mutating func append(_ decoded: [UInt8]) {
        guard key.count <= pointer.tokens[onPath - 1].count else { return }
        key.append(contentsOf: decoded)
    }
}
