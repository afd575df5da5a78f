import Foundation
import Testing

/// Reads checked against the stored SHA-256 on the real binary over SeaweedFS, on both transports: objects are
/// damaged behind DataHub's back through boto3 (other bytes of the same length, the metadata copied), and the
/// digests DataHub sends are checked with Python's `hashlib` and `base64`.
@Suite(.serialized) struct IntegrityReadTests {
    /// Rewrites `sys.argv[2]` with its first digit changed (same length), keeping its content type and user metadata.
    static let damage = """
        key = sys.argv[2]
        head = s3.head_object(Bucket="analytics-data", Key=key)
        body = s3.get_object(Bucket="analytics-data", Key=key)["Body"].read()
        at = next(i for i, b in enumerate(body) if 48 <= b <= 57)
        damaged = body[:at] + bytes([48 + (body[at] - 47) % 10]) + body[at + 1:]
        s3.put_object(Bucket="analytics-data", Key=key, Body=damaged, ContentType=head["ContentType"], Metadata=head["Metadata"])
        print(json.dumps({"changed": damaged != body, "length": len(damaged) == len(body), "meta": head["Metadata"]}))
        """

    /// The digest of a file's bytes by `hashlib`, as hex and as base64.
    static let digest = """
        data = open(sys.argv[2], "rb").read()
        print(json.dumps({"hex": hashlib.sha256(data).hexdigest(), "b64": base64.b64encode(hashlib.sha256(data).digest()).decode()}))
        """

    static func get(_ port: Int, _ path: String) async -> RawHTTP.Reply {
        await RawHTTP.exchange(port: port, [.init("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")], timeout: 30)
    }

    @Test(arguments: ["nio", "curl"])
    func damagedObjectsAreRefusedOrCutShortAndCounted(_ transport: String) async throws {
        let (s3, hub) = try await APIEndToEndTests.start(["--s3-transport", transport])
        defer { s3.stop() }
        let small = #"{"sensor":"t-1","values":[1,2,3]}"#
        // 9 MiB: more than the 8 MiB read whole, so it is streamed and can only be cut short.
        let large = "[" + Array(repeating: "1", count: (9 << 20) / 2).joined(separator: ",") + "]"
        var names: [String] = []
        for body in [small, large] {
            let created = try await HTTP.upload(hub.baseURL, body)
            #expect(created.status == 201)
            names.append(try #require(created.json["filename"] as? String))
        }

        // Intact: the Repr-Digest and the wrapper's sha256 are hashlib's digest of the bytes received.
        let raw = try await HTTP.request("GET", hub.baseURL + "/data/\(names[0])?raw=true")
        let file = NSTemporaryDirectory() + "datahub-integrity-\(UUID().uuidString)"
        try raw.body.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let hashed = try await DigestUploadTests.python(Self.digest, [file], s3: s3)
        #expect(raw.header("Repr-Digest") == "sha-256=:\(try #require(hashed["b64"] as? String)):")
        let wrapped = try await HTTP.request("GET", hub.baseURL + "/data/\(names[0])")
        #expect(wrapped.json["sha256"] as? String == hashed["hex"] as? String)

        for name in names {
            let damaged = try await DigestUploadTests.python(Self.damage, [name], s3: s3)
            #expect(damaged["changed"] as? Bool == true && damaged["length"] as? Bool == true, "\(damaged)")
        }
        for path in ["/data/\(names[0])", "/data/\(names[0])?raw=true"] {
            let refused = try await HTTP.request("GET", hub.baseURL + path)
            #expect(refused.status == 502, "\(path): \(refused.text)")
            #expect(refused.json["code"] as? String == "integrity_error")
            #expect(!refused.text.contains("t-1"), "none of the damaged bytes is sent")
        }
        for path in ["/data/\(names[1])?raw=true", "/data/\(names[1])"] {
            let cut = await Self.get(hub.port, path)
            #expect(cut.status == 200, "\(path)")
            #expect(cut.ending != .complete, "\(path): a complete-looking wrong body")
            #expect(cut.body.count < (cut.contentLength ?? 0), "\(path): \(cut.body.count) of \(cut.contentLength ?? -1) bytes")
        }
        let export = await Self.get(hub.port, "/export")
        #expect(export.status == 200)
        #expect(export.ending != .complete, "the export is cut short, not ended cleanly")

        let metrics = try await HTTP.request("GET", hub.baseURL + "/metrics")
        #expect(metrics.text.contains("datahub_integrity_failures_total 5"), "\(metrics.text)")
        #expect(hub.logText().contains("integrity") && hub.logText().contains(names[1]), "each failure is logged with its key")
        #expect(await hub.stop() == 0)
    }
}
