import Foundation
import Testing

/// `Expect: 100-continue` as curl sends it for every body over 1 MB: the real binary answers `100 Continue` once
/// the request passed the checks that need no body, and refuses the rest with their final answer, no `100` first
/// (so the client never sends a body that would be thrown away).
@Suite(.serialized) struct ExpectContinueTests {
    /// curl's verbose exchange: `--expect100-timeout 60` makes a server that never answers 100 visible as a
    /// missing `< HTTP/1.1 100 Continue` line (curl would still send the body after the wait).
    static func curl(_ arguments: [String]) async throws -> (status: Int, verbose: String, body: String) {
        let result = try await OneShotProcess.run(
            "/usr/bin/curl",
            ["-sS", "-v", "--expect100-timeout", "60", "-H", "Expect: 100-continue", "-w", "\n%{http_code}"] + arguments,
            timeout: .seconds(120)
        )
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.last ?? "") ?? 0
        return (status, result.stderr, lines.dropLast().joined(separator: "\n"))
    }

    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "expect-\(UUID().uuidString).json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func uploadsAndBatchesGet100ContinueAndStoreEveryByte() async throws {
        let directory = NSTemporaryDirectory() + "expect-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hub = try await DataHubProcess(arguments: ["--storage", "file", "--data-dir", directory])
        defer { Task { await hub.stop() } }

        // 2 MB: above curl's own 1 MB threshold, so this is what a plain `curl --data-binary @big.json` does.
        let document = "[" + Array(repeating: #"{"v":12345}"#, count: 180_000).joined(separator: ",") + "]"
        let documentPath = try Self.file(document)
        defer { try? FileManager.default.removeItem(atPath: documentPath) }
        let upload = try await Self.curl(["-H", "Content-Type: application/json", "--data-binary", "@" + documentPath, hub.baseURL + "/data"])
        #expect(upload.status == 201, "\(upload.body)")
        #expect(upload.verbose.contains("< HTTP/1.1 100 Continue"), "\(upload.verbose)")
        let created = try #require(try JSONSerialization.jsonObject(with: Data(upload.body.utf8)) as? [String: Any])
        let name = try #require(created["filename"] as? String)
        let stored = try await HTTP.request("GET", hub.baseURL + "/data/" + name + "?raw=true")
        #expect(stored.body == Data(document.utf8))

        let lines = (0..<3).map { #"{"line":\#($0)}"# }.joined(separator: "\n")
        let linesPath = try Self.file(lines)
        defer { try? FileManager.default.removeItem(atPath: linesPath) }
        let batch = try await Self.curl(["-H", "Content-Type: application/x-ndjson", "--data-binary", "@" + linesPath, hub.baseURL + "/data/batch"])
        #expect(batch.status == 201, "\(batch.body)")
        #expect(batch.verbose.contains("< HTTP/1.1 100 Continue"), "\(batch.verbose)")
        #expect(batch.body.contains(#""count":3"#))

        // Two batches on one kept-alive connection: the interim answer leaves the connection fit for the next request.
        let request = ["-sS", "-v", "-o", "/dev/null", "-H", "Expect: 100-continue", "-H", "Content-Type: application/x-ndjson"]
        let twice = try await OneShotProcess.run(
            "/usr/bin/curl",
            request + ["--data-binary", "@" + linesPath, hub.baseURL + "/data/batch", "--next"] + request
                + ["--data-binary", "@" + linesPath, hub.baseURL + "/data/batch"]
        )
        #expect(twice.stderr.components(separatedBy: "< HTTP/1.1 100 Continue").count == 3, "\(twice.stderr)")
        #expect(twice.stderr.components(separatedBy: "< HTTP/1.1 201 Created").count == 3, "\(twice.stderr)")
        #expect(twice.stderr.contains("Re-using existing connection"), "\(twice.stderr)")
    }

    @Test func refusedRequestsGetTheirFinalAnswerWithoutContinue() async throws {
        let directory = NSTemporaryDirectory() + "expect-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hub = try await DataHubProcess(
            arguments: ["--storage", "file", "--data-dir", directory, "--max-upload-mb", "1"],
            environment: ["DATAHUB_API_KEYS": "expect-test-key-0123456789"]
        )
        defer { Task { await hub.stop() } }
        let bigPath = try Self.file("[" + String(repeating: "1,", count: 700_000) + "1]")
        defer { try? FileManager.default.removeItem(atPath: bigPath) }
        let key = ["-H", "Authorization: Bearer expect-test-key-0123456789"]

        let cases: [(status: Int, arguments: [String])] = [
            (401, ["-H", "Content-Type: application/json", "--data-binary", "@" + bigPath, hub.baseURL + "/data"]),
            (415, key + ["-H", "Content-Type: text/plain", "--data-binary", "@" + bigPath, hub.baseURL + "/data"]),
            (413, key + ["-H", "Content-Type: application/json", "--data-binary", "@" + bigPath, hub.baseURL + "/data"]),
            (415, key + ["-H", "Content-Type: application/json", "--data-binary", "@" + bigPath, hub.baseURL + "/data/batch"]),
        ]
        for refused in cases {
            let answer = try await Self.curl(refused.arguments)
            #expect(answer.status == refused.status, "\(refused.arguments): \(answer.body)")
            #expect(!answer.verbose.contains("100 Continue"), "\(answer.verbose)")
        }
        let list = try await HTTP.request("GET", hub.baseURL + "/data", headers: ["Authorization": "Bearer expect-test-key-0123456789"])
        let listed = try JSONSerialization.jsonObject(with: list.body) as? [String: Any]
        #expect(list.status == 200 && listed?["count"] as? Int == 0, "nothing was stored by a refused upload")
    }
}
