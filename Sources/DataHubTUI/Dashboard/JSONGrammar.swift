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
            case .string:
                valueDone()
                return .jsonString
            case .number:
                valueDone()
                return .jsonNumber
            case .literal:
                valueDone()
                return .jsonLiteral
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
