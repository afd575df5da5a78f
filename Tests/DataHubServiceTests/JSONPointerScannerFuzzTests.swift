import Foundation
import NIOCore
import Testing

@testable import DataHubService

/// Random documents with awkward keys and whitespace: every path into them resolves to the text that was generated
/// for that value, in random chunkings.
@Suite struct JSONPointerScannerFuzzTests {
    /// A tiny deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Keys as pointer text and as JSON text (escaped differently on purpose).
    static let keys: [(pointer: String, json: String)] = [
        ("a", #""a""#), ("a~1b", #""a/b""#), ("a~0b", #""a~b""#), ("", #""""#), ("é", #""\u00e9""#), ("é", #""é""#),
        ("q\"", #""q\"""#), ("0", #""0""#), ("k\\", #""k\\""#), ("😀", #""\ud83d\ude00""#), ("x y", #""x\u0020y""#),
    ]

    /// Generates a value, recording every path (as a pointer) with the exact text of the value there.
    static func value(_ rng: inout SplitMix, depth: Int, path: String, into paths: inout [(String, String)]) -> String {
        let space = [" ", "", "\n ", "\t"][Int(rng.next() % 4)]
        let text: String
        switch depth > 3 ? rng.next() % 4 : rng.next() % 6 {
        case 0: text = ["1", "-0.5e+3", "true", "false", "null", "123456789"][Int(rng.next() % 6)]
        case 1: text = [#""s""#, #""a]}\",{""#, #""\\""#, #""""#][Int(rng.next() % 4)]
        case 2, 3: text = ["0", "7.25", #""v""#][Int(rng.next() % 3)]
        case 4:
            let count = Int(rng.next() % 4)
            let items = (0..<count).map { index in value(&rng, depth: depth + 1, path: path + "/\(index)", into: &paths) }
            text = "[" + space + items.joined(separator: space + "," + space) + space + "]"
        default:
            var used = Set<String>()
            var members: [String] = []
            for _ in 0..<Int(rng.next() % 4) {
                let key = keys[Int(rng.next() % UInt64(keys.count))]
                // Duplicate names resolve to the first; keep them unique so the expectation stays simple.
                guard used.insert(key.pointer).inserted else { continue }
                members.append(key.json + space + ":" + space + value(&rng, depth: depth + 1, path: path + "/" + key.pointer, into: &paths))
            }
            text = "{" + space + members.joined(separator: space + "," + space) + space + "}"
        }
        paths.append((path, text))
        return text
    }

    @Test func everyPathResolvesToItsOwnTextInAnyChunking() throws {
        var rng = SplitMix(state: 20_261_204)
        var checked = 0
        for _ in 0..<600 {
            var paths: [(String, String)] = []
            let document = " " + Self.value(&rng, depth: 0, path: "", into: &paths) + "\n"
            let bytes = Array(document.utf8)
            for (pointer, expected) in paths {
                var scanner = JSONPointerScanner(pointer: try JSONPointer(pointer), maxValueBytes: 1 << 20)
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + 1 + Int(rng.next() % 7))
                    try scanner.feed(ByteBuffer(bytes: bytes[start..<end]))
                    start = end
                }
                #expect(scanner.finish().map { String(buffer: $0) } == expected, "\(pointer) in \(document)")
                checked += 1
            }
            var missing = JSONPointerScanner(pointer: try JSONPointer("/nope/0"), maxValueBytes: 1 << 20)
            try missing.feed(ByteBuffer(bytes: bytes))
            #expect(missing.finish() == nil)
        }
        #expect(checked > 1000)
    }
}
