import Testing

@testable import DataHubTUI

@Suite struct CellGridTests {
    @Test func widthsOfNarrowWideAndCombiningCharacters() {
        #expect(CharWidth.width(of: "a") == 1)
        #expect(CharWidth.width(of: "é") == 1)
        #expect(CharWidth.width(of: "東") == 2)
        #expect(CharWidth.width(of: "😀") == 2)
        #expect(CharWidth.width(of: "한") == 2)
        #expect(CharWidth.width(of: "東京.json") == 9)
    }

    @Test func wideCharactersTakeTwoCellsAndAreClippedWhole() {
        var grid = CellGrid(rows: 1, cols: 5)
        let used = grid.put("a東京", row: 0, col: 0)
        #expect(used == 5)
        #expect(grid[0, 1].width == 2)
        #expect(grid[0, 2].width == 0)
        #expect(grid.text(row: 0) == "a東京")
        var clipped = CellGrid(rows: 1, cols: 4)
        clipped.put("a東京", row: 0, col: 0)
        #expect(clipped.text(row: 0) == "a東 ")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(rows: 1, cols: 4)
        grid.put("東京", row: 0, col: 0)
        grid.put("x", row: 0, col: 1)
        #expect(grid.text(row: 0) == " x京")
        grid.put("y", row: 0, col: 2)
        #expect(grid.text(row: 0) == " xy ")
    }

    @Test func truncateAddsAnEllipsisWithinTheWidth() {
        #expect(CharWidth.truncate("data_20261124.json", to: 8) == "data_20…")
        #expect(CharWidth.width(of: CharWidth.truncate("東京東京東京", to: 6)) <= 6)
        #expect(CharWidth.pad("ab", to: 4, alignRight: true) == "  ab")
        #expect(CharWidth.truncateMiddle("data_20261124_101502_ab12.json", to: 20) == "data_20261…ab12.json")
        #expect(CharWidth.width(of: CharWidth.truncateMiddle("東京東京東京東京.json", to: 9)) <= 9)
    }

    @Test func formatsNumbersSizesAndTimes() {
        #expect(Format.grouped(1204) == "1,204")
        #expect(Format.grouped(100_000) == "100,000")
        #expect(Format.bytes(812) == "812 B")
        #expect(Format.bytes(2150) == "2.1 KB")
        #expect(Format.uptime(13 * 60 + 2) == "00:13:02")
    }
}
