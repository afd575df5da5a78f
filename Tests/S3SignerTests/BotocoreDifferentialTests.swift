import Foundation
import Testing

@testable import S3Signer

/// Signs 1,800 seeded random requests here and with botocore (Tests/tools/botocore_sign.py); all must agree.
@Suite struct BotocoreDifferentialTests {
    static let headerCases = 1200
    static let presignCases = 600

    struct BotocoreResult: Decodable {
        let id: Int
        let path: String
        let canonicalRequest: String
        let authorization: String?
        let xAmzDate: String?
        let xAmzContentSha256: String?
        let url: String?

        enum CodingKeys: String, CodingKey {
            case id, path, canonicalRequest, authorization, url
            case xAmzDate = "x-amz-date"
            case xAmzContentSha256 = "x-amz-content-sha256"
        }
    }

    struct BotocoreOutput: Decodable {
        let botocore: String
        let results: [BotocoreResult]
    }

    @Test func everySignatureMatchesBotocore() async throws {
        var generator = RandomRequests(rng: SplitMix64(seed: 0x5157_5634))
        let cases = (0..<(Self.headerCases + Self.presignCases)).map { generator.makeCase(id: $0, presign: $0 >= Self.headerCases) }
        Self.expectCoverage(cases)
        let output = try await Self.signWithBotocore(cases)
        #expect(output.results.count == cases.count)

        var mismatches: [String] = []
        for (testCase, result) in zip(cases, output.results) {
            #expect(result.id == testCase.id)
            if let problem = Self.compare(testCase, result) { mismatches.append(problem) }
        }
        for problem in mismatches.prefix(5) { Issue.record(Comment(rawValue: problem)) }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) requests differ from botocore \(output.botocore)")
    }

    /// The generator must really produce the awkward inputs the test claims to cover.
    static func expectCoverage(_ cases: [DifferentialCase]) {
        func count(_ predicate: (DifferentialCase) -> Bool) -> Int { cases.filter(predicate).count }
        let repeatedName = count { Set($0.query.map { $0[0] }).count < $0.query.count }
        let repeatedHeader = count { Set($0.headers.map { $0[0].lowercased() }).count < $0.headers.count }
        let covered: [(String, Int)] = [
            ("header-signed", count { $0.kind == "header" }),
            ("presigned", count { $0.kind == "presign" }),
            ("presigned PUT", count { $0.kind == "presign" && $0.method == "PUT" }),
            ("empty payload", count { $0.kind == "header" && $0.payload == "empty" }),
            ("body payload", count { $0.payload == "body" }),
            ("unsigned header-signed", count { $0.kind == "header" && $0.payload == "unsigned" }),
            ("space in key", count { $0.path.contains(" ") }),
            ("non-ASCII key", count { $0.path.unicodeScalars.contains { !$0.isASCII } }),
            ("'+' in key", count { $0.path.contains("+") }),
            ("'=' in key", count { $0.path.contains("=") }),
            ("'%' in key", count { $0.path.contains("%") }),
            ("'~' in key", count { $0.path.contains("~") }),
            ("'/' inside key", count { $0.path.dropFirst("/analytics-data/".count).contains("/") }),
            ("repeated query name", repeatedName),
            ("empty query value", count { $0.query.contains { $0[1].isEmpty } }),
            ("'/' in query value", count { $0.query.contains { $0[1].contains("/") } }),
            ("repeated header name", repeatedHeader),
            ("inner space run in header", count { $0.headers.contains { $0[1].contains("  ") || $0[1].contains("\t") } }),
            (
                "leading/trailing header space",
                count { $0.headers.contains { $0[1].first?.isWhitespace == true || $0[1].last?.isWhitespace == true } }
            ),
        ]
        for (what, number) in covered { #expect(number >= 30, "only \(number) cases with \(what)") }
    }

    /// Nil when our signature (and everything around it) equals botocore's, else a description of the difference.
    static func compare(_ testCase: DifferentialCase, _ result: BotocoreResult) -> String? {
        let signer = SigV4Signer(credentials: S3Credentials(accessKey: testCase.accessKey, secretKey: testCase.secretKey), region: testCase.region)
        let date = Date(timeIntervalSince1970: Double(testCase.epoch))
        var differences: [String] = []
        if SigV4Signer.encodePath(testCase.path) != result.path {
            differences.append("path ours \(SigV4Signer.encodePath(testCase.path)) botocore \(result.path)")
        }
        if testCase.kind == "header" {
            let ours = signer.signedHeaders(for: testCase.request, payloadHash: testCase.payloadHash, date: date)
            // botocore separates the three Authorization parts with ", ", AWS's examples with ","; both are accepted.
            let theirs = result.authorization?.replacingOccurrences(of: ", ", with: ",")
            let expected = [result.xAmzDate ?? "nil", result.xAmzContentSha256 ?? "nil", theirs ?? "nil"]
            if ours.map(\.value) != expected {
                let headers = signer.headersToSign(testCase.request) + Array(ours.prefix(2))
                let canonical = SigV4Signer.canonicalRequest(
                    method: testCase.method,
                    path: testCase.path,
                    query: testCase.request.query,
                    headers: headers,
                    payloadHash: testCase.payloadHash
                )
                differences.append("headers ours \(ours.map(\.value)) botocore \(expected)\nour canonical request:\n\(canonical)")
            }
        } else {
            let ours = signer.presignedURL(for: testCase.request, scheme: testCase.scheme, expires: testCase.expires, date: date)
            if !sameURL(ours, result.url ?? "") { differences.append("url ours \(ours) botocore \(result.url ?? "nil")") }
        }
        guard !differences.isEmpty else { return nil }
        return
            "case \(testCase.id) (\(testCase.kind)): \(differences.joined(separator: "; "))\nbotocore canonical request:\n\(result.canonicalRequest)"
    }

    /// Same base and same signature; the same query parameters in any order (botocore does not sort the URL's query).
    static func sameURL(_ ours: String, _ theirs: String) -> Bool {
        func parts(_ url: String) -> (base: Substring, query: [Substring], signature: Substring?) {
            let halves = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let query = halves.count > 1 ? halves[1].split(separator: "&", omittingEmptySubsequences: false) : []
            let signature = query.last { $0.hasPrefix("X-Amz-Signature=") }
            return (halves[0], query.sorted(), signature)
        }
        let (a, b) = (parts(ours), parts(theirs))
        return a.base == b.base && a.query == b.query && a.signature != nil && a.signature == b.signature && ours.hasSuffix(String(a.signature!))
    }

    static func signWithBotocore(_ cases: [DifferentialCase]) async throws -> BotocoreOutput {
        let python = try #require(
            ExternalProcess.python(),
            "Python not found: set DATAHUB_PYTHON to an executable interpreter, or create \(ExternalProcess.repositoryRoot.path)/.venv with botocore installed"
        )
        let script = ExternalProcess.repositoryRoot.appendingPathComponent("Tests/tools/botocore_sign.py")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("s3signer-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cases.json")
        let output = directory.appendingPathComponent("results.json")
        try JSONEncoder().encode(cases).write(to: input)

        let outcome = try await ExternalProcess.run(python, [script.path, input.path, output.path], timeout: .seconds(120))
        try #require(
            outcome.status == 0 && !outcome.killedBySignal,
            "botocore_sign.py failed (status \(outcome.status), signal \(outcome.killedBySignal)): \(outcome.standardError)"
        )
        return try JSONDecoder().decode(BotocoreOutput.self, from: Data(contentsOf: output))
    }
}
