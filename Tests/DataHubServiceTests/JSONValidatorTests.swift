import DataHubService
import DataHubStorage
import NIOCore
import Testing

/// The outcome of validating a whole document: `nil` when valid, else the error.
func validationOutcome(_ chunks: [ArraySlice<UInt8>]) -> JSONValidationError? {
    var validator = JSONValidator()
    do {
        for chunk in chunks { try validator.feed(Array(chunk)) }
        try validator.finish()
        return nil
    } catch {
        return error
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Valid documents: every kind of value, escapes, surrogate pairs, multi-byte UTF-8, edge numbers.
let validSamples: [[UInt8]] =
    [
        "{}", "[]", "0", "-0", "1", "-1", "12.5", "-0.0e0", "1E+2", "1e-2", "0.5E10", "true", "false", "null",
        "\"\"", " \t\r\n[ 1 , 2 ]\n ", "{\"a\":{\"b\":[{},[],\"\",0]}}", "[true,false,null,\"x\",-3.25e-7]",
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", "\"\\u0000\\u001f\\u00e9\\uFFFF\\uffff\"", "\"\\uD83D\\uDE00\"",
        "\"\\udbff\\udfff\"", "\"é漢字😀\u{7F}\"", "{\"k\u{10FFFF}\":\"\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\"}",
        "1e400", "-1e-400", String(repeating: "9", count: 1000), "[" + String(repeating: "1234567890", count: 50) + ".5]",
        "{\"a\":1,\"a\":2}", "\"/\"",
    ].map(bytes) + [
        Array(repeating: UInt8(ascii: "["), count: 512) + Array(repeating: UInt8(ascii: "]"), count: 512),
        [0x22, 0xEF, 0xBB, 0xBF, 0x22],  // a BOM inside a string is just U+FEFF
        [0x22, 0xED, 0x9F, 0xBF, 0x22],  // U+D7FF, the last scalar before the surrogates
        [0x22, 0xEE, 0x80, 0x80, 0x22],  // U+E000, the first after them
        [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22],  // U+10FFFF
    ]

/// Invalid documents and the exact error each must produce.
let invalidSamples: [(input: [UInt8], message: String)] = [
    (bytes(""), "empty body"),
    (bytes("   "), "invalid JSON: unexpected end of input at byte 3 (expected a value)"),
    (bytes("{\"a\":1,\"b\":[1,2]}}"), "trailing data after the JSON value at byte 17"),
    (bytes("[1,2}"), "invalid JSON: unexpected '}' at byte 4 (expected ',' or ']')"),
    (bytes("{\"a\" 1}"), "invalid JSON: unexpected '1' at byte 5 (expected ':')"),
    (bytes("{1:2}"), "invalid JSON: unexpected '1' at byte 1 (expected a string key or '}')"),
    (bytes("{\"a\":1,}"), "invalid JSON: unexpected '}' at byte 7 (expected a string key)"),
    (bytes("[1,]"), "invalid JSON: unexpected ']' at byte 3 (expected a value)"),
    (bytes("[,1]"), "invalid JSON: unexpected ',' at byte 1 (expected a value)"),
    (bytes("01"), "invalid JSON: leading zero in a number at byte 1"),
    (bytes("-01"), "invalid JSON: leading zero in a number at byte 2"),
    (bytes("1."), "invalid JSON: unexpected end of input at byte 2 (expected a digit)"),
    (bytes("[1.]"), "invalid JSON: unexpected ']' at byte 3 (expected a digit)"),
    (bytes(".5"), "invalid JSON: unexpected '.' at byte 0 (expected a value)"),
    (bytes("-"), "invalid JSON: unexpected end of input at byte 1 (expected a digit)"),
    (bytes("-a"), "invalid JSON: unexpected 'a' at byte 1 (expected a digit)"),
    (bytes("1e"), "invalid JSON: unexpected end of input at byte 2 (expected a digit)"),
    (bytes("1e+"), "invalid JSON: unexpected end of input at byte 3 (expected a digit)"),
    (bytes("1.5e+x"), "invalid JSON: unexpected 'x' at byte 5 (expected a digit)"),
    (bytes("+1"), "invalid JSON: unexpected '+' at byte 0 (expected a value)"),
    (bytes("0x10"), "trailing data after the JSON value at byte 1"),
    (bytes("NaN"), "invalid JSON: unexpected 'N' at byte 0 (expected a value)"),
    (bytes("Infinity"), "invalid JSON: unexpected 'I' at byte 0 (expected a value)"),
    (bytes("-Infinity"), "invalid JSON: unexpected 'I' at byte 1 (expected a digit)"),
    (bytes("tru"), "invalid JSON: unexpected end of input at byte 3 (expected 'true')"),
    (bytes("nul1"), "invalid JSON: unexpected '1' at byte 3 (expected 'null')"),
    (bytes("falsey"), "trailing data after the JSON value at byte 5"),
    (bytes("[true false]"), "invalid JSON: unexpected 'f' at byte 6 (expected ',' or ']')"),
    (bytes("\"abc"), "unterminated string at end of input"),
    (bytes("\"a\\"), "unterminated string at end of input"),
    (bytes("\"\\x\""), "invalid JSON: invalid escape '\\x' at byte 1"),
    (bytes("\"\\u12G4\""), "invalid JSON: invalid \\u escape at byte 1 (expected 4 hex digits)"),
    (bytes("\"\\u12\""), "invalid JSON: invalid \\u escape at byte 1 (expected 4 hex digits)"),
    (bytes("\"ab\\uD800\""), "lone surrogate \\uD800 at byte 3"),
    (bytes("\"\\uDC00\\uD800\""), "lone surrogate \\uDC00 at byte 1"),
    (bytes("\"\\uD800\\u0041\""), "lone surrogate \\uD800 at byte 1"),
    (bytes("\"\\uD800\\n\""), "lone surrogate \\uD800 at byte 1"),
    (bytes("\"\\uD800\\uD800\""), "lone surrogate \\uD800 at byte 1"),
    (bytes("{\"\\udfff\":1}"), "lone surrogate \\uDFFF at byte 2"),
    (bytes("\"a\tb\""), "invalid JSON: unescaped control character 0x09 in a string at byte 2"),
    (bytes("\"\n\""), "invalid JSON: unescaped control character 0x0A in a string at byte 1"),
    (bytes("[1]\u{0}"), "trailing data after the JSON value at byte 3"),
    (bytes("\u{FEFF}{}"), "byte-order mark at byte 0 is not allowed"),
    (bytes("'a'"), "invalid JSON: unexpected ''' at byte 0 (expected a value)"),
    (bytes("[1]x"), "trailing data after the JSON value at byte 3"),
    (bytes("{\"a\":1 \"b\":2}"), "invalid JSON: unexpected '\"' at byte 7 (expected ',' or '}')"),
    (bytes("[\u{0C}1]"), "invalid JSON: unexpected byte 0x0C at byte 1 (expected a value)"),
    ([0x22, 0xC0, 0x80, 0x22], "invalid UTF-8 at byte 1"),  // overlong NUL
    ([0x22, 0xC1, 0xBF, 0x22], "invalid UTF-8 at byte 1"),  // overlong
    ([0x22, 0xE0, 0x9F, 0xBF, 0x22], "invalid UTF-8 at byte 1"),  // overlong 3-byte
    ([0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], "invalid UTF-8 at byte 1"),  // overlong 4-byte
    ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 at byte 1"),  // encoded surrogate U+D800
    ([0x22, 0xED, 0xBF, 0xBF, 0x22], "invalid UTF-8 at byte 1"),  // encoded surrogate U+DFFF
    ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 at byte 1"),  // U+110000
    ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "invalid UTF-8 at byte 1"),
    ([0x22, 0x61, 0x80, 0x22], "invalid UTF-8 at byte 2"),  // stray continuation
    ([0x22, 0xE2, 0x82, 0x22], "invalid UTF-8 at byte 1"),  // truncated
    ([0x22, 0xF0, 0x9F, 0x98, 0x41, 0x22], "invalid UTF-8 at byte 1"),  // truncated, ASCII follows
    ([0x22, 0xFF, 0x22], "invalid UTF-8 at byte 1"),
    ([0x22, 0xE2, 0x82], "unterminated string at end of input"),
    ([0xC3, 0xA9], "invalid JSON: unexpected byte 0xC3 at byte 0 (expected a value)"),
    ([0xEF, 0xBB], "invalid JSON: unexpected byte 0xEF at byte 0 (expected a value)"),
    ([0xEF, 0xBB, 0x31], "invalid JSON: unexpected byte 0xEF at byte 0 (expected a value)"),
    (
        Array(repeating: UInt8(ascii: "["), count: 513) + Array(repeating: UInt8(ascii: "]"), count: 513),
        "nesting deeper than 512 levels at byte 512"
    ),
    (
        Array(repeating: UInt8(ascii: "{"), count: 1) + bytes("\"a\":") + Array(repeating: UInt8(ascii: "["), count: 512) + [0x5D],
        "nesting deeper than 512 levels at byte 516"
    ),
]

@Suite struct JSONValidatorTests {
    @Test func acceptsValidDocuments() {
        for sample in validSamples {
            let outcome = validationOutcome([sample[...]])
            #expect(outcome == nil, "\(String(decoding: sample.prefix(60), as: UTF8.self)): \(outcome?.message ?? "")")
        }
    }

    @Test func rejectsInvalidDocumentsWithMessageAndOffset() throws {
        for (input, message) in invalidSamples {
            let outcome = try #require(validationOutcome([input[...]]), "accepted \(input.prefix(40))")
            #expect(outcome.message == message)
            #expect(outcome.message.contains("at byte \(outcome.offset)") || outcome.offset == input.count || outcome.offset == 0)
        }
    }

    @Test func everySplitIntoTwoChunksGivesTheSameOutcome() {
        let all = validSamples + invalidSamples.map(\.input)
        for sample in all {
            let whole = validationOutcome([sample[...]])
            for cut in 0...sample.count {
                let split = validationOutcome([sample[..<cut], sample[cut...]])
                #expect(split == whole, "cut at \(cut) of \(sample.prefix(40))")
            }
        }
    }

    @Test func everySplitIntoThreeChunksAndByteAtATimeGiveTheSameOutcome() {
        let all = (validSamples + invalidSamples.map(\.input)).filter { $0.count <= 80 }
        for sample in all {
            let whole = validationOutcome([sample[...]])
            #expect(validationOutcome(sample.indices.map { sample[$0...$0] }) == whole)
            for first in 0...sample.count {
                for second in first...sample.count {
                    let split = validationOutcome([sample[..<first], sample[first..<second], sample[second...]])
                    #expect(split == whole, "cuts at \(first), \(second) of \(sample)")
                }
            }
        }
    }

    @Test func errorsAreStickyAndBytesAreCounted() {
        var validator = JSONValidator()
        #expect(throws: JSONValidationError.self) {
            try validator.feed(Array("[1,".utf8))
            try validator.feed(Array("]".utf8))
        }
        #expect(validator.bytesSeen == 4)
        #expect(throws: JSONValidationError(message: "invalid JSON: unexpected ']' at byte 3 (expected a value)", offset: 3)) {
            try validator.finish()
        }
        var complete = JSONValidator()
        #expect(throws: Never.self) {
            try complete.feed(Array(" 42 ".utf8))
            try complete.finish()
            try complete.finish()
        }
        #expect(complete.bytesSeen == 4)
    }

    @Test func validatesByteBuffersWithoutConsumingThem() throws {
        var buffer = ByteBuffer(string: "{\"data\": [1, 2.5, \"three\"]}")
        try JSONValidator.validate(buffer)
        #expect(buffer.readableBytes == 27)
        buffer.moveReaderIndex(forwardBy: 1)
        #expect(throws: JSONValidationError.self) { try JSONValidator.validate(buffer) }
        try Array("[]".utf8).withUnsafeBytes { raw in try JSONValidator.validate(raw) }
    }

    @Test func scalarAtTopLevelEndsWithTheInput() throws {
        for text in ["123", "-0.5e-3", "true", "\"x\""] {
            var validator = JSONValidator()
            try validator.feed(Array(text.utf8))
            try validator.finish()
        }
        var open = JSONValidator()
        try open.feed(Array("[123".utf8))
        #expect(throws: JSONValidationError(message: "invalid JSON: unexpected end of input at byte 4 (expected ',' or ']')", offset: 4)) {
            try open.finish()
        }
    }

    @Test func largeDocumentInOddChunks() throws {
        var document = Array("[".utf8)
        for index in 0..<20_000 {
            if index > 0 { document.append(UInt8(ascii: ",")) }
            document += Array("{\"id\":\(index),\"name\":\"é漢😀 item \(index)\",\"v\":[\(index).5e-3,true,null]}".utf8)
        }
        document.append(UInt8(ascii: "]"))
        var validator = JSONValidator()
        var start = 0
        var size = 1
        while start < document.count {
            let end = min(start + size, document.count)
            try validator.feed(Array(document[start..<end]))
            start = end
            size = size % 997 + 7
        }
        try validator.finish()
        #expect(validator.bytesSeen == document.count)
    }
}
