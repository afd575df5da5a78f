import Foundation
import Testing

/// `e` in the real binary's console, in tmux: the exported file equals what the API's export lists, the progress bar
/// is on screen while it runs, and a cancel removes the file; on FileStorage and on SeaweedFS.
@Suite(.serialized) struct DashboardExportTmuxTests {
    /// Stores `count` small documents under `prefix` through `POST /data/batch`, 10,000 lines per request.
    static func fill(_ baseURL: String, prefix: String, count: Int) async throws {
        var first = 0
        while first < count {
            let last = min(count, first + 10_000)
            let lines = (first..<last).map { #"{"n":\#($0),"tag":"t\#($0 % 7)"}"# }.joined(separator: "\n")
            let stored = try await HTTP.request(
                "POST",
                baseURL + "/data/batch?prefix=" + prefix,
                headers: ["Content-Type": "application/x-ndjson"],
                body: Data(lines.utf8),
                timeout: 300
            )
            #expect(stored.status == 201, "\(stored.text.prefix(300))")
            first = last
        }
    }

    static func partialFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".partial-") }
    }

    @Test func exportWritesWhatTheAPIListsOnFileStorage() async throws {
        let tmux = try TmuxDashboard(outputToFiles: true)
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        try await Self.fill(tmux.baseURL, prefix: "r/2026", count: 1500)
        try await Self.fill(tmux.baseURL, prefix: "elsewhere", count: 5)
        try await tmux.openFolder("r/2026/", count: "1,500")

        try tmux.keys("e")
        try await tmux.waitFor("Export r/2026/ as NDJSON to (Enter starts, Esc cancels): ./2026.ndjson")
        try tmux.keys("Enter")
        let done = try await tmux.waitFor("exported 1,500 documents", timeout: 120)
        #expect(done.contains("console exported 1,500 documents of r/2026/"), "the activity feed reports the end")
        let written = try String(contentsOfFile: tmux.directory + "/2026.ndjson", encoding: .utf8)
        let api = try await HTTP.request("GET", tmux.baseURL + "/export?prefix=r/2026/")
        #expect(written == api.text)
        #expect(written.split(separator: "\n").count == 1500)
        #expect(Self.partialFiles(tmux.directory).isEmpty)

        // Again into the same file: asked first, and `n` keeps it.
        try tmux.keys("e")
        try await tmux.waitFor("./2026.ndjson")
        try tmux.keys("Enter")
        try await tmux.waitFor("./2026.ndjson exists. Overwrite it? (y/n)")
        try tmux.keys("n")
        try await tmux.waitFor("export cancelled: ./2026.ndjson kept as it was")
        #expect(try String(contentsOfFile: tmux.directory + "/2026.ndjson", encoding: .utf8) == written)

        // Into a folder that does not exist: said why, nothing written.
        try tmux.keys("e")
        try await tmux.waitFor("./2026.ndjson")
        try tmux.keys("C-u")
        try tmux.type("./no/such/folder/x.ndjson")
        try tmux.keys("Enter")
        try await tmux.waitFor("export failed: cannot write in ./no/such/folder: No such file or directory")
        try await tmux.quitQuietly()
    }

    /// A slow store (30 ms per chunk through a proxy) keeps the export running long enough to watch and cancel.
    @Test func theBarShowsWhileItRunsAndCancelRemovesTheFileOnSeaweedFS() async throws {
        let weed = try await SeaweedFSServer.start()
        defer { weed.stop() }
        let proxy = try TCPProxy(upstreamPort: weed.s3Port)
        defer { proxy.stop() }
        let tmux = try await TmuxDashboard.onSeaweedFS(weed, endpoint: proxy.endpoint)
        defer { tmux.stop() }
        try await Self.fill(tmux.baseURL, prefix: "big", count: 2000)
        try await tmux.openFolder("big/", count: "2,000")
        proxy.setMode(.latency(.milliseconds(30)))
        try tmux.keys("e")
        try await tmux.waitFor("./big.ndjson")
        try tmux.keys("Enter")
        let running = try await tmux.waitFor("the progress bar with its total", timeout: 30) { $0.contains("/2,000 documents") }
        let status = running.split(separator: "\n").last { $0.contains("export → ") }.map(String.init) ?? ""
        #expect(status.contains("export → ./big.ndjson ["), "\(status)")
        #expect(status.contains("/s"))
        #expect(status.contains("Esc cancels"))
        try tmux.keys("Escape")
        try await tmux.waitFor("Cancel the export? The partial file is removed. (y/n)")
        try tmux.keys("y")
        try await tmux.waitFor("export cancelled; ./big.ndjson not written", timeout: 30)
        try await tmux.waitFor("console export to ./big.ndjson cancelled")
        #expect(!FileManager.default.fileExists(atPath: tmux.directory + "/big.ndjson"))
        #expect(Self.partialFiles(tmux.directory).isEmpty, "\(Self.partialFiles(tmux.directory))")
        proxy.setMode(.pass)
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
    }
}
