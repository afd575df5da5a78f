import DataHubStorage
import Foundation
import NIOCore
import Testing

/// Upload digests on the real binary over SeaweedFS, checked by tools that are not ours: Python's `hashlib` and
/// `base64` compute the digest of the bytes sent, and boto3 reads the object's user metadata.
@Suite(.serialized) struct DigestUploadTests {
    /// Runs a Python script with boto3 against `s3` (credentials in the environment, never in arguments) and parses
    /// the one JSON object it prints.
    static func python(_ script: String, _ arguments: [String], s3: SeaweedFSServer) async throws -> [String: Any] {
        let configured = ProcessInfo.processInfo.environment["DATAHUB_PYTHON"] ?? ""
        let path = configured.isEmpty ? TestPaths.repositoryRoot + "/.venv/bin/python" : configured
        guard FileManager.default.isExecutableFile(atPath: path) else { throw TestFailure("Python not found at \(path): set DATAHUB_PYTHON") }
        let output = NSTemporaryDirectory() + "datahub-digest-\(UUID().uuidString).json"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", Self.prelude + script, s3.endpoint] + arguments
        process.environment = [
            "AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey, "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        ]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        guard process.terminationStatus == 0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("the Python script failed (status \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return json
    }

    /// A boto3 client for the endpoint in `sys.argv[1]`, path-style, as DataHub signs.
    static let prelude = """
        import base64, hashlib, json, sys
        import boto3
        from botocore.config import Config
        s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))

        """

    /// The digest of a file's bytes by `hashlib`, and the object's metadata by boto3's `head_object`.
    static let digestAndMetadata = """
        data = open(sys.argv[2], "rb").read()
        head = s3.head_object(Bucket="analytics-data", Key=sys.argv[3])
        print(json.dumps({"hex": hashlib.sha256(data).hexdigest(), "b64": base64.b64encode(hashlib.sha256(data).digest()).decode(),
                          "meta": head["Metadata"], "length": head["ContentLength"]}))
        """

    @Test(arguments: [4_000, 9 << 20])
    func theStoredDigestIsHashlibsAndBotoSeesItAsMetadata(_ size: Int) async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        // A JSON string of `size` bytes with multi-byte characters; 9 MiB is spooled to a file on the way.
        let text = "\"" + String(String(repeating: "naïve 日本 ", count: size / 16).utf8.prefix(size - 2))! + "\""
        let body = Data(text.utf8)
        let file = NSTemporaryDirectory() + "datahub-digest-body-\(UUID().uuidString)"
        try body.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let created = try await HTTP.request("POST", hub.baseURL + "/data", headers: ["Content-Type": "application/json"], body: body)
        #expect(created.status == 201, "\(created.text)")
        let name = try #require(created.json["filename"] as? String)
        let python = try await Self.python(Self.digestAndMetadata, [file, name], s3: s3)
        let hex = try #require(python["hex"] as? String)
        #expect(created.json["sha256"] as? String == hex)
        #expect(created.header("Repr-Digest") == "sha-256=:\(try #require(python["b64"] as? String)):")
        #expect((python["meta"] as? [String: String])?["datahub-sha256"] == hex)
        #expect(python["length"] as? Int == body.count)
        await hub.stop()
    }

    @Test func clientDigestsAreCheckedAndAMismatchStoresNothing() async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        let body = Data(#"{"reading": 21.5}"#.utf8)
        let file = NSTemporaryDirectory() + "datahub-digest-body-\(UUID().uuidString)"
        try body.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let digests = try await Self.python(
            "data = open(sys.argv[2], 'rb').read()\nprint(json.dumps({'b64': base64.b64encode(hashlib.sha256(data).digest()).decode()}))",
            [file],
            s3: s3
        )
        let right = "sha-256=:\(try #require(digests["b64"] as? String)):"
        let wrong = "sha-256=:\(Data(repeating: 0, count: 32).base64EncodedString()):"
        let post: ([String: String]) async throws -> HTTP.Response = { extra in
            try await HTTP.request("POST", hub.baseURL + "/data", headers: extra.merging(["Content-Type": "application/json"]) { $1 }, body: body)
        }
        let accepted = try await post(["Content-Digest": right, "Want-Content-Digest": "sha-256=1, sha-512=3"])
        #expect(accepted.status == 201)
        #expect(accepted.header("Content-Digest") == right)
        #expect(try await post(["Repr-Digest": "sha-512=:\(Data(repeating: 1, count: 64).base64EncodedString()):"]).status == 201)
        let mismatch = try await post(["Repr-Digest": wrong])
        #expect(mismatch.status == 400)
        #expect(mismatch.json["code"] as? String == "digest_mismatch")
        let malformed = try await post(["Repr-Digest": "sha-256=:AAAA:"])
        #expect(malformed.json["code"] as? String == "invalid_digest")
        let listed = try await Self.python(
            "r = s3.list_objects_v2(Bucket='analytics-data')\nprint(json.dumps({'keys': [o['Key'] for o in r.get('Contents', [])]}))",
            [],
            s3: s3
        )
        let keys = (listed["keys"] as? [String] ?? []).filter { !$0.hasPrefix(".datahub/") }
        #expect(keys.count == 2, "only the two accepted uploads are stored: \(keys)")
        await hub.stop()
    }

    @Test(arguments: [S3Transport.nio, .curl])
    func anObjectPutByBotoWithoutMetadataReadsFineWithNoDigest(_ transport: S3Transport) async throws {
        let s3 = try await SeaweedFSServer.start()
        defer { s3.stop() }
        let storage = s3.makeStorage(bucket: "analytics-data", transport: transport)
        try await storage.ensureBucket()
        let script = """
            s3.put_object(Bucket="analytics-data", Key="plain.json", Body=b'{"by":"boto3"}', ContentType="application/json")
            s3.put_object(Bucket="analytics-data", Key="tagged.json", Body=b"{}", Metadata={"datahub-sha256": hashlib.sha256(b"{}").hexdigest()})
            print(json.dumps({"tagged": hashlib.sha256(b"{}").hexdigest()}))
            """
        let python = try await Self.python(script, [], s3: s3)
        let plain = try await storage.get(key: "plain.json", range: nil)
        #expect(plain.info.sha256 == nil)
        var bytes: [UInt8] = []
        for try await chunk in plain.body { bytes += chunk.readableBytesView }
        #expect(bytes == Array(#"{"by":"boto3"}"#.utf8))
        #expect(try await storage.head(key: "plain.json").sha256 == nil)
        #expect(try await storage.head(key: "tagged.json").sha256 == python["tagged"] as? String)
        await storage.shutdown()
    }

    @Test func theBinaryServesAnObjectBotoPutWithoutMetadataAsBefore() async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        let script = """
            s3.put_object(Bucket="analytics-data", Key="plain.json", Body=b'{"by":"boto3"}', ContentType="application/json")
            print(json.dumps({}))
            """
        _ = try await Self.python(script, [], s3: s3)
        let wrapped = try await HTTP.request("GET", hub.baseURL + "/data/plain.json")
        #expect(wrapped.status == 200)
        #expect(wrapped.text == #"{"filename":"plain.json","sha256":null,"data":{"by":"boto3"}}"#)
        let raw = try await HTTP.request("GET", hub.baseURL + "/data/plain.json?raw=true")
        #expect(raw.text == #"{"by":"boto3"}"#)
        #expect(raw.header("Repr-Digest") == nil)
        #expect(try await HTTP.request("HEAD", hub.baseURL + "/data/plain.json").status == 200)
        await hub.stop()
    }
}
