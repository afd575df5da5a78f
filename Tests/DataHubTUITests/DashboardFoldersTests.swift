import Foundation
import Testing

@testable import DataHubTUI

/// Walking folders in the model: folders first, Enter/→/l open, Backspace/←/h go up, `t` flat view, and the
/// other keys (filter, sort, upload, delete, refresh) staying coherent inside a folder.
@Suite struct DashboardFoldersTests {
    static let t0 = Fixtures.start

    static func object(_ key: String, size: Int64 = 10, at seconds: Double = 0) -> ObjectRow {
        ObjectRow(key: key, size: size, modified: t0.addingTimeInterval(seconds))
    }

    /// A model whose current listing (of `prefix`, in its mode) received `rows` as one complete page.
    static func model(in prefix: String = "", rows: [ObjectRow]) -> DashboardModel {
        var model = Fixtures.model(rows: 0)
        if !prefix.isEmpty {
            _ = model.handle(.character("/"))
            _ = Fixtures.type(prefix, into: &model)
            _ = model.handle(.enter)
        }
        model.apply(.listPage(generation: model.generation, rows: rows, first: true, done: true))
        return model
    }

    static let root = [
        Self.object("a.json"), .folder("reports/"), Self.object("b.json"), .folder("archive/"),
    ]

    @Test func opensAtTheRootInTheFolderViewWithFoldersFirst() {
        var model = DashboardModel(header: DashboardHeader(bucket: "analytics-data", endpoint: "e", apiAddress: ""), status: Fixtures.status())
        #expect(model.start() == [.refresh(prefix: "", mode: .folder, generation: 1)])
        #expect(model.breadcrumb == "analytics-data /")
        model.apply(.listPage(generation: 1, rows: Self.root, first: true, done: false))
        #expect(model.visibleRows.map(\.key) == ["archive/", "reports/", "a.json", "b.json"])
        // A folder on a later page still goes before the objects.
        model.apply(.listPage(generation: 1, rows: [Self.object("c.json"), .folder("zz/")], first: false, done: true))
        #expect(model.visibleRows.map(\.key) == ["archive/", "reports/", "zz/", "a.json", "b.json", "c.json"])
        #expect(model.countText == "6")
    }

    @Test func enterRightAndLOpenTheSelectedFolder() {
        for key in [Key.enter, .right, .character("l")] {
            var model = Self.model(rows: Self.root)
            _ = model.handle(.down)
            #expect(model.selectedRow?.key == "reports/")
            let intents = model.handle(key)
            #expect(intents == [.refresh(prefix: "reports/", mode: .folder, generation: model.generation)], "\(key)")
            #expect(model.listPrefix == "reports/")
            #expect(model.breadcrumb == "analytics-data / reports /")
            #expect(model.visibleRows.isEmpty, "the root's rows do not stay under the new breadcrumb")
            #expect(model.preview == nil, "a folder is opened, not previewed")
        }
    }

    @Test func enterAndRightOnAnObjectPreviewIt() {
        for key in [Key.enter, .right, .character("l")] {
            var model = Self.model(rows: Self.root)
            _ = model.handle(.character("G"))
            let row = model.selectedRow!
            #expect(!row.isFolder)
            #expect(model.handle(key) == [.loadPreview(row)])
            #expect(model.listPrefix == "")
        }
    }

    @Test func backspaceLeftAndHGoUpAndSelectTheFolderLeft() {
        for key in [Key.backspace, .left, .character("h")] {
            var model = Self.model(in: "reports/2026/", rows: [Self.object("reports/2026/x.json")])
            #expect(model.breadcrumb == "analytics-data / reports / 2026 /")
            let intents = model.handle(key)
            #expect(intents == [.refresh(prefix: "reports/", mode: .folder, generation: model.generation)], "\(key)")
            let parent = ["reports/2024/", "reports/2025/", "reports/2026/", "reports/2027/"]
            model.apply(.listPage(generation: model.generation, rows: parent.map(ObjectRow.folder), first: true, done: false))
            #expect(model.selectedRow?.key == "reports/2026/", "the folder just left is selected")
            model.apply(.listPage(generation: model.generation, rows: [Self.object("reports/r.json")], first: false, done: true))
            #expect(model.selectedRow?.key == "reports/2026/")
            _ = model.handle(key)
            #expect(model.listPrefix == "")
        }
    }

    @Test func goingUpAtTheRootSaysSoAndListsNothing() {
        var model = Self.model(rows: Self.root)
        let generation = model.generation
        #expect(model.handle(.backspace).isEmpty)
        #expect(model.generation == generation)
        #expect(model.message?.text == "already at the top of analytics-data")
        #expect(model.visibleRows.count == 4)
    }

    @Test func resultsOfTheFolderLeftAreDropped() {
        var model = Self.model(rows: Self.root)
        _ = model.handle(.down)
        _ = model.handle(.enter)
        let inside = model.generation
        _ = model.handle(.backspace)
        model.apply(.listPage(generation: inside, rows: [Self.object("reports/late.json")], first: true, done: true))
        #expect(model.visibleRows.isEmpty)
        #expect(model.listPrefix == "")
    }

    @Test func tTogglesAFlatViewOfEverythingUnderTheCurrentFolder() {
        var model = Self.model(in: "reports/", rows: [.folder("reports/2026/"), Self.object("reports/r.json")])
        #expect(model.handle(.character("t")) == [.refresh(prefix: "reports/", mode: .flat, generation: model.generation)])
        #expect(model.mode == .flat)
        #expect(model.message?.text == "flat view: every object under analytics-data / reports /")
        model.apply(
            .listPage(
                generation: model.generation,
                rows: [Self.object("reports/2026/x.json"), Self.object("reports/r.json")],
                first: true,
                done: true
            )
        )
        #expect(model.visibleRows.map(\.key) == ["reports/2026/x.json", "reports/r.json"])
        // Up keeps the flat view; refresh lists flat again.
        #expect(model.handle(.character("h")) == [.refresh(prefix: "", mode: .flat, generation: model.generation)])
        #expect(model.handle(.character("r")) == [.refresh(prefix: "", mode: .flat, generation: model.generation)])
        #expect(model.handle(.character("t")) == [.refresh(prefix: "", mode: .folder, generation: model.generation)])
        #expect(model.mode == .folder)
    }

    @Test func deleteOnAFolderRowSaysItDoesNothing() {
        var model = Self.model(rows: Self.root)
        #expect(model.selectedRow?.isFolder == true)
        #expect(model.handle(.character("d")).isEmpty)
        #expect(model.prompt == .none, "no y/n question for a folder")
        #expect(model.message?.text == "archive/ is a folder: d deletes one object, nothing was deleted")
        _ = model.handle(.character("G"))
        _ = model.handle(.character("d"))
        #expect(model.prompt == .confirmDelete(key: "b.json"))
    }

    @Test func uploadsGoIntoTheCurrentFolderAndShowOnlyThere() {
        var model = Self.model(in: "reports/2026/", rows: [Self.object("reports/2026/x.json")])
        _ = model.handle(.character("u"))
        _ = Fixtures.type("~/a.json", into: &model)
        #expect(model.handle(.enter) == [.upload(path: "~/a.json", prefix: "reports/2026/")])
        model.apply(.uploaded(Self.object("reports/2026/new.json")))
        model.apply(.uploaded(Self.object("reports/2026/deeper/other.json")))
        #expect(model.visibleRows.map(\.key) == ["reports/2026/x.json", "reports/2026/new.json"])
    }

    @Test func theFilterMatchesNamesInsideTheFolderAndEscKeepsTheFolder() {
        var model = Self.model(in: "reports/", rows: [.folder("reports/2026/"), Self.object("reports/r.json"), Self.object("reports/s.json")])
        _ = model.handle(.character("/"))
        _ = Fixtures.type("rep", into: &model)
        #expect(model.visibleRows.isEmpty, "the folder part of the name is not matched")
        _ = model.handle(.clearLine)
        _ = Fixtures.type("20", into: &model)
        #expect(model.visibleRows.map(\.key) == ["reports/2026/"])
        #expect(model.handle(.escape).isEmpty, "Esc clears the filter and stays in the folder")
        #expect(model.listPrefix == "reports/")
        #expect(model.visibleRows.count == 3)
        // A filter opens a folder of its own; entering another folder clears it.
        _ = model.handle(.character("/"))
        _ = Fixtures.type("s.", into: &model)
        _ = model.handle(.enter)
        #expect(model.filter == "s.")
        _ = model.handle(.backspace)
        #expect(model.filter == "")
    }

    @Test func aFilterEndingInSlashOpensAFolderInsideTheCurrentOneOrFromTheRoot() {
        var model = Self.model(in: "reports/", rows: [.folder("reports/2026/")])
        _ = model.handle(.character("/"))
        _ = Fixtures.type("2026/", into: &model)
        #expect(model.handle(.enter) == [.refresh(prefix: "reports/2026/", mode: .folder, generation: model.generation)])
        _ = model.handle(.character("/"))
        _ = Fixtures.type("/archive/", into: &model)
        #expect(model.handle(.enter) == [.refresh(prefix: "archive/", mode: .folder, generation: model.generation)])
        _ = model.handle(.character("/"))
        _ = Fixtures.type("/", into: &model)
        #expect(model.handle(.enter) == [.refresh(prefix: "", mode: .folder, generation: model.generation)])
        #expect(model.breadcrumb == "analytics-data /")
    }

    @Test func everySortKeepsFoldersFirstByName() {
        var model = Self.model(rows: [
            Self.object("big.json", size: 900, at: 1), .folder("b/"), Self.object("new.json", size: 5, at: 50), .folder("a/"),
        ])
        for _ in SortMode.allCases {
            #expect(Array(model.visibleRows.map(\.key).prefix(2)) == ["a/", "b/"], "\(model.sort)")
            _ = model.handle(.character("s"))
        }
        _ = model.handle(.character("G"))
        #expect(model.selectedRow?.key == "new.json", "G selects the newest object, never a folder")
    }

    @Test func outageAndRecoveryReloadTheSameFolderAndMode() {
        var model = Self.model(in: "reports/", rows: [Self.object("reports/r.json")])
        _ = model.handle(.character("t"))
        model.apply(.listPage(generation: model.generation, rows: [Self.object("reports/r.json")], first: true, done: true))
        _ = model.updateStatus(Fixtures.status(.down))
        #expect(model.isStale)
        #expect(model.visibleRows.count == 1)
        #expect(model.updateStatus(Fixtures.status(.up)) == [.refresh(prefix: "reports/", mode: .flat, generation: model.generation)])
    }

    @Test func folderPathArithmetic() {
        #expect(FolderPath.parent(of: "reports/2026/") == "reports/")
        #expect(FolderPath.parent(of: "reports/") == "")
        #expect(FolderPath.parent(of: "") == nil)
        #expect(FolderPath.name(of: "reports/2026/a.json", in: "reports/") == "2026/a.json")
        #expect(FolderPath.name(of: "東京/a.json", in: "東京/") == "a.json")
        #expect(FolderPath.isDirectlyInside("r/a.json", "r/"))
        #expect(!FolderPath.isDirectlyInside("r/s/a.json", "r/"))
        #expect(FolderPath.breadcrumb(bucket: "analytics-data", prefix: "reports/2026/") == "analytics-data / reports / 2026 /")
        let cut = FolderPath.breadcrumb(bucket: "analytics-data", prefix: "reports/2026/11/", width: 16)
        #expect(cut == "… / 2026 / 11 /")
        #expect(CharWidth.width(of: cut) <= 16)
    }
}
