import Foundation
import Testing

@testable import DataHubTUI

/// A locale without UTF-8: the whole screen is drawn in ASCII, with look-alikes where they exist.
@Suite struct ASCIIScreenTests {
    @Test func everyCellIsASCIIAndTheFrameKeepsItsShape() {
        var model = Fixtures.model(rows: 30)
        _ = model.updateStatus(Fixtures.status(activity: [ActivityLine(time: Fixtures.start, text: "naïve → 日本", isError: false)]))
        var renderer = DashboardRenderer(timeZone: Fixtures.utc)
        renderer.glyphs = .ascii
        let grid = renderer.render(model, now: Fixtures.start, rows: 24, cols: 80)
        let lines = grid.lines
        for line in lines { #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(line)") }
        #expect(lines[0].hasPrefix("+ DataHub - analytics-data / @ file:./data - API http://127.0.0.1:5000 "))
        #expect(lines[0].hasSuffix("+"))
        #expect(lines[1].hasPrefix("| Objects (30)"))
        let layout = DashboardLayout(rows: 24, cols: 80)!
        #expect(lines[layout.bottomRow].contains("Storage  * UP  4 ms"))
        #expect(lines[layout.bottomRow + 1].contains("na?ve > ? ?"), "a wide grapheme keeps its two columns: \(lines[layout.bottomRow + 1])")
        #expect(lines.allSatisfy { $0.count <= 80 })
        let unicode = Fixtures.render(model, rows: 24, cols: 80).lines
        #expect(unicode[0].hasPrefix("┌ DataHub ─ "), "UTF-8 locales keep the box drawing")
    }
}
