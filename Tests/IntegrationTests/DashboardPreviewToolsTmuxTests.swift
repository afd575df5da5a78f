import Foundation
import Testing

/// Preview search and clipboard copies in the real binary's console, in tmux: highlights and the count on screen,
/// `y` / `Y` landing in tmux's paste buffer through OSC 52; nothing on stdout or stderr.
@Suite(.serialized) struct DashboardPreviewToolsTmuxTests {
    /// Whether `text` appears on the screen right after SGR escapes that turn on reverse video (parameter 7).
    static func shownReversed(_ text: String, in screen: String) -> Bool {
        var rest = Substring(screen)
        while let found = rest.range(of: text) {
            // The escapes written just before the text, however tmux splits or orders them.
            var before = rest[..<found.lowerBound]
            var parameters: [Substring] = []
            while before.hasSuffix("m"), let start = before.range(of: "\u{1B}[", options: .backwards) {
                let body = before[start.upperBound..<before.index(before: before.endIndex)]
                guard body.allSatisfy({ $0.isNumber || $0 == ";" }) else { break }
                parameters += body.split(separator: ";")
                before = before[..<start.lowerBound]
            }
            if parameters.contains("7") { return true }
            rest = rest[found.upperBound...]
        }
        return false
    }

    @Test(arguments: ["", "1"]) func searchHighlightsMatchesCountsThemAndScrollsToThem(noColor: String) async throws {
        let tmux = try TmuxDashboard(outputToFiles: true, environment: ["NO_COLOR": noColor])
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        // 80 lines; the third match is far below the first screen.
        var fields = (0..<78).map { "\"k\($0)\": \($0)" }
        fields[2] = #""Zebra": "first""#
        fields[10] = #""second": "zebra crossing""#
        fields[70] = #""far_away": "ZEBRA third""#
        #expect(try await HTTP.upload(tmux.baseURL, "{" + fields.joined(separator: ",") + "}").status == 201)
        try await tmux.waitFor("Objects (1)")
        try tmux.keys("Enter")
        try await tmux.waitFor(#""k0": 0"#)
        try tmux.keys("Tab")
        try tmux.keys("/")
        try await tmux.waitFor("Search the preview (Enter keeps, Esc clears):")
        try tmux.type("zebra")
        try tmux.keys("Enter")
        let first = try await tmux.waitFor("/zebra 1/3")
        #expect(!first.contains("far_away"), "the third match starts off screen")
        #expect(!first.contains("Filter"), "/ on the preview is not the objects' filter")
        let escaped = try tmux.screenWithEscapes()
        #expect(Self.shownReversed("Zebra", in: escaped), "the current match is not highlighted")
        #expect(Self.shownReversed("zebra", in: escaped), "the other match is not highlighted")
        #expect(!Self.shownReversed("first", in: escaped), "text that does not match is highlighted")
        // Without colour the highlights are reverse video alone; with colour they are coloured too.
        #expect(DashboardModesTmuxTests.colourCodes(in: escaped).isEmpty == !noColor.isEmpty)
        try tmux.keys("n")
        try await tmux.waitFor("/zebra 2/3")
        try tmux.keys("n")
        // The header can be on screen a moment before the scrolled lines: wait for both (a capture mid-redraw
        // once showed "3/3" above the old lines).
        let third = try await tmux.waitFor("/zebra 3/3 with the third match scrolled into view", timeout: 10) {
            $0.contains("/zebra 3/3") && $0.contains(#""far_away": "ZEBRA third""#)
        }
        #expect(third.contains(#""far_away": "ZEBRA third""#), "n did not scroll to the match")
        #expect(Self.shownReversed("ZEBRA", in: try tmux.screenWithEscapes()))
        try tmux.keys("N")
        try await tmux.waitFor("/zebra 2/3")
        try tmux.keys("n")
        try tmux.keys("n")
        try await tmux.waitFor("search wrapped to the top")
        try await tmux.waitFor("/zebra 1/3")
        try tmux.keys("Escape")
        let cleared = try await tmux.waitFor("search cleared")
        #expect(!cleared.contains("/zebra"))
        #expect(!Self.shownReversed("Zebra", in: try tmux.screenWithEscapes()), "highlights stay after Esc")
        try await tmux.quitQuietly()
    }

    @Test(arguments: ["file", "s3"]) func copiesTheNameAndTheJSONIntoTmuxsBuffer(storage: String) async throws {
        var weed: SeaweedFSServer?
        var storageFlags: [String]?
        var secretFile: String?
        defer {
            weed?.stop()
            if let secretFile { try? FileManager.default.removeItem(atPath: secretFile) }
        }
        if storage == "s3" {
            let server = try await SeaweedFSServer.start()
            weed = server
            (storageFlags, secretFile) = try TmuxDashboard.seaweedFSFlags(server)
        }
        let tmux = try TmuxDashboard(storage: storageFlags, outputToFiles: true)
        defer { tmux.stop() }
        try tmux.run(["set-option", "-g", "set-clipboard", "on"])
        try await tmux.waitFor("● UP")
        let stored = "{\"city\" : \"東京\",\n \"n\": [1, 2]}"
        let created = try await HTTP.upload(tmux.baseURL, stored, prefix: "reports/2026")
        let key = try #require(created.json["filename"] as? String)
        let big = "{\"pad\":\"" + String(repeating: "x", count: 110 * 1024) + "\"}"
        let bigKey = try #require(try await HTTP.upload(tmux.baseURL, big, prefix: "reports/2026").json["filename"] as? String)
        try await tmux.openFolder("reports/2026/", count: "2")

        try tmux.keys("y")
        try await tmux.waitFor("copied the name to the clipboard: \(key)")
        #expect(try await self.buffer(tmux, becomes: key) == key)
        try tmux.keys("Y")
        try await tmux.waitFor("copied the JSON of \(key)")
        let raw = try await HTTP.request("GET", tmux.baseURL + "/data/" + key + "?raw=true").body
        #expect(try await self.buffer(tmux, becomes: stored) == String(decoding: raw, as: UTF8.self))

        try tmux.keys("j")
        try tmux.keys("Y")
        try await tmux.waitFor("not copied: \(bigKey) is 110 KB")
        #expect(try tmux.run(["show-buffer"], capture: true) == stored, "a refused copy changed the buffer")
        try await tmux.quitQuietly()
    }

    /// tmux's newest paste buffer, polled until it equals `expected` (up to 5 s); returns the last value.
    private func buffer(_ tmux: TmuxDashboard, becomes expected: String) async throws -> String {
        var last = ""
        for _ in 0..<50 {
            last = try tmux.run(["show-buffer"], capture: true)
            if last == expected { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }
}
