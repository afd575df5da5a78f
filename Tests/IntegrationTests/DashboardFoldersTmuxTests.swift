import Foundation
import Testing

/// Walking folders in the real binary's console, in tmux, on FileStorage and on SeaweedFS: the console opens at
/// the root with folders first, Enter/`l` open, Backspace/←/`h` go up (the folder left stays selected), the title
/// shows the breadcrumb, `t` switches to the flat view and back, `d` on a folder deletes nothing, `u` uploads into
/// the folder shown; nothing reaches stdout or stderr meanwhile.
@Suite(.serialized) struct DashboardFoldersTmuxTests {
    @Test func walkFoldersOnFileStorage() async throws {
        let tmux = try TmuxDashboard(outputToFiles: true)
        defer { tmux.stop() }
        try await walk(tmux)
    }

    @Test func walkFoldersOnSeaweedFS() async throws {
        let weed = try await SeaweedFSServer.start()
        defer { weed.stop() }
        let (flags, secretFile) = try TmuxDashboard.seaweedFSFlags(weed)
        defer { try? FileManager.default.removeItem(atPath: secretFile) }
        let tmux = try TmuxDashboard(
            storage: flags,
            outputToFiles: true
        )
        defer { tmux.stop() }
        try await walk(tmux)
    }

    /// The screen's first line (the title).
    private func title(_ screen: String) -> String { String(screen.split(separator: "\n").first ?? "") }

    /// The row of the screen that holds `text`, if any.
    private func line(_ screen: String, _ text: String) -> Int? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }
    }

    private func upload(_ tmux: TmuxDashboard, _ json: String, prefix: String? = nil) async throws -> String {
        let response = try await HTTP.upload(tmux.baseURL, json, prefix: prefix)
        #expect(response.status == 201, "\(response.text)")
        return try #require(response.json["filename"] as? String)
    }

    private func walk(_ tmux: TmuxDashboard) async throws {
        try await tmux.waitFor("● UP")
        try await tmux.waitFor(tmux.baseURL)
        let rootKey = try await upload(tmux, #"{"at":"root"}"#)
        let reportKey = try await upload(tmux, #"{"at":"reports"}"#, prefix: "reports/")
        let deepKeys = [
            try await upload(tmux, #"{"at":"2026","n":1}"#, prefix: "reports/2026/"),
            try await upload(tmux, #"{"at":"2026","n":2}"#, prefix: "reports/2026/"),
        ]
        _ = try await upload(tmux, #"{"at":"archive"}"#, prefix: "archive/")

        // The root: folders first, then the object; the title's breadcrumb is the bucket alone.
        let root = try await tmux.waitFor("the root with two folders and the object") {
            $0.contains("Objects (3)") && $0.contains("▸ reports/") && $0.contains(String(rootKey.suffix(12)))
        }
        #expect(title(root).contains("DataHub ─ analytics-data / @"), "\(title(root))")
        let archiveRow = try #require(line(root, "▸ archive/"))
        let reportsRow = try #require(line(root, "▸ reports/"))
        // Long names are cut in the middle: their ends tell them apart.
        let rootRow = try #require(line(root, String(rootKey.suffix(12))))
        #expect(archiveRow < reportsRow && reportsRow < rootRow, "folders first:\n\(root)")
        for key in deepKeys + [reportKey] { #expect(!root.contains(key.suffix(12)), "the folder view shows one level") }

        // Into reports/ with Enter: the name of its object without the folder part. (The reloads after each
        // upload kept the first object selected: `g` goes to the first row.)
        try tmux.keys("g", "j")
        try await tmux.waitFor("> ▸ reports/")
        try tmux.keys("Enter")
        let reports = try await tmux.waitFor("the reports folder") {
            self.title($0).contains("analytics-data / reports / @") && $0.contains("▸ 2026/")
        }
        let reportRow = try #require(line(reports, String(reportKey.suffix(12))))
        #expect(
            reports.split(separator: "\n", omittingEmptySubsequences: false)[reportRow].contains("  data_2026"),
            "names inside a folder lose the folder part"
        )
        #expect(!reports.contains("reports/data_"))

        // Into 2026/ with l; Enter on an object previews it.
        try tmux.keys("l")
        let year = try await tmux.waitFor("reports / 2026") {
            // The title moves at once; the rows are 2026's only once no folder row (reports' `▸ 2026/`) is left.
            self.title($0).contains("analytics-data / reports / 2026 / @") && $0.contains("Objects (2)") && !$0.contains("▸")
        }
        #expect(!year.contains("▸"))
        try tmux.keys("Enter")
        try await tmux.waitFor(#""at": "2026","#)

        // Up with Backspace: the folder left is selected; up again with ←; `h` at the root says so.
        try tmux.keys("BSpace")
        try await tmux.waitFor("back in reports") { self.title($0).contains("analytics-data / reports / @") && $0.contains("> ▸ 2026/") }
        try tmux.keys("Left")
        try await tmux.waitFor("back at the root") { self.title($0).contains("analytics-data / @") && $0.contains("> ▸ reports/") }
        try tmux.keys("h")
        try await tmux.waitFor("already at the top of analytics-data")

        // `t`: every object under the root, flat; again: the folders come back.
        try tmux.keys("t")
        let flat = try await tmux.waitFor("the flat view") { $0.contains("Objects (5) flat") }
        #expect(!flat.contains("▸"), "the flat view has no folder rows")
        #expect(flat.contains("reports/2026/"))
        for key in deepKeys + [reportKey, rootKey] { #expect(flat.contains(key.suffix(12)), "\(key) in the flat view") }
        try tmux.keys("t")
        try await tmux.waitFor("the folder view again") { $0.contains("Objects (3) ") && $0.contains("▸ archive/") && !$0.contains(") flat") }

        // `d` on a folder deletes nothing and asks nothing.
        try tmux.keys("g", "d")
        try await tmux.waitFor("archive/ is a folder: d deletes one object, nothing was deleted")
        #expect(!(try tmux.screen().contains("(y/n)")))

        // `u` inside reports/2026/ uploads there.
        try tmux.keys("j", "Enter")
        try await tmux.waitFor("▸ 2026/")
        try tmux.keys("Right")
        try await tmux.waitFor("reports / 2026 again") {
            self.title($0).contains("reports / 2026 / @") && $0.contains("Objects (2)") && !$0.contains("▸")
        }
        let file = try tmux.file("here.json", #"{"uploaded":"into 2026"}"#)
        try tmux.keys("u")
        try tmux.type(file)
        try tmux.keys("Enter")
        try await tmux.waitFor("uploaded reports/2026/data_")
        try await tmux.waitFor("Objects (3)")
        let listed = try await HTTP.request("GET", tmux.baseURL + "/data?prefix=reports/2026/&delimiter=/")
        #expect(listed.json["count"] as? Int == 3, "\(listed.text)")

        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
        let stdoutText = try String(contentsOfFile: tmux.directory + "/stdout.log", encoding: .utf8)
        #expect(stdoutText.isEmpty, "stdout: \(stdoutText.prefix(500))")
        let stderrText = try String(contentsOfFile: tmux.directory + "/stderr.log", encoding: .utf8)
        #expect(stderrText.isEmpty, "stderr: \(stderrText.prefix(500))")
    }
}
