import Foundation
import Testing

@testable import DataHubTUI

/// The folder view on screen: the breadcrumb in the title, `▸ name/` rows first, names without the folder part.
@Suite struct DashboardFolderScreenTests {
    static func inReports2026() -> DashboardModel {
        DashboardFoldersTests.model(
            in: "reports/2026/",
            rows: [.folder("reports/2026/11/"), DashboardFoldersTests.object("reports/2026/data_20261124_101455.json", size: 812)]
        )
    }

    @Test(arguments: [(24, 80), (40, 120)])
    func titleShowsTheBreadcrumbAndRowsShowNamesInsideTheFolder(rows: Int, cols: Int) {
        let lines = Fixtures.render(Self.inReports2026(), rows: rows, cols: cols).lines
        #expect(lines[0].hasPrefix("┌ DataHub ─ analytics-data / reports / 2026 / @ file:./data ─ API"), "\(lines[0])")
        #expect(lines[1].contains("Objects (2)"))
        #expect(!lines[1].contains("flat"))
        #expect(lines[2].hasPrefix("│ > ▸ 11/ "), "\(lines[2])")
        #expect(!lines[2].contains(" B "), "a folder has no size")
        #expect(lines[3].hasPrefix("│   data_20261124_101455.json "), "\(lines[3])")
        #expect(lines[3].contains("812 B"))
        #expect(!lines[2].contains("reports/") && !lines[3].contains("reports/"))
    }

    @Test func theUploadPromptNamesTheFolderUploadsGoTo() {
        var model = Self.inReports2026()
        _ = model.handle(.character("u"))
        let lines = Fixtures.render(model, rows: 24, cols: 80).lines
        #expect(lines[22].contains("Upload JSON file into reports/2026/ (Enter uploads"), "\(lines[22])")
        var root = Fixtures.model(rows: 1)
        _ = root.handle(.character("u"))
        #expect(Fixtures.render(root, rows: 24, cols: 80).lines[22].contains("Upload JSON file (Enter uploads"))
    }

    @Test func theRootIsTheBucketAlone() {
        let lines = Fixtures.render(Fixtures.model(rows: 1), rows: 24, cols: 80).lines
        #expect(lines[0].hasPrefix("┌ DataHub ─ analytics-data / @ file:./data"))
    }

    @Test func folderRowsStandOutFromObjectRows() {
        var model = Self.inReports2026()
        _ = model.handle(.down)
        let grid = Fixtures.render(model, rows: 24, cols: 80)
        let folder = grid[2, 4]
        #expect(grid.lines[2].hasPrefix("│   ▸ 11/"))
        #expect(folder.style == CellStyle(.header, bold: true))
        #expect(grid[3, 4].style.role == .selected)
    }

    @Test func theFlatViewSaysSoAndShowsPathsInsideTheFolder() {
        var model = DashboardFoldersTests.model(in: "reports/", rows: [])
        _ = model.handle(.character("t"))
        model.apply(.listPage(generation: model.generation, rows: [DashboardFoldersTests.object("reports/2026/x.json")], first: true, done: true))
        let lines = Fixtures.render(model, rows: 24, cols: 80).lines
        #expect(lines[0].hasPrefix("┌ DataHub ─ analytics-data / reports / @"))
        #expect(lines[1].contains("Objects (1) flat"))
        #expect(lines[2].hasPrefix("│ > 2026/x.json "), "\(lines[2])")
    }

    @Test func aDeepBreadcrumbGivesWayAtItsStartAndTheEndpointStays() {
        let deep = (1...30).map { "level\($0)/" }.joined()
        let model = DashboardFoldersTests.model(in: deep, rows: [])
        let title = Fixtures.render(model, rows: 24, cols: 80).lines[0]
        #expect(title.hasPrefix("┌ DataHub ─ … / "), "\(title)")
        #expect(title.contains("level30 / @ file:./data"), "\(title)")
    }
}
