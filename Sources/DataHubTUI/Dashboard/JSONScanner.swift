/// Splits UTF-8 bytes into JSON tokens. With `allowCut`, a token cut by the end of input is returned as
/// far as it goes instead of failing.
struct JSONScanner {
    private let bytes: [UInt8]
    private let allowCut: Bool
    private var index = 0

    /// Scans `bytes` (valid UTF-8).
    init(bytes: [UInt8], allowCut: Bool) {
        self.bytes = bytes
        self.allowCut = allowCut
    }

    /// The next token, or nil at the end.
    mutating func next() throws -> JSONToken? {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { return nil }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            index += 1
            return JSONToken(kind: .open, text: text(start))
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            index += 1
            return JSONToken(kind: .close, text: text(start))
        case UInt8(ascii: ":"):
            index += 1
            return JSONToken(kind: .colon, text: ":")
        case UInt8(ascii: ","):
            index += 1
            return JSONToken(kind: .comma, text: ",")
        case UInt8(ascii: "\""):
            return try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try scanLiteral()
        default:
            throw JSONSyntaxError()
        }
    }

    private func text(_ start: Int) -> String {
        String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func scanString() throws -> JSONToken {
        let start = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return JSONToken(kind: .string, text: text(start))
            }
            if byte < 0x20 { throw JSONSyntaxError() }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                guard "\"\\/bfnrtu".utf8.contains(bytes[index]) else { throw JSONSyntaxError() }
            }
            index += 1
        }
        guard allowCut else { throw JSONSyntaxError() }
        index = bytes.count
        return JSONToken(kind: .string, text: text(start))
    }

    private mutating func scanNumber() throws -> JSONToken {
        let start = index
        while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
        let token = text(start)
        let cut = index == bytes.count && allowCut
        guard cut || Self.isNumber(token) else { throw JSONSyntaxError() }
        return JSONToken(kind: .number, text: token)
    }

    /// Whether `text` is a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    static func isNumber(_ text: String) -> Bool {
        var chars = Array(text.utf8)[...]
        func digits() -> Int {
            var n = 0
            while let c = chars.first, (48...57).contains(c) {
                chars.removeFirst()
                n += 1
            }
            return n
        }
        if chars.first == UInt8(ascii: "-") { chars.removeFirst() }
        if chars.first == UInt8(ascii: "0") { chars.removeFirst() } else if digits() == 0 { return false }
        if chars.first == UInt8(ascii: ".") {
            chars.removeFirst()
            if digits() == 0 { return false }
        }
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            chars.removeFirst()
            if let s = chars.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { chars.removeFirst() }
            if digits() == 0 { return false }
        }
        return chars.isEmpty
    }

    private mutating func scanLiteral() throws -> JSONToken {
        let start = index
        while index < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[index]) { index += 1 }
        let token = text(start)
        if ["true", "false", "null"].contains(token) { return JSONToken(kind: .literal, text: token) }
        let cut = index == bytes.count && allowCut && ["true", "false", "null"].contains { $0.hasPrefix(token) }
        guard cut else { throw JSONSyntaxError() }
        return JSONToken(kind: .literal, text: token)
    }
}
