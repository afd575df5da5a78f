import Foundation
import Testing

/// `datahub verify` as an operator runs it: the real binary against SeaweedFS (objects damaged and written through
/// boto3) and against FileStorage (a file edited in place), with its exit codes, JSON report and progress bar.
@Suite(.serialized) struct VerifyCommandTests {
    static func environment(_ s3: SeaweedFSServer) -> [String: String] {
        ["MINIO_ENDPOINT": s3.endpoint, "MINIO_ACCESS_KEY": s3.accessKey, "MINIO_SECRET_KEY": s3.secretKey]
    }

    static func verify(_ arguments: [String], environment: [String: String]) async throws -> (OneShotProcess.Result, [String: Any]) {
        let result = try await OneShotProcess.run(DataHubProcess.binaryPath, ["verify"] + arguments, environment: environment)
        let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        return (result, json)
    }

    @Test func onSeaweedFSAMismatchIsNamedAndExits1AndADeadStoreExits2() async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        var names: [String] = []
        for index in 0..<40 {
            let created = try await HTTP.upload(hub.baseURL, #"{"reading":\#(index + 1)}"#, prefix: index < 20 ? "good" : "mixed")
            names.append(try #require(created.json["filename"] as? String))
        }
        _ = await hub.stop()
        let damaged = names[25]
        let script = """
            s3.put_object(Bucket="analytics-data", Key="mixed/plain.json", Body=b"{}", ContentType="application/json")
            """ + "\n" + IntegrityReadTests.damage
        _ = try await DigestUploadTests.python(script, [damaged], s3: s3)

        let (whole, report) = try await Self.verify(["--json"], environment: Self.environment(s3))
        #expect(whole.status == 1, "\(whole.stdout)\n\(whole.stderr)")
        #expect(report["checked"] as? Int == 41)
        #expect(report["verified"] as? Int == 39)
        #expect(report["no_digest"] as? Int == 1)
        #expect((report["mismatched"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == [damaged])
        #expect(report["complete"] as? Bool == true)
        #expect(whole.stderr.isEmpty, "no progress off a terminal for a short run: \(whole.stderr)")
        #expect(!whole.stdout.contains(s3.secretKey) && !whole.stderr.contains(s3.secretKey))

        let (good, goodReport) = try await Self.verify(["--json", "--prefix", "good", "--s3-transport", "curl"], environment: Self.environment(s3))
        #expect(good.status == 0, "\(good.stdout)")
        #expect(goodReport["verified"] as? Int == 20)

        let (summary, _) = try await Self.verify(["--prefix", "mixed/"], environment: Self.environment(s3))
        #expect(summary.status == 1)
        #expect(summary.stdout.contains("mismatched  1") && summary.stdout.contains(damaged) && summary.stdout.contains("restore"))

        s3.stop()
        let (down, downReport) = try await Self.verify(["--json"], environment: Self.environment(s3))
        #expect(down.status == 2, "\(down.stdout)\n\(down.stderr)")
        #expect(downReport["complete"] as? Bool == false)
    }

    @Test func onFileStorageAnEditedFileIsFoundAndProgressIsDrawnOnATerminal() async throws {
        let directory = NSTemporaryDirectory() + "datahub-verify-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hub = try await DataHubProcess(arguments: ["--storage", "file", "--data-dir", directory])
        var names: [String] = []
        for index in 0..<300 {
            let created = try await HTTP.upload(hub.baseURL, #"{"n":\#(index),"pad":"\#(String(repeating: "x", count: 1000))"}"#)
            names.append(try #require(created.json["filename"] as? String))
        }
        _ = await hub.stop()
        let path = directory + "/analytics-data/" + names[7]
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 3] = UInt8(ascii: "y")
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let (result, report) = try await Self.verify(["--storage", "file", "--data-dir", directory, "--json"], environment: [:])
        #expect(result.status == 1)
        #expect(report["verified"] as? Int == 299)
        #expect((report["mismatched"] as? [[String: Any]])?.first?["key"] as? String == names[7])

        // On a terminal (script gives it one), the bar is drawn on stderr with counts; the report still follows.
        let command = "\(DataHubProcess.binaryPath) verify --storage file --data-dir \(directory) --parallel 1"
        let pty = try await OneShotProcess.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(pty.status == 1)
        #expect(pty.stdout.contains("█") && pty.stdout.contains("/300 objects"), "\(pty.stdout)")
        #expect(pty.stdout.contains("verified    299"))
    }
}
