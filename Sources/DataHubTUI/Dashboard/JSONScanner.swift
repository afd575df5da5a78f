/// A JSON token with its source text.
struct JSONToken: Equatable, Sendable {
    /// Token kinds.
    enum Kind: Equatable, Sendable { case open, close, colon, comma, string, number, literal }
    /// The kind.
    var kind: Kind
    /// The text as written (strings keep their quotes and escapes).
    var text: String
}

/// The error for any syntax problem; the preview only needs to know that the input is not JSON.
struct JSONSyntaxError: Error, Equatable {}

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
            while let c = chars.first, (48...57).contains(c) { chars.removeFirst(); n += 1 }
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

/// The JSON grammar as a stack machine over token kinds; tells each token's colour role.
struct JSONGrammar {
    private enum Expect { case value, valueOrClose, key, keyOrClose, colon, commaOrClose, end }
    private var stack: [Bool] = []  // true = object
    private var expect = Expect.value
    private var sawValue = false

    /// True once one whole top-level value was read.
    var isComplete: Bool { expect == .end }
    /// True when no token was accepted.
    var isEmpty: Bool { !sawValue }

    /// Accepts the next token or throws; returns the token's colour role.
    mutating func accept(_ token: JSONToken) throws -> ColorRole {
        sawValue = true
        let kind = token.kind
        switch expect {
        case .value, .valueOrClose:
            if kind == .close, expect == .valueOrClose { return try close(token) }
            switch kind {
            case .open:
                let isObject = token.text == "{"
                stack.append(isObject)
                expect = isObject ? .keyOrClose : .valueOrClose
                return .jsonPunctuation
            case .string: valueDone(); return .jsonString
            case .number: valueDone(); return .jsonNumber
            case .literal: valueDone(); return .jsonLiteral
            default: throw JSONSyntaxError()
            }
        case .key, .keyOrClose:
            if kind == .close, expect == .keyOrClose { return try close(token) }
            guard kind == .string else { throw JSONSyntaxError() }
            expect = .colon
            return .jsonKey
        case .colon:
            guard kind == .colon else { throw JSONSyntaxError() }
            expect = .value
            return .jsonPunctuation
        case .commaOrClose:
            if kind == .close { return try close(token) }
            guard kind == .comma else { throw JSONSyntaxError() }
            expect = stack.last == true ? .key : .value
            return .jsonPunctuation
        case .end:
            throw JSONSyntaxError()
        }
    }

    private mutating func valueDone() {
        expect = stack.isEmpty ? .end : .commaOrClose
    }

    private mutating func close(_ token: JSONToken) throws -> ColorRole {
        guard let isObject = stack.popLast(), isObject == (token.text == "}") else { throw JSONSyntaxError() }
        valueDone()
        return .jsonPunctuation
    }
}
