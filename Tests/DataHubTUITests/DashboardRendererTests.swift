import Foundation
import Testing

@testable import DataHubTUI

@Suite struct DashboardRendererTests {
    @Test(arguments: [(24, 80), (40, 120)])
    func layoutShowsEveryPane(rows: Int, cols: Int) {
        var model = Fixtures.model(rows: 30)
        _ = model.handle(.down)
        let lines = Fixtures.render(model, rows: rows, cols: cols).lines
        #expect(lines.count == rows)
        #expect(lines.allSatisfy { CharWidth.width(of: $0) <= cols })
        #expect(lines[0].hasPrefix("┌ DataHub ─ analytics-data / @ file:./data ─ API http://127.0.0.1:5000 "))
        #expect(lines[0].hasSuffix("┐"))
        #expect(lines[1].contains("Objects (30)"))
        #expect(lines[1].contains("Preview"))
        #expect(lines[3].contains("> data_2026"))
        #expect(lines[3].contains("x001.json"))
        let layout = DashboardLayout(rows: rows, cols: cols)!
        #expect(lines[layout.separatorRow].hasPrefix("├"))
        #expect(lines[layout.bottomRow].contains("Storage  ● UP  4 ms"))
        #expect(lines[layout.bottomRow].contains("Activity"))
        #expect(lines[layout.bottomRow + 1].contains("since 11:06:40"))
        #expect(lines[layout.bottomRow + 1].contains("11:07:40 POST /data 201 6 ms"))
        #expect(lines[layout.bottomRow + 2].contains("11:07:10 storage DOWN (conn"))
        #expect(lines[layout.bottomRow + 3].contains("API  312 req  uptime 00:13:02"))
        #expect(lines[layout.bottomRow + 4].contains("2xx 300  4xx 10  5xx 2  503s 1"))
        #expect(lines[layout.bottomRow + 5].contains("http://127.0.0.1:5000"))
        #expect(lines[rows - 1].hasPrefix("└ ↑↓/jk move  Enter view"))
        #expect(lines[rows - 1].hasSuffix("┘"))
        #expect(lines[rows - 1].contains("? help  q quit"))
    }

    @Test func wideLayoutShowsModifiedDates() {
        let lines = Fixtures.render(Fixtures.model(rows: 3), rows: 40, cols: 120).lines
        #expect(lines[2].contains("11-18 11:06"))
        let narrow = Fixtures.render(Fixtures.model(rows: 3), rows: 24, cols: 80).lines
        #expect(!narrow[2].contains("11-18 11:06"))
    }

    @Test func tooSmallScreenShowsOnlyTheNotice() {
        let grid = Fixtures.render(Fixtures.model(), rows: 10, cols: 40)
        let text = grid.lines.filter { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text == "terminal too small: need at least 80x20, have 40x10")
        let wide = Fixtures.render(Fixtures.model(), rows: 19, cols: 200)
        #expect(wide.lines.filter { !$0.isEmpty }.count == 1)
    }

    @Test func staleListAndDownHealthAreMarked() {
        var model = Fixtures.model(rows: 3)
        _ = model.updateStatus(Fixtures.status(.down))
        let grid = Fixtures.render(model, rows: 24, cols: 80)
        let layout = DashboardLayout(rows: 24, cols: 80)!
        #expect(grid.lines[1].contains("STALE"))
        #expect(grid.lines[layout.bottomRow].contains("● DOWN"))
        #expect(grid.lines[layout.bottomRow + 2].contains("last error: connection refused"))
        let dot = grid.lines[layout.bottomRow].firstRange(of: "●")!
        let col = grid.lines[layout.bottomRow].distance(from: grid.lines[layout.bottomRow].startIndex, to: dot.lowerBound)
        #expect(grid[layout.bottomRow, col].style.role == .down)
    }

    @Test func promptsAndMessagesUseTheMessageRow() {
        var model = Fixtures.model(rows: 3)
        _ = model.handle(.character("u"))
        _ = Fixtures.type("~/東京.json", into: &model)
        var grid = Fixtures.render(model, rows: 24, cols: 80)
        #expect(grid.lines[22].contains("Upload JSON file"))
        #expect(grid.lines[22].contains("~/東京.json"))
        _ = model.handle(.escape)
        _ = model.handle(.character("d"))
        grid = Fixtures.render(model, rows: 24, cols: 80)
        #expect(grid.lines[22].contains("Delete data_20261124_000000_x000.json? (y/n)"))
    }

    @Test func previewShowsPrettyJSONNotesTruncationAndNonJSON() {
        var model = Fixtures.model(rows: 3)
        let row = model.selectedRow!
        _ = model.handle(.enter)
        var grid = Fixtures.render(model, rows: 24, cols: 80)
        #expect(grid.lines[2].contains("loading…"))
        let content = JSONPrettyPrinter().format(Array(#"{"city":"Cape Town"}"#.utf8), truncated: false, totalSize: 20)
        model.apply(.preview(key: row.key, content: content, fetched: 262_144, size: 3_000_000, digest: .partial))
        grid = Fixtures.render(model, rows: 24, cols: 80)
        #expect(grid.lines[2].contains("(first 256 KB of 2.9 MB shown)"))
        #expect(grid.lines[4].contains(#""city": "Cape Town""#))
        model.apply(.preview(key: row.key, content: .notJSON(size: 12), fetched: 12, size: 12, digest: .absent))
        grid = Fixtures.render(model, rows: 24, cols: 80)
        #expect(grid.lines[2].contains("not JSON, 12 bytes"))
    }

    @Test func previewHeaderMarksTheDigestCheck() {
        var model = Fixtures.model(rows: 3)
        let row = model.selectedRow!
        _ = model.handle(.enter)
        let content = JSONPrettyPrinter().format(Array(#"{"a":1}"#.utf8), truncated: false, totalSize: 7)
        for (digest, mark) in [(PreviewDigest.verified, "sha-256 ✓"), (.absent, "no digest"), (.partial, "unchecked")] {
            model.apply(.preview(key: row.key, content: content, fetched: 7, size: 7, digest: digest))
            let grid = Fixtures.render(model, rows: 24, cols: 120)
            #expect(grid.lines[1].contains(mark), "\(digest)")
        }
        model.apply(.previewFailed(key: row.key, message: "'x' does not match the SHA-256 stored with it", digest: .mismatch))
        let grid = Fixtures.render(model, rows: 24, cols: 120)
        let header = grid.lines[1]
        #expect(header.contains("✗ mismatch"))
        #expect(!grid.lines[4].contains("\"a\""), "no byte of a damaged object is shown")
        let markColumn = header.distance(from: header.startIndex, to: header.range(of: "✗")!.lowerBound)
        #expect(grid[1, markColumn].style.role == .error)
        #expect(grid.lines[2].contains("does not match the SHA-256"))
    }
}
