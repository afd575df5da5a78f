import Foundation

/// One hostile request for the raw-socket fuzzer.
struct HostileCase: Sendable {
    /// What it tries.
    var name: String
    /// The bytes, with pauses.
    var pieces: [RawHTTP.Piece]
    /// Whether the client shuts its write side after sending (a body that stops early).
    var halfClose = false
    /// How long to wait for the answer.
    var timeout = 4.0

    /// A case sending `text` at once.
    init(_ name: String, _ text: String, halfClose: Bool = false) {
        self.init(name, [RawHTTP.Piece(text)], halfClose: halfClose)
    }

    /// A case sending `pieces`, with their pauses.
    init(_ name: String, _ pieces: [RawHTTP.Piece], halfClose: Bool = false) {
        self.name = name
        self.pieces = pieces
        self.halfClose = halfClose
    }
}

/// SplitMix64: a small generator whose whole sequence follows from its seed, so a failing run of random cases
/// can be replayed exactly.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `DATAHUB_TEST_SEED` when set (to replay a failure), else a fresh random seed.
    static func seedFromEnvironment() -> UInt64 {
        ProcessInfo.processInfo.environment["DATAHUB_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
    }
}

/// The hand-written hostile requests and random mutations of valid ones; everything random comes from one
/// seeded generator.
enum HostileCases {
    /// A small valid JSON body.
    static let json = #"{"a":[1,2,{"b":"c"}],"d":null}"#

    /// A valid upload request, the seed of the mutations.
    static var validUpload: String {
        "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)"
    }

    /// Hand-written cases: request lines, headers, lengths, chunked framing, early ends.
    static func all(using random: inout SeededRandom) -> [HostileCase] {
        requestLines(using: &random) + headers() + lengths() + chunked()
    }

    private static func requestLines(using random: inout SeededRandom) -> [HostileCase] {
        [
            HostileCase("garbage line", "GARBAGE\r\n\r\n"),
            HostileCase("no target", "GET\r\n\r\n"),
            HostileCase("bad version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"),
            HostileCase("extra token", "GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n"),
            HostileCase("nul in target", "GET /da\0ta HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("binary", String(decoding: (0..<512).map { _ in UInt8.random(in: 0...255, using: &random) }, as: UTF8.self)),
            HostileCase("empty lines", "\r\n\r\n\r\n\r\n"),
            HostileCase("bare LF", "GET /health HTTP/1.1\nHost: x\n\n"),
            HostileCase("huge target", "GET /data/" + String(repeating: "a", count: 200_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("absolute URI", "GET http://evil.example/data HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("lower-case method", "get /health HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("unknown method", "BREW /data HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("percent junk", "GET /data/%zz%00%ff/%2e%2e HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("dot segments", "GET /data/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("reserved prefix", "GET /data?prefix=.datahub/ HTTP/1.1\r\nHost: x\r\n\r\n"),
            HostileCase("HTTP/1.0 no host", "GET /health HTTP/1.0\r\n\r\n"),
            HostileCase("pipelined", "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /data?limit=abc HTTP/1.1\r\nHost: x\r\n\r\n"),
        ]
    }

    private static func headers() -> [HostileCase] {
        let many = (0..<5000).map { "X-H\($0): v\r\n" }.joined()
        return [
            HostileCase("64 KiB header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 65_536))\r\n\r\n"),
            HostileCase("1 MiB header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 1_048_576))\r\n\r\n"),
            HostileCase("5000 headers", "GET /health HTTP/1.1\r\nHost: x\r\n\(many)\r\n"),
            HostileCase("duplicate host", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            HostileCase("duplicate content-type", upload(extra: "Content-Type: text/plain\r\n")),
            HostileCase("header without colon", "GET /health HTTP/1.1\r\nHost x\r\n\r\n"),
            HostileCase("space before colon", "GET /health HTTP/1.1\r\nHost : x\r\n\r\n"),
            HostileCase("obs-fold", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n"),
            HostileCase("control in header", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n"),
            HostileCase("huge request id", "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: \(String(repeating: "r", count: 10_000))\r\n\r\n"),
            HostileCase("bad auth", "GET /data HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u{7f}\u{7f}\r\n\r\n"),
            HostileCase("bad range", "GET /data/x.json?raw=true HTTP/1.1\r\nHost: x\r\nRange: bytes=99999999999999999999-1\r\n\r\n"),
            HostileCase("huge idempotency key", upload(extra: "Idempotency-Key: \(String(repeating: "k", count: 100_000))\r\n")),
        ]
    }

    private static func lengths() -> [HostileCase] {
        let head = "POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        return [
            HostileCase("two content-lengths", head + "Content-Length: 5\r\nContent-Length: 30\r\n\r\n\(json)"),
            HostileCase("negative length", head + "Content-Length: -5\r\n\r\n\(json)"),
            HostileCase("text length", head + "Content-Length: abc\r\n\r\n\(json)"),
            HostileCase("overflowing length", head + "Content-Length: 99999999999999999999999\r\n\r\n\(json)"),
            HostileCase("length over the limit", head + "Content-Length: 209715200\r\n\r\n\(json)", halfClose: true),
            HostileCase("length shorter than body", head + "Content-Length: 3\r\n\r\n\(json)"),
            HostileCase("body stops early", head + "Content-Length: 1000\r\n\r\n\(json)", halfClose: true),
            HostileCase("body stops after head", head + "Content-Length: 1000\r\n\r\n", halfClose: true),
            HostileCase("length and chunked", head + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[1]\n\r\n0\r\n\r\n"),
            HostileCase("no length no body", head + "\r\n"),
            HostileCase("GET with body", "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n[1]\n"),
        ]
    }

    private static func chunked() -> [HostileCase] {
        let head = "POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        return [
            HostileCase("valid chunked", head + "5\r\n[1,2]\r\n0\r\n\r\n"),
            HostileCase("bad chunk size", head + "zz\r\n[1,2]\r\n0\r\n\r\n"),
            HostileCase("chunk size overflow", head + "ffffffffffffffffffff\r\n[1]\r\n0\r\n\r\n"),
            HostileCase("chunk shorter than size", head + "10\r\n[1]\r\n0\r\n\r\n", halfClose: true),
            HostileCase("missing CRLF after chunk", head + "3\r\n[1]0\r\n\r\n"),
            HostileCase("no last chunk", head + "3\r\n[1]\r\n", halfClose: true),
            HostileCase("chunk extension junk", head + "3;\u{1}=\u{2}\r\n[1]\r\n0\r\n\r\n"),
            HostileCase("negative chunk", head + "-3\r\n[1]\r\n0\r\n\r\n"),
            HostileCase(
                "unknown coding",
                "POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\n[1]\r\n0\r\n\r\n"
            ),
            HostileCase("invalid JSON chunked", head + "4\r\n[1,}\r\n0\r\n\r\n"),
            HostileCase(
                "deep JSON",
                head + String(format: "%x", 20_000) + "\r\n" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
                    + "\r\n0\r\n\r\n"
            ),
        ]
    }

    private static func upload(extra: String) -> String {
        "POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\(extra)Content-Length: \(json.utf8.count)\r\n\r\n\(json)"
    }

    /// `count` random mutations of a valid upload: flipped, inserted, deleted or duplicated bytes, or a cut.
    static func mutations(count: Int, using random: inout SeededRandom) -> [HostileCase] {
        let valid = Array(validUpload.utf8)
        let specials = Array("\r\n:; \0\t%{}[]\"\\-0123456789abcdefABCDEF".utf8)
        var cases: [HostileCase] = []
        for index in 0..<count {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(specials.randomElement(using: &random)!, at: at)
                case 2: if bytes.count > 1 { bytes.remove(at: at) }
                case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int.random(in: 1...40, using: &random))], at: at)
                default: bytes[at] = specials.randomElement(using: &random)!
                }
            }
            let cut = Int.random(in: 0..<4, using: &random) == 0
            if cut { bytes = Array(bytes.prefix(Int.random(in: 1...bytes.count, using: &random))) }
            var mutation = HostileCase("mutation \(index)", [RawHTTP.Piece(bytes)], halfClose: cut)
            mutation.timeout = 1.5
            cases.append(mutation)
        }
        return cases
    }
}
