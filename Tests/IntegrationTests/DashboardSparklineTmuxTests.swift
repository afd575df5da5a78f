import Foundation
import Testing

/// The health pane's sparklines in the real binary's console, in tmux: they rise under load, fall back when the
/// API is idle, mark an outage in the latency line, and fall back to ASCII in a locale that cannot draw blocks.
@Suite(.serialized) struct DashboardSparklineTmuxTests {
    /// The screen's line that starts with `label` inside the health pane ("API  ", "Storage  ").
    static func line(_ label: String, in screen: String) -> String {
        screen.split(separator: "\n").map(String.init).first { $0.contains("│ " + label) || $0.contains("| " + label) } ?? ""
    }

    /// Sends list requests one after another for `seconds` (at most 5,000), so a few seconds are busy.
    static func load(_ baseURL: String, seconds: Double) async throws -> Int {
        let end = Date().addingTimeInterval(seconds)
        var sent = 0
        while Date() < end && sent < 5000 {
            #expect(try await HTTP.request("GET", baseURL + "/data?limit=1").status == 200)
            sent += 1
        }
        return sent
    }

    @Test func sparklinesRiseUnderLoadFallWhenIdleAndMarkAnOutageOnSeaweedFS() async throws {
        let weed = try await SeaweedFSServer.start()
        defer { weed.stop() }
        let tmux = try await TmuxDashboard.onSeaweedFS(weed, outputToFiles: true)
        defer { tmux.stop() }
        // Idle first: the API line is flat (nothing above the lowest level).
        let idle = try await tmux.waitFor("a flat API sparkline") { Self.line("API  ", in: $0).contains("▁▁▁ 0/s") }
        #expect(!Self.line("API  ", in: idle).contains("█"))
        let sent = try await Self.load(tmux.baseURL, seconds: 4)
        #expect(sent > 20)
        let busy = try await tmux.waitFor("a risen API sparkline", timeout: 5) { Self.line("API  ", in: $0).contains("█") }
        #expect(Self.line("API  ", in: busy).contains("▁"), "the idle seconds before the load stay low: \(Self.line("API  ", in: busy))")
        try await tmux.waitFor("the API sparkline falling back", timeout: 10) { Self.line("API  ", in: $0).contains("▁▁ 0/s") }
        let storageLine = Self.line("Storage  ", in: try tmux.screen())
        #expect(storageLine.contains("▁") || storageLine.contains("█"), "the probe latency is drawn: \(storageLine)")
        #expect(!storageLine.contains("!"))

        weed.kill()
        try await tmux.waitFor("● DOWN", timeout: 5)
        let outage = try await tmux.waitFor("an outage in the latency sparkline", timeout: 5) { Self.line("Storage  ", in: $0).contains("!") }
        #expect(!outage.contains(weed.secretKey))
        try await tmux.quitQuietly()
    }

    @Test func aLocaleWithoutUTF8GetsAnASCIIScreenOnFileStorage() async throws {
        let tmux = try TmuxDashboard(environment: ["LC_ALL": "C", "LANG": "C"])
        defer { tmux.stop() }
        try await tmux.waitFor("Storage  * UP")
        try await tmux.waitFor("a flat ASCII API sparkline") { Self.line("API  ", in: $0).contains("___ 0/s") }
        _ = try await Self.load(tmux.baseURL, seconds: 3)
        let busy = try await tmux.waitFor("a risen ASCII API sparkline", timeout: 5) { Self.line("API  ", in: $0).contains("#") }
        #expect(busy.unicodeScalars.allSatisfy { $0.isASCII }, "every character on screen is ASCII")
        #expect(busy.hasPrefix("+ DataHub - "), "\(busy.prefix(100))")
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
    }
}
