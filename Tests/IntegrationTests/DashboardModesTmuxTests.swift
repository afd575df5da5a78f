import Foundation
import Testing

/// `--read-only` and `NO_COLOR` in the real binary's console, in tmux: on FileStorage and on SeaweedFS.
@Suite(.serialized) struct DashboardModesTmuxTests {
    /// The SGR parameters in `screen` that set a foreground or background colour (30–38, 40–48, 90–97, 100–107);
    /// 39 and 49 (the terminal's defaults) do not count.
    static func colourCodes(in screen: String) -> [String] {
        var found: [String] = []
        var rest = Substring(screen)
        while let start = rest.range(of: "\u{1B}[") {
            let tail = rest[start.upperBound...]
            guard let end = tail.firstIndex(where: { $0.isLetter }) else { break }
            if tail[end] == "m" {
                for parameter in tail[..<end].split(separator: ";") {
                    guard let value = Int(parameter) else { continue }
                    if (30...38).contains(value) || (40...48).contains(value) || (90...97).contains(value) || (100...107).contains(value) {
                        found.append(String(tail[..<end]))
                        break
                    }
                }
            }
            rest = tail[tail.index(after: end)...]
        }
        return found
    }

    @Test func readOnlyConsoleAndAPIOnFileStorage() async throws {
        // NO_COLOR empty means colours on (no-color.org): this run is also the control for the colour check.
        let tmux = try TmuxDashboard(outputToFiles: true, arguments: ["--read-only"], environment: ["NO_COLOR": ""])
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        let title = try await tmux.waitFor(tmux.baseURL)
        #expect(title.split(separator: "\n").first?.contains("READ-ONLY") == true, "\(title)")
        let refused = try await HTTP.upload(tmux.baseURL, #"{"refused":true}"#)
        #expect(refused.status == 403)
        #expect(refused.json["code"] as? String == "read_only")
        let deleted = try await HTTP.request("DELETE", tmux.baseURL + "/data/any.json")
        #expect(deleted.status == 403)
        #expect(try await HTTP.request("POST", tmux.baseURL + "/data/batch").status == 403)
        #expect(try await HTTP.request("GET", tmux.baseURL + "/data").status == 200)

        try tmux.keys("u")
        try await tmux.waitFor("upload is turned off")
        #expect(!(try tmux.screen().contains("Upload JSON file")), "read-only must not open the upload prompt")
        try tmux.keys("d")
        try await tmux.waitFor("delete is turned off")
        try tmux.keys("?")
        // The overlay's title row is drawn before its lines: wait for the line, not only the title.
        let help = try await tmux.waitFor("the help overlay with its read-only marks") {
            $0.contains("Help: keys") && $0.contains("[off: read-only]")
        }
        #expect(help.contains("[off: read-only]"))
        try tmux.keys("x")
        try await tmux.waitFor("no help overlay") { !$0.contains("Help: keys") }
        #expect(!Self.colourCodes(in: try tmux.screenWithEscapes()).isEmpty, "the control run must show colours")
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
        let stdoutText = try String(contentsOfFile: tmux.directory + "/stdout.log", encoding: .utf8)
        #expect(stdoutText.isEmpty, "stdout: \(stdoutText.prefix(500))")
        let stderrText = try String(contentsOfFile: tmux.directory + "/stderr.log", encoding: .utf8)
        #expect(stderrText.isEmpty, "stderr: \(stderrText.prefix(500))")
    }

    @Test func noColorScreensHaveNoColourEscapesOnSeaweedFS() async throws {
        let weed = try await SeaweedFSServer.start()
        defer { weed.stop() }
        let (flags, secretFile) = try TmuxDashboard.seaweedFSFlags(weed)
        defer { try? FileManager.default.removeItem(atPath: secretFile) }
        let tmux = try TmuxDashboard(
            storage: flags,
            outputToFiles: true,
            environment: ["NO_COLOR": "1"]
        )
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        #expect(try await HTTP.upload(tmux.baseURL, #"{"city":"Cape Town"}"#).status == 201)
        try await tmux.waitFor("Objects (1)")
        try tmux.keys("Enter")
        try await tmux.waitFor(#""city": "Cape Town""#)
        var screens = [try tmux.screenWithEscapes()]
        try tmux.keys("?")
        try await tmux.waitFor("Help: keys")
        screens.append(try tmux.screenWithEscapes())
        try tmux.keys("x")
        try await tmux.waitFor("no help overlay") { !$0.contains("Help: keys") }
        weed.kill()
        try await tmux.waitFor("● DOWN", timeout: 5)
        screens.append(try tmux.screenWithEscapes())
        for screen in screens {
            #expect(Self.colourCodes(in: screen).isEmpty, "colour escapes with NO_COLOR: \(Self.colourCodes(in: screen).prefix(5))")
            // States stay readable: the selected row and focused header in reverse (7), emphasis in bold (1).
            #expect(screen.contains("\u{1B}[7m") || screen.contains(";7m") || screen.contains(";7;"), "no reverse video")
        }
        #expect(screens[2].contains("DOWN"))
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
        let stdoutText = try String(contentsOfFile: tmux.directory + "/stdout.log", encoding: .utf8)
        #expect(stdoutText.isEmpty, "stdout: \(stdoutText.prefix(500))")
        let stderrText = try String(contentsOfFile: tmux.directory + "/stderr.log", encoding: .utf8)
        #expect(stderrText.isEmpty, "stderr: \(stderrText.prefix(500))")
    }
}
