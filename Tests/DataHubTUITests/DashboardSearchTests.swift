import Foundation
import Testing

@testable import DataHubTUI

/// Search in the preview: `/` with the preview focused, `n` / `N`, highlights, the count in the pane's header, Esc.
@Suite struct DashboardSearchTests {
    /// A model previewing a document of 60 lines where "city" appears on lines 1, 20 and 40 (twice on 40).
    static func previewModel() -> DashboardModel {
        var model = Fixtures.model(rows: 3)
        model.pageSize = 10
        let row = model.selectedRow!
        #expect(model.handle(.enter) == [.loadPreview(row)])
        var object: [String] = []
        for i in 0..<58 {
            object.append(i == 0 ? "\"City\": \"Cape Town\"" : i == 19 ? "\"n\": \"city\"" : i == 39 ? "\"city\": \"Velocity\"" : "\"k\(i)\": \(i)")
        }
        let bytes = Array(("{" + object.joined(separator: ",") + "}").utf8)
        let content = JSONPrettyPrinter().format(bytes, truncated: false, totalSize: Int64(bytes.count))
        model.apply(.preview(key: row.key, content: content, fetched: bytes.count, size: Int64(bytes.count), digest: .absent))
        _ = model.handle(.tab)
        #expect(model.focus == .preview)
        return model
    }

    @Test func findsEveryMatchCaseInsensitivelyAndStepsWithWrapAround() {
        var model = Self.previewModel()
        _ = model.handle(.character("/"))
        #expect(model.prompt == .search(LineEditor()))
        #expect(Fixtures.type("city", into: &model).isEmpty)
        let search = try! #require(model.previewSearch)
        #expect(search.matches.map(\.line) == [1, 20, 40, 40])
        #expect(search.label == "1/4")
        #expect(model.filter == "", "the objects' filter is untouched")
        _ = model.handle(.enter)
        #expect(model.prompt == .none)
        _ = model.handle(.character("n"))
        #expect(model.previewSearch?.label == "2/4")
        #expect((model.previewTop...(model.previewTop + 8)).contains(20), "the match is scrolled into view")
        _ = model.handle(.character("n"))
        _ = model.handle(.character("n"))
        #expect(model.previewSearch?.currentMatch == PreviewMatch(line: 40, start: 15, length: 4))
        _ = model.handle(.character("n"))
        #expect(model.previewSearch?.label == "1/4")
        #expect(model.message?.text == "search wrapped to the top")
        #expect(model.previewTop <= 1)
        _ = model.handle(.character("N"))
        #expect(model.previewSearch?.label == "4/4")
        #expect(model.message?.text == "search wrapped to the bottom")
        _ = model.handle(.escape)
        #expect(model.previewSearch == nil)
        #expect(model.message?.text == "search cleared")
    }

    @Test func slashOnTheObjectsPaneStaysTheFilterAndNWithoutASearchSaysHow() {
        var model = Self.previewModel()
        _ = model.handle(.tab)
        _ = model.handle(.tab)
        #expect(model.focus == .objects)
        _ = model.handle(.character("/"))
        #expect(model.prompt == .filter(LineEditor()))
        _ = model.handle(.escape)
        _ = model.handle(.character("n"))
        #expect(model.message?.text.contains("no search") == true)
        var empty = Fixtures.model(rows: 3)
        _ = empty.handle(.tab)
        _ = empty.handle(.character("/"))
        #expect(empty.prompt == .none, "no search without a preview")
        #expect(empty.message?.isError == true)
    }

    @Test func escapeInThePromptClearsAndNoMatchSaysSo() {
        var model = Self.previewModel()
        _ = model.handle(.character("/"))
        _ = Fixtures.type("nowhere", into: &model)
        #expect(model.previewSearch?.label == "0/0")
        _ = model.handle(.enter)
        #expect(model.message == StatusMessage(text: "no match for nowhere", isError: true))
        _ = model.handle(.character("/"))
        #expect(model.prompt == .search(LineEditor("nowhere")), "/ again edits the query")
        _ = model.handle(.escape)
        #expect(model.previewSearch == nil)
        #expect(model.prompt == .none)
    }

    @Test func matchesAreHighlightedAndTheCountIsInThePreviewHeader() throws {
        var model = Self.previewModel()
        _ = model.handle(.character("/"))
        _ = Fixtures.type("CITY", into: &model)
        _ = model.handle(.enter)
        _ = model.handle(.character("n"))
        _ = model.handle(.character("n"))  // current: the first match on line 40
        let grid = Fixtures.render(model, rows: 30, cols: 120)
        let layout = DashboardLayout(rows: 30, cols: 120)!
        let header = grid.lines[layout.topRow]
        #expect(header.hasSuffix("/CITY 3/4│"), "\(header)")
        let screenRow = layout.topRow + 1 + 40 - model.previewTop
        try #require((layout.topRow + 1..<layout.topRow + layout.topHeight).contains(screenRow), "the current match is off screen")
        let line = grid.lines[screenRow]
        #expect(line.contains(#""city": "Velocity""#), "\(line)")
        let col = layout.rightCol + 1
        // "  "city": "Velocity"": the key's letters are the current match, "city" inside "Velocity" another.
        #expect((0..<4).allSatisfy { grid[screenRow, col + 3 + $0].style == CellStyle(.currentMatch, bold: true) })
        #expect((0..<4).allSatisfy { grid[screenRow, col + 15 + $0].style == CellStyle(.match) })
        #expect(grid[screenRow, col + 2].style.role == .jsonKey, "the quote before the match keeps its colour")
        #expect(grid[screenRow, col + 14].style.role == .jsonString)
        model.previewSearch = nil
        let plain = Fixtures.render(model, rows: 30, cols: 120)
        #expect(plain[screenRow, col + 3].style.role == .jsonKey)
        #expect(!plain.lines[layout.topRow].contains("3/4"))
    }

    @Test func highlightedKeepsTheTextAndSplitsRuns() {
        let lines = [[StyledText("  "), StyledText("\"abcabc\"", CellStyle(.jsonKey))]]
        let search = PreviewSearch(query: "bc", lines: lines)
        #expect(search.matches == [PreviewMatch(line: 0, start: 4, length: 2), PreviewMatch(line: 0, start: 7, length: 2)])
        let runs = search.highlighted(lines[0], line: 0)
        #expect(runs.map(\.text).joined() == "  \"abcabc\"")
        #expect(
            runs == [
                StyledText("  "), StyledText("\"a", CellStyle(.jsonKey)), StyledText("bc", CellStyle(.currentMatch, bold: true)),
                StyledText("a", CellStyle(.jsonKey)), StyledText("bc", CellStyle(.match)), StyledText("\"", CellStyle(.jsonKey)),
            ]
        )
        #expect(search.highlighted(lines[0], line: 1) == lines[0])
    }

    @Test func openingAnotherObjectDropsTheSearch() {
        var model = Self.previewModel()
        _ = model.handle(.character("/"))
        _ = Fixtures.type("city", into: &model)
        _ = model.handle(.enter)
        _ = model.handle(.tab)
        _ = model.handle(.tab)
        _ = model.handle(.down)
        _ = model.handle(.enter)
        #expect(model.previewSearch == nil)
    }
}
