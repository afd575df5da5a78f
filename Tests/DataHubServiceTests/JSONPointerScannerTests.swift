import Foundation
import NIOCore
import Testing

@testable import DataHubService

/// RFC 6901 parsing and the streaming scanner, with every document split at every byte position.
@Suite struct JSONPointerScannerTests {
    /// The value `pointer` selects in `document`, checked to be the same whole, in two chunks split at every
    /// position, and one byte at a time.
    static func resolve(_ document: String, _ pointer: String, limit: Int = 1 << 20) throws -> String? {
        let parsed = try JSONPointer(pointer)
        let bytes = Array(document.utf8)
        func run(_ chunks: [ArraySlice<UInt8>]) throws -> String? {
            var scanner = JSONPointerScanner(pointer: parsed, maxValueBytes: limit)
            for chunk in chunks { try scanner.feed(ByteBuffer(bytes: chunk)) }
            return scanner.finish().map { String(buffer: $0) }
        }
        let whole = try run([bytes[...]])
        for split in 0...bytes.count {
            let answer = try run([bytes[..<split], bytes[split...]])
            #expect(answer == whole, "split at \(split) of \(document) for '\(pointer)'")
        }
        #expect(try run(bytes.indices.map { bytes[$0...$0] }) == whole, "byte by byte: \(document) for '\(pointer)'")
        return whole
    }

    static let document = #"""
        { "a" : [ 1 , { "b" : "x\"y" , "c" : [ ] } , -2.5e3 , true ] ,
          "" : 0 , "a/b" : 1 , "m~n" : 2 , "k\"l" : 3 , " " : 7 , "caf\u00e9" : "é" , "\ud83d\ude00" : "emoji" ,
          "nested" : { "deep" : { "er" : [ [ 10 , 11 ] , { } , null ] } } , "dup" : 1 , "dup" : 2 , "s" : "a]}\\" }
        """#

    @Test(arguments: [
        ("/a/0", "1"), ("/a/1/b", #""x\"y""#), ("/a/1/c", "[ ]"), ("/a/2", "-2.5e3"), ("/a/3", "true"),
        ("/a/1", #"{ "b" : "x\"y" , "c" : [ ] }"#), ("/", "0"), ("/a~1b", "1"), ("/m~0n", "2"), (#"/k"l"#, "3"), ("/ ", "7"),
        ("/café", #""é""#), ("/😀", #""emoji""#), ("/nested/deep/er/0/1", "11"), ("/nested/deep/er/1", "{ }"),
        ("/nested/deep/er/2", "null"), ("/dup", "1"), ("/s", #""a]}\\""#),
    ])
    func pointsIntoObjectsArraysAndEscapes(_ pointer: String, _ expected: String) throws {
        #expect(try Self.resolve(Self.document, pointer) == expected)
    }

    @Test(arguments: ["/b", "/a/4", "/a/-", "/a/01", "/a/1/b/0", "/a/0/x", "/nested/deep/er/0/2", "/a~1b/x", "/m~1n", "/dup/x", "/caf"])
    func whatIsNotThereIsNotFound(_ pointer: String) throws {
        #expect(try Self.resolve(Self.document, pointer) == nil)
    }

    @Test func theEmptyPointerIsTheWholeDocumentWithoutOuterWhitespace() throws {
        #expect(try Self.resolve(" \n{ \"a\" : 1 }\n ", "") == "{ \"a\" : 1 }")
        #expect(try Self.resolve("  42  ", "") == "42")
        #expect(try Self.resolve("-0.5", "") == "-0.5")
        #expect(try Self.resolve("\"s\"", "") == "\"s\"")
        #expect(try Self.resolve("[7,8]", "/1") == "8")
        #expect(try Self.resolve("42", "/0") == nil)
        #expect(try Self.resolve("[[1],[2,[3]]]", "/1/1/0") == "3")
    }

    @Test(arguments: ["a", "a/b", "/~", "/a~2", "/a~"])
    func invalidPointersAreRefused(_ pointer: String) {
        #expect(throws: JSONPointerError.self) { try JSONPointer(pointer) }
    }

    @Test func tokensAreUnescapedInOrder() throws {
        #expect(try JSONPointer("/~01").tokens == [Array("~1".utf8)])
        #expect(try JSONPointer("/a//b/").tokens.map { String(decoding: $0, as: UTF8.self) } == ["a", "", "b", ""])
        #expect(try JSONPointer("").tokens.isEmpty)
        #expect(try JSONPointer("/0/10/01/-").indexes == [0, 10, nil, nil])
    }

    @Test func aSelectedValueOverTheLimitIsRefusedButSmallerOnesAreKept() throws {
        let document = #"{"small": [1, 2], "big": "\#(String(repeating: "x", count: 100))"}"#
        #expect(try Self.resolve(document, "/small", limit: 6) == "[1, 2]")
        var scanner = JSONPointerScanner(pointer: try JSONPointer("/big"), maxValueBytes: 50)
        #expect(throws: JSONPointerError.valueTooLarge(limit: 50)) { try scanner.feed(ByteBuffer(string: document)) }
    }
}
