import Foundation
import NIOCore
import Testing

@testable import DataHubService

/// Documents whose whitespace, strings and escapes sit where a compactor can go wrong.
private let compactionCases: [(input: String, expected: String)] = [
    (" { \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { } }\r\n", "{\"a\":[1,2],\"b\":{}}"),
    ("[ \"a b\" , \"  \" , \"\\\" \" , \"\\\\\" , \"x\\\\\\\" y\" ]", "[\"a b\",\"  \",\"\\\" \",\"\\\\\",\"x\\\\\\\" y\"]"),
    ("[ 1.0E+2 , -0.000 , 1e400 , 123456789012345678901234567890 ]", "[1.0E+2,-0.000,1e400,123456789012345678901234567890]"),
    ("{ \"\\u0020 \\n\" : \"é 漢字 😀\" , \"\\uD83D\\uDE00\" : null }", "{\"\\u0020 \\n\":\"é 漢字 😀\",\"\\uD83D\\uDE00\":null}"),
    ("  true  ", "true"), ("\n-12.5e-3\n", "-12.5e-3"), ("\" spaced \"", "\" spaced \""), ("[[ [ ] ],{ } ]", "[[[]],{}]"),
    ("{\"a\":\"b\"}", "{\"a\":\"b\"}"),
]

@Suite struct JSONCompactorTests {
    @Test func dropsWhitespaceOutsideStringsOnly() throws {
        for (input, expected) in compactionCases {
            let out = try JSONCompactor.compact(Array(input.utf8))
            #expect(String(decoding: out, as: UTF8.self) == expected, "input \(input)")
        }
    }

    /// Every split position of every case, in two chunks and in single bytes, gives the same bytes as the whole.
    @Test func chunkSplitsAtEveryPositionGiveTheSameBytes() throws {
        for (input, expected) in compactionCases {
            let bytes = Array(input.utf8)
            for cut in 0...bytes.count {
                #expect(try compactChunks([Array(bytes[..<cut]), Array(bytes[cut...])]) == expected, "\(input) cut at \(cut)")
            }
            #expect(try compactChunks(bytes.map { [$0] }) == expected, "\(input) byte by byte")
        }
    }

    @Test func invalidDocumentsThrow() {
        for input in ["{\"a\": 1", "{\"a\" 1}", "[1,]", "", "  ", "\"open", "[1] 2", "{\"a\":\"\u{1}\"}", "[tru]"] {
            #expect(throws: JSONValidationError.self, "input \(input)") { try JSONCompactor.compact(Array(input.utf8)) }
        }
    }

    /// Seeded random documents (valid and cut) against Python's json and an independent compaction.
    @Test func agreesWithPythonOnRandomDocuments() async throws {
        var random = SeededGenerator(seed: 0xC0_4A_C7)
        var cases: [[UInt8]] = compactionCases.map { Array($0.input.utf8) }
        while cases.count < 1_500 {
            var document = Array(randomValue(depth: 0, &random).utf8)
            if Int.random(in: 0..<5, using: &random) == 0 { document = Array(document.prefix(Int.random(in: 0..<document.count, using: &random))) }
            cases.append(document)
        }
        let answers = try await runCompactOracle(cases)
        try #require(answers.count == cases.count, "the oracle answered \(answers.count) of \(cases.count) cases")
        var accepted = 0
        for (index, input) in cases.enumerated() {
            let cut = Int.random(in: 0...input.count, using: &random)
            let ours = try? compactChunks([Array(input[..<cut]), Array(input[cut...])])
            if answers[index].hasPrefix("ok ") {
                accepted += 1
                let expected = Data(base64Encoded: String(answers[index].dropFirst(3))).map { String(decoding: $0, as: UTF8.self) }
                #expect(ours == expected, "case \(index) \(Data(input).base64EncodedString()) cut at \(cut)")
            } else {
                #expect(ours == nil, "case \(index) \(Data(input).base64EncodedString()): python \(answers[index]), swift accepted")
            }
        }
        #expect(accepted > cases.count / 2 && accepted < cases.count, "accepted \(accepted) of \(cases.count)")
    }

    private func compactChunks(_ chunks: [[UInt8]]) throws -> String {
        var compactor = JSONCompactor()
        var out = ByteBuffer()
        for chunk in chunks { try compactor.feed(ByteBuffer(bytes: chunk), into: &out) }
        try compactor.finish()
        return String(buffer: out)
    }

    private func runCompactOracle(_ cases: [[UInt8]]) async throws -> [String] {
        let python = pythonInterpreter()
        try #require(FileManager.default.isExecutableFile(atPath: python), "Python not found at \(python): set DATAHUB_PYTHON or create .venv")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("datahub-compact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cases.txt")
        let output = directory.appendingPathComponent("answers.txt")
        try cases.map { Data($0).base64EncodedString() }.joined(separator: "\n").appending("\n").write(to: input, atomically: true, encoding: .ascii)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot() + "/Tests/tools/json_compact_oracle.py", input.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        let status = try await runBounded(process, seconds: 120)
        try #require(status == 0, "json_compact_oracle.py exited with \(status)")
        return try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

private let whitespace = ["", "", " ", "  ", "\n", "\t", "\r\n", " \n "]
private let stringPieces = ["a", " ", "  x ", "\\\"", "\\\\", "\\n", "\\u00e9", "\\uD83D\\uDE00", "é", "😀", "\\/", "{", "]", ",", ":"]

/// A random JSON value with random whitespace between its tokens and tricky bytes inside its strings.
private func randomValue(depth: Int, _ random: inout SeededGenerator) -> String {
    func ws() -> String { whitespace.randomElement(using: &random)! }
    func string() -> String {
        "\"" + (0..<Int.random(in: 0...5, using: &random)).map { _ in stringPieces.randomElement(using: &random)! }.joined() + "\""
    }
    let kind = depth > 4 ? Int.random(in: 2..<6, using: &random) : Int.random(in: 0..<6, using: &random)
    switch kind {
    case 0:
        let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in ws() + randomValue(depth: depth + 1, &random) + ws() }
        return "[" + ws() + items.joined(separator: ",") + "]"
    case 1:
        let members = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            ws() + string() + ws() + ":" + ws() + randomValue(depth: depth + 1, &random) + ws()
        }
        return "{" + ws() + members.joined(separator: ",") + "}"
    case 2: return string()
    case 3: return ["0", "-0", "1.5e-7", "1E+2", "-12.50", "1e400", "123456789012345678901234567890"].randomElement(using: &random)!
    case 4: return ["true", "false", "null"].randomElement(using: &random)!
    default: return ws() + string() + ws()
    }
}
