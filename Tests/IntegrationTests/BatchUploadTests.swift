import DataHubStorage
import Foundation
import Testing

/// `POST /data/batch` on the real binary over SeaweedFS: what boto3 reads back is what each line held, and a
/// store killed part-way gives a 503 listing what was stored, which a retry with the same key completes.
@Suite(.serialized) struct BatchUploadTests {
    static let ndjson = ["Content-Type": "application/x-ndjson"]

    /// `count` distinct documents of about `padding` bytes, with escapes and multi-byte characters.
    static func lines(_ count: Int, padding: Int = 0) -> [String] {
        (0..<count).map { index in
            #"{"n": \#(index), "label": "caf\#u{00e9} \"\#(index)\" 東京", "values": [\#(index), -0.5e-3, true, null], "pad": "\#(String(repeating: "x", count: padding))"}"#
        }
    }

    /// Every key under `prefix`, straight from the store.
    static func keys(_ storage: S3Storage, prefix: String) async throws -> [String] {
        var keys: [String] = []
        var cursor: String?
        for _ in 0..<1000 {
            let page = try await storage.list(prefix: prefix, cursor: cursor, limit: 1000)
            keys += page.objects.map(\.key)
            cursor = page.nextCursor
            if cursor == nil { break }
        }
        return keys
    }

    /// The `filename`s of a 201's `files` or a 503's `stored`.
    static func names(_ items: Any?) -> [String] {
        (items as? [[String: Any]] ?? []).compactMap { $0["filename"] as? String }
    }

    @Test func threeHundredLinesAreStoredAndBotoReadsEachBack() async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        let lines = Self.lines(300)
        let body = Data((lines.joined(separator: "\n") + "\n").utf8)
        let response = try await HTTP.request("POST", hub.baseURL + "/data/batch?prefix=batch/run", headers: Self.ndjson, body: body)
        #expect(response.status == 201, "\(response.text.prefix(300))")
        #expect(response.json["count"] as? Int == 300)
        let files = try #require(response.json["files"] as? [[String: Any]])
        let names = Self.names(files)
        #expect(names.count == 300 && names == names.sorted() && Set(names).count == 300)
        // boto3 lists the folder and reads every object; hashlib hashes what it read.
        let read = try await DigestUploadTests.python(
            """
            out = {}
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket="analytics-data", Prefix="batch/run/"):
                for item in page.get("Contents", []):
                    obj = s3.get_object(Bucket="analytics-data", Key=item["Key"])
                    data = obj["Body"].read()
                    out[item["Key"]] = [data.decode(), hashlib.sha256(data).hexdigest(), obj["Metadata"].get("datahub-sha256")]
            print(json.dumps(out))
            """,
            [],
            s3: s3
        )
        #expect(Set(read.keys) == Set(names))
        for (index, file) in files.enumerated() {
            let name = try #require(file["filename"] as? String)
            let stored = try #require(read[name] as? [Any])
            #expect(stored[0] as? String == lines[index], "line \(index)")
            #expect(stored[1] as? String == file["sha256"] as? String)
            #expect(stored[2] as? String == file["sha256"] as? String)
        }
        #expect(await hub.stop() == 0)
    }

    /// The store is slowed by the proxy so the batch takes seconds, then killed once 100 documents exist.
    @Test func storeKilledPartWayIs503WithTheStoredListAndARetryCompletes() async throws {
        let s3 = try await SeaweedFSServer.start()
        let proxy = try TCPProxy(upstreamPort: s3.s3Port)
        defer {
            s3.stop()
            proxy.stop()
        }
        let hub = try await Reliability.hub(s3, endpoint: proxy.endpoint)
        let storage = s3.makeStorage()
        let count = 2000
        let lines = Self.lines(count, padding: 900)
        let body = Data(lines.joined(separator: "\n").utf8)
        var headers = Self.ndjson
        headers["Idempotency-Key"] = "nightly-load-7"
        proxy.setMode(.latency(.milliseconds(20)))
        let first = Task { try await HTTP.request("POST", hub.baseURL + "/data/batch?prefix=cut", headers: headers, body: body, timeout: 120) }
        try await APIEndToEndTests.waitFor("100 documents stored", within: 60) {
            try await Self.keys(storage, prefix: "cut/").count >= 100
        }
        s3.kill()
        let failed = try await first.value
        #expect(failed.status == 503, "\(failed.text.prefix(300))")
        #expect(failed.header("Retry-After") != nil)
        #expect(failed.json["code"] as? String == "storage_unavailable")
        let stored = Self.names(failed.json["stored"])
        #expect(stored.count >= 100 && stored.count < count, "\(stored.count) stored")
        #expect(stored == stored.sorted())

        try await s3.restart()
        proxy.setMode(.pass)
        try await APIEndToEndTests.waitFor("storage UP", within: 30) {
            try await HTTP.request("GET", hub.baseURL + "/storage/health", timeout: 2).status == 200
        }
        let present = Set(try await Self.keys(storage, prefix: "cut/"))
        // Every document the 503 lists exists. A PUT the store committed just before it died, but never
        // answered, exists without being listed: at most the 16 in flight.
        #expect(Set(stored).isSubset(of: present))
        print("[batch] killed after \(stored.count) stored; \(present.count - stored.count) committed but unanswered")
        #expect(present.count - stored.count <= 16)

        // A store just restarted may still refuse writes for a moment (SeaweedFS answers before its volumes are
        // ready): a client retries on 503 as Retry-After says, and each retry stores only what is still missing.
        var retry = try await HTTP.request("POST", hub.baseURL + "/data/batch?prefix=cut", headers: headers, body: body, timeout: 120)
        for _ in 0..<10 where retry.status == 503 {
            print("[batch] retry answered 503 (\(retry.json["message"] as? String ?? "")); retrying")
            try await Task.sleep(for: .seconds(1))
            retry = try await HTTP.request("POST", hub.baseURL + "/data/batch?prefix=cut", headers: headers, body: body, timeout: 120)
        }
        #expect(retry.status == 201, "\(retry.text.prefix(300))")
        #expect(retry.json["count"] as? Int == count)
        let names = Self.names(retry.json["files"])
        #expect(names.count == count && names == names.sorted())
        #expect(Set(stored).isSubset(of: Set(names)))
        let after = try await Self.keys(storage, prefix: "cut/")
        #expect(after.sorted() == names, "every line once, no duplicates")
        await storage.shutdown()
        #expect(await hub.stop() == 0)
    }
}
