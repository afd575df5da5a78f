import Foundation
import Testing

/// README claims about the dashboard that the tmux suite did not hold: nothing but the screen on the terminal
/// (stderr empty, no log line on screen, the log in datahub.log), and the preview's 256 KB limit with flat memory.
@Suite(.serialized) struct DashboardClaimsTests {
    /// The pid of the `datahub` process whose command line names `directory` (the tmux test's own folder).
    static func binaryPid(in directory: String) throws -> Int32 {
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc")
        for entry in entries {
            guard let pid = Int32(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if words.first?.hasSuffix("/datahub") == true, words.contains(directory + "/logs") { return pid }
        }
        throw TestFailure("no datahub process with --log-dir \(directory)/logs")
    }

    @Test func dashboardModeWritesNothingButTheScreen() async throws {
        let tmux = try TmuxDashboard(outputToFiles: true)
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        // Work that logs: uploads, a failed request, a read, a delete, a key that fails (missing file).
        let created = try await HTTP.upload(tmux.baseURL, #"{"quiet":true}"#)
        let name = try #require(created.json["filename"] as? String)
        #expect(try await HTTP.upload(tmux.baseURL, "{not json").status == 400)
        #expect(try await HTTP.request("GET", tmux.baseURL + "/data/\(name)").status == 200)
        #expect(try await HTTP.request("GET", tmux.baseURL + "/data/missing.json").status == 404)
        try await tmux.waitFor("Objects (1)")
        try tmux.keys("u")
        try tmux.type("~/missing.json")
        try tmux.keys("Enter")
        try await tmux.waitFor("nothing uploaded")
        #expect(try await HTTP.request("DELETE", tmux.baseURL + "/data/\(name)").status == 200)
        try await tmux.waitFor("Objects (0)")
        let screen = try tmux.screen()
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")

        // The log has the requests (so there was something to write) ...
        let log = try String(contentsOfFile: tmux.directory + "/logs/datahub.log", encoding: .utf8)
        #expect(log.contains("\"level\""))
        #expect(log.contains("/data"))
        // ... and none of it reached stdout, stderr or the screen: both streams went to files, which stay empty
        // while the screen (drawn on the controlling terminal) worked.
        let stdoutText = try String(contentsOfFile: tmux.directory + "/stdout.log", encoding: .utf8)
        #expect(stdoutText.isEmpty, "stdout in dashboard mode: \(stdoutText.prefix(500))")
        let stderrText = try String(contentsOfFile: tmux.directory + "/stderr.log", encoding: .utf8)
        #expect(stderrText.isEmpty, "stderr in dashboard mode: \(stderrText.prefix(500))")
        #expect(!screen.contains("\"level\""), "a log line on the screen:\n\(screen)")
        #expect(screen.hasPrefix("┌ DataHub"))
    }

    @Test func previewShowsOnlyTheFirst256KBOfALargeObjectWithFlatMemory() async throws {
        let tmux = try TmuxDashboard()
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        // A 32 MiB JSON array: reading it whole would raise the process's memory by far more than the bound.
        let element = "{\"reading\":12.5,\"station\":\"" + String(repeating: "s", count: 60) + "\"},"
        let count = 32 * 1_048_576 / element.utf8.count
        var body = Data(capacity: count * element.utf8.count + 2)
        body.append(UInt8(ascii: "["))
        let elementData = Data(element.utf8)
        for _ in 0..<count { body.append(elementData) }
        body.append(contentsOf: Array(#"{"last":true}]"#.utf8))
        let created = try await HTTP.request(
            "POST",
            tmux.baseURL + "/data",
            headers: ["Content-Type": "application/json"],
            body: body,
            timeout: 300
        )
        #expect(created.status == 201)
        try await tmux.waitFor("Objects (1)")
        let pid = try Self.binaryPid(in: tmux.directory)
        // Let the upload's buffers go before measuring.
        try await Task.sleep(for: .seconds(1))
        let before = Reliability.rssKiB(pid)
        try tmux.keys("Enter")
        let screen = try await tmux.waitFor("(first 256")
        #expect(screen.contains(#""station": "sss"#))
        let after = Reliability.rssKiB(pid)
        print("[dashboard] preview of a \(body.count)-byte object: RSS \(before) → \(after) KiB")
        #expect(before > 0 && after - before < 16 * 1024, "RSS grew from \(before) to \(after) KiB")
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
    }
}
