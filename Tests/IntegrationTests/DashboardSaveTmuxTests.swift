import Foundation
import Testing

/// `w` in the real binary's console, in tmux: the stored bytes land exactly in a local file (on FileStorage and
/// on SeaweedFS), an existing file is replaced only after `y`, and a failed save leaves nothing behind.
@Suite(.serialized) struct DashboardSaveTmuxTests {
    /// The stored bytes, as the API serves them raw.
    static func raw(_ base: String, _ key: String) async throws -> Data {
        let response = try await HTTP.request("GET", base + "/data/" + key + "?raw=true")
        #expect(response.status == 200)
        return response.body
    }

    /// The names in `directory` that look like a save's temporary file.
    static func leftovers(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".part") }
    }

    @Test func saveWritesTheStoredBytesAsksBeforeReplacingAndLeavesNothingOnFailure() async throws {
        let tmux = try TmuxDashboard(outputToFiles: true)
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        // Spacing the preview would pretty-print differently: the file must hold the bytes as stored.
        let stored = "{\"city\" :  \"Cape Town\",\n  \"readings\":[1,2,  3], \"note\":\"東京\"}\n"
        let created = try await HTTP.upload(tmux.baseURL, stored, prefix: "reports/2026")
        #expect(created.status == 201)
        let key = try #require(created.json["filename"] as? String)
        let name = String(key.split(separator: "/").last!)
        let local = tmux.directory + "/" + name
        try await tmux.openFolder("reports/2026/", count: "1")

        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves, Esc cancels): ./\(name)")
        try tmux.keys("Enter")
        try await tmux.waitFor("saved \(stored.utf8.count) bytes to ./\(name) from reports/2026/")
        try await tmux.waitFor("console saved \(stored.utf8.count) bytes to ./data_")  // the activity feed (a narrow pane)
        let raw = try await Self.raw(tmux.baseURL, key)
        #expect(try Data(contentsOf: URL(fileURLWithPath: local)) == raw)
        #expect(raw == Data(stored.utf8))

        // An existing file: `n` leaves it, `y` replaces it.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: local))
        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves")
        try tmux.keys("Enter")
        try await tmux.waitFor("./\(name) exists: overwrite it? (y/n)")
        try tmux.keys("n")
        try await tmux.waitFor("save cancelled: ./\(name) left as it was")
        #expect(try String(contentsOfFile: local, encoding: .utf8) == "mine")
        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves")
        try tmux.keys("Enter")
        try await tmux.waitFor("overwrite it? (y/n)")
        try tmux.keys("y")
        try await tmux.waitFor("saved \(stored.utf8.count) bytes to ./\(name)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: local)) == raw)

        // `~` is the home directory (the test's directory); a folder gets the object's name.
        try FileManager.default.createDirectory(atPath: tmux.directory + "/out", withIntermediateDirectories: true)
        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves")
        try tmux.keys("C-u")
        try tmux.type("~/out/")
        try tmux.keys("Enter")
        try await tmux.waitFor("saved \(stored.utf8.count) bytes to ~/out/\(name)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmux.directory + "/out/" + name)) == raw)

        // A missing folder: the reason, and nothing written.
        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves")
        try tmux.keys("C-u")
        try tmux.type("./missing/deeper/x.json")
        try tmux.keys("Enter")
        try await tmux.waitFor("save failed: no such folder: ./missing/deeper; nothing written")
        #expect(!FileManager.default.fileExists(atPath: tmux.directory + "/missing"))
        #expect(Self.leftovers(tmux.directory).isEmpty)

        // Bytes that fail their stored SHA-256 once all have streamed (damaged on disk behind DataHub's back, same
        // length): the save fails at the end, and the file written so far is removed.
        let storedPath = tmux.directory + "/data/analytics-data/" + key
        var damaged = try Data(contentsOf: URL(fileURLWithPath: storedPath))
        #expect(damaged.count == stored.utf8.count, "not where FileStorage keeps the object")
        damaged[damaged.count - 3] = UInt8(ascii: "X")
        try damaged.write(to: URL(fileURLWithPath: storedPath))
        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves")
        try tmux.keys("C-u")
        try tmux.type("./damaged.json")
        try tmux.keys("Enter")
        let failed = try await tmux.waitFor("save failed: nothing written: ")
        #expect(failed.contains("does not match the SHA-256"), "\(failed)")
        #expect(!FileManager.default.fileExists(atPath: tmux.directory + "/damaged.json"))
        #expect(Self.leftovers(tmux.directory).isEmpty)

        // A folder without write permission (root may write anywhere, so only as another user).
        if geteuid() != 0 {
            let locked = tmux.directory + "/locked"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
            chmod(locked, 0o555)
            defer { chmod(locked, 0o755) }
            try tmux.keys("w")
            try await tmux.waitFor("Save to (Enter saves")
            try tmux.keys("C-u")
            try tmux.type("./locked/x.json")
            try tmux.keys("Enter")
            try await tmux.waitFor("save failed: cannot write in ./locked: Permission denied; nothing written")
            #expect(try FileManager.default.contentsOfDirectory(atPath: locked).isEmpty)
        }
        try await tmux.quitQuietly()
    }

    @Test func saveStreamsALargeObjectFromSeaweedFSExactly() async throws {
        let weed = try await SeaweedFSServer.start()
        defer { weed.stop() }
        let tmux = try await TmuxDashboard.onSeaweedFS(weed, outputToFiles: true)
        defer { tmux.stop() }
        // About 3 MB, several of the writer's batches, with varied content so a dropped or repeated batch shows.
        let items = (0..<60_000).map { "{\"i\":\($0),\"v\":\"\(String($0 * 7919, radix: 36))\"}" }
        let stored = "[" + items.joined(separator: ",") + "]"
        let created = try await HTTP.upload(tmux.baseURL, stored)
        #expect(created.status == 201)
        let key = try #require(created.json["filename"] as? String)
        try await tmux.waitFor("Objects (1)")
        try tmux.keys("w")
        try await tmux.waitFor("Save to (Enter saves, Esc cancels): ./\(key)")
        try tmux.keys("Enter")
        try await tmux.waitFor("saved \(Self.grouped(stored.utf8.count)) bytes to ./\(key)", timeout: 30)
        let raw = try await Self.raw(tmux.baseURL, key)
        #expect(raw.count == stored.utf8.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmux.directory + "/" + key)) == raw)
        #expect(Self.leftovers(tmux.directory).isEmpty)
        try await tmux.quitQuietly()
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
