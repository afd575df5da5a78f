import Digests
import Foundation
import S3Signer

/// A small, seeded, reproducible generator (SplitMix64), so every run signs the same requests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One request for the differential test, in the JSON shape `Tests/tools/botocore_sign.py` reads.
struct DifferentialCase: Codable, Sendable {
    /// `header` (Authorization header) or `presign` (query-string signature).
    var kind: String
    var id: Int
    var method: String
    var scheme: String
    var host: String
    var path: String
    var query: [[String]]
    var headers: [[String]]
    /// `empty`, `body` or `unsigned`; presigned cases are always unsigned.
    var payload: String
    var body: String
    var accessKey: String
    var secretKey: String
    var region: String
    var epoch: Int64
    var expires: Int

    var request: SignableRequest {
        SignableRequest(
            method: method,
            host: host,
            path: path,
            query: query.map { (name: $0[0], value: $0[1]) },
            headers: headers.map { (name: $0[0], value: $0[1]) }
        )
    }

    var payloadHash: String {
        switch payload {
        case "body": Digest.hex(Digest.sha256(Array(body.utf8)))
        case "unsigned": SigV4Signer.unsignedPayload
        default: SigV4Signer.emptyPayloadHash
        }
    }
}

/// Random requests that stress encoding, sorting and header canonicalisation.
struct RandomRequests {
    var rng: SplitMix64

    static let keyPieces = [
        "a", "b", "Z", "0", "9", "-", "_", ".", "~", " ", "  ", "+", "=", "%", "%2F", "%41", "/", "//", "ü", "é", "日本", "😀",
        "!", "*", "'", "(", ")", "$", "&", ",", ";", ":", "@", "?", "#", "[", "]", "\t", "\\", "\"", "<", ">", "^", "`", "{",
        "}", "|", "\u{00A0}", "report", "2024-06-01", "data.json",
    ]
    static let queryNames = [
        "prefix", "list-type", "max-keys", "continuation-token", "delimiter", "uploadId", "partNumber", "x-id", "a", "a-b", "a.b",
        "a_b", "A", "Z", "k e y", "ü", "k+=", "%", "~", "tags[0]", "a/b",
    ]
    static let headerNames = [
        "Content-Type", "content-type", "If-None-Match", "if-match", "Range", "X-Amz-Meta-Owner", "x-amz-meta-tag", "Cache-Control",
        "x-amz-storage-class", "Content-MD5", "X-Amz-Meta-Empty", "content-disposition", "x-amz-acl",
    ]
    static let hosts: [(scheme: String, host: String)] = [
        ("http", "127.0.0.1:8333"), ("http", "localhost:9000"), ("https", "examplebucket.s3.amazonaws.com"),
        ("http", "127.0.0.1:443"), ("https", "127.0.0.1:8443"), ("http", "[::1]:8333"),
    ]
    static let regions = ["us-east-1", "eu-west-3", "auto", "garage", "us-gov-west-1"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func text(_ pieces: [String], _ range: ClosedRange<Int>) -> String {
        (0..<count(range)).map { _ in pick(pieces) }.joined()
    }

    mutating func ascii(_ alphabet: String, _ length: Int) -> String {
        let characters = Array(alphabet)
        return String((0..<length).map { _ in characters[Int.random(in: 0..<characters.count, using: &rng)] })
    }

    mutating func path() -> String {
        switch count(0...9) {
        case 0: return "/"
        case 1: return "/analytics-data"
        case 2: return "/analytics-data/"
        default: return "/analytics-data/" + text(Self.keyPieces, 1...12)
        }
    }

    mutating func query() -> [[String]] {
        var params: [[String]] = []
        for _ in 0..<count(0...5) {
            let name = chance(85) ? pick(Self.queryNames) : text(Self.keyPieces.filter { $0 != "" }, 1...3)
            let value = chance(25) ? "" : text(Self.keyPieces, 1...6)
            params.append([name, value])
            if chance(20) { params.append([name, chance(30) ? "" : text(Self.keyPieces, 1...4)]) }  // repeated name
        }
        return params
    }

    /// Printable ASCII with odd spacing: leading/trailing runs, inner runs of spaces and tabs.
    mutating func headerValue() -> String {
        let printable = (0x21...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        let spaces = [" ", "  ", "   ", "\t", " \t "]
        var value = chance(40) ? pick(spaces) : ""
        for index in 0..<count(0...4) {
            if index > 0 { value += pick(spaces) }
            value += text(printable, 1...8)
        }
        return value + (chance(40) ? pick(spaces) : "")
    }

    mutating func headers() -> [[String]] {
        var headers: [[String]] = []
        for _ in 0..<count(0...4) {
            let name = pick(Self.headerNames)
            headers.append([name, headerValue()])
            if chance(15) { headers.append([chance(50) ? name.uppercased() : name.lowercased(), headerValue()]) }
        }
        return headers
    }

    mutating func makeCase(id: Int, presign: Bool) -> DifferentialCase {
        let endpoint = pick(Self.hosts)
        let payload = presign ? "unsigned" : pick(["empty", "body", "unsigned"])
        return DifferentialCase(
            kind: presign ? "presign" : "header",
            id: id,
            method: presign ? pick(["GET", "PUT"]) : pick(["GET", "PUT", "HEAD", "DELETE", "POST"]),
            scheme: endpoint.scheme,
            host: endpoint.host,
            path: path(),
            query: query(),
            headers: headers(),
            payload: payload,
            body: payload == "body" ? text(Self.keyPieces, 1...40) : "",
            accessKey: ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20),
            secretKey: ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            region: pick(Self.regions),
            epoch: Int64.random(in: 946_684_800...2_145_916_800, using: &rng),
            expires: presign ? count(1...604_800) : 0
        )
    }
}
