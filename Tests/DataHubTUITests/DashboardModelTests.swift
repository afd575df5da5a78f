import Foundation
import Testing

@testable import DataHubTUI

@Suite struct DashboardModelTests {
    @Test func movesWithArrowsJKPagesAndEnds() {
        var model = Fixtures.model(rows: 30)
        model.pageSize = 10
        _ = model.handle(.down)
        _ = model.handle(.character("j"))
        #expect(model.selected == 2)
        _ = model.handle(.character("k"))
        #expect(model.selected == 1)
        _ = model.handle(.pageDown)
        #expect(model.selected == 11)
        _ = model.handle(.character("G"))
        #expect(model.selectedRow?.key == Fixtures.rows(30).last?.key)
        _ = model.handle(.character("g"))
        #expect(model.selected == 0)
        _ = model.handle(.up)
        #expect(model.selected == 0)
    }

    @Test func pagesLoadInTheBackgroundAndTheCountSaysSoUntilDone() {
        var model = DashboardModel(header: DashboardHeader(bucket: "b", endpoint: "e", apiAddress: ""), status: Fixtures.status())
        guard case .refresh(let prefix, _, let generation) = model.start().first else {
            Issue.record("no refresh")
            return
        }
        #expect(prefix == "")
        let all = Fixtures.rows(2500)
        model.apply(.listPage(generation: generation, rows: Array(all[0..<1000]), first: true, done: false))
        #expect(model.countText == "1,000+")
        model.apply(.listPage(generation: generation, rows: Array(all[1000..<2000]), first: false, done: false))
        model.apply(.listPage(generation: generation - 1, rows: Fixtures.rows(5), first: true, done: true))  // stale generation
        #expect(model.countText == "2,000+")
        model.apply(.listPage(generation: generation, rows: Array(all[2000...]), first: false, done: true))
        #expect(model.countText == "2,500")
        #expect(model.visibleRows.count == 2500)
    }

    @Test func sortCyclesThroughStoreOrderNameNewestAndSize() {
        var model = Fixtures.model(rows: 0)
        // Four orders, all different, so that no sort can pass for another: store b a c d; name a b c d;
        // newest d a c b; size c b d a.
        let rows = [
            ObjectRow(key: "b.json", size: 30, modified: Fixtures.start),
            ObjectRow(key: "a.json", size: 10, modified: Fixtures.start.addingTimeInterval(50)),
            ObjectRow(key: "c.json", size: 40, modified: Fixtures.start.addingTimeInterval(10)),
            ObjectRow(key: "d.json", size: 20, modified: Fixtures.start.addingTimeInterval(90)),
        ]
        _ = model.handle(.character("r"))
        model.apply(.listPage(generation: model.generation, rows: rows, first: true, done: true))
        #expect(model.sort == .storeOrder)
        #expect(model.visibleRows.map(\.key) == ["b.json", "a.json", "c.json", "d.json"])
        _ = model.handle(.character("s"))
        #expect(model.sort == .name)
        #expect(model.visibleRows.map(\.key) == ["a.json", "b.json", "c.json", "d.json"])
        _ = model.handle(.character("s"))
        #expect(model.sort == .newest)
        #expect(model.visibleRows.map(\.key) == ["d.json", "a.json", "c.json", "b.json"])
        _ = model.handle(.character("s"))
        #expect(model.visibleRows.map(\.key) == ["c.json", "b.json", "d.json", "a.json"])
        #expect(model.sort == .size)
        _ = model.handle(.character("s"))
        #expect(model.sort == .storeOrder)
    }

    @Test func filterNarrowsLoadedRowsAndKeysInThePromptNeverAct() {
        var model = Fixtures.model(rows: 30)
        _ = model.handle(.character("/"))
        let intents = Fixtures.type("x01qud?", into: &model)
        #expect(intents.isEmpty)
        #expect(!model.quitting)
        #expect(model.filter == "x01qud?")
        #expect(model.visibleRows.isEmpty)
        for _ in 0..<4 { _ = model.handle(.backspace) }
        #expect(model.filter == "x01")
        #expect(model.visibleRows.map(\.key) == Fixtures.rows(30).filter { $0.key.contains("x01") }.map(\.key))
        _ = model.handle(.enter)
        #expect(model.prompt == .none)
        #expect(model.filter == "x01")
        _ = model.handle(.character("/"))
        _ = model.handle(.escape)
        #expect(model.filter == "")
        #expect(model.visibleRows.count == 30)
    }

    @Test func aFilterEndingInSlashListsThatFolder() {
        var model = Fixtures.model(rows: 3)
        _ = model.handle(.character("/"))
        _ = Fixtures.type("reports/", into: &model)
        let intents = model.handle(.enter)
        #expect(intents == [.refresh(prefix: "reports/", mode: .folder, generation: model.generation)])
        #expect(model.listPrefix == "reports/")
        #expect(model.filter == "")
        _ = model.handle(.character("u"))
        _ = Fixtures.type("~/a.json", into: &model)
        #expect(model.handle(.enter) == [.upload(path: "~/a.json", prefix: "reports/")])
    }

    @Test func uploadPromptEditsWithCursorKeysAndCtrlU() {
        var model = Fixtures.model()
        _ = model.handle(.character("u"))
        _ = Fixtures.type("/tmp/b.json", into: &model)
        _ = model.handle(.home)
        _ = model.handle(.delete)
        _ = model.handle(.character("~"))
        _ = model.handle(.end)
        _ = model.handle(.left)
        _ = model.handle(.backspace)
        guard case .upload(let editor) = model.prompt else {
            Issue.record("no prompt")
            return
        }
        #expect(editor.text == "~tmp/b.jsn")
        _ = model.handle(.clearLine)
        _ = Fixtures.type("d.json", into: &model)
        #expect(model.handle(.enter) == [.upload(path: "d.json", prefix: "")])
        _ = model.handle(.character("u"))
        #expect(model.handle(.escape).isEmpty)
        #expect(model.message?.text == "upload cancelled")
    }

    @Test func deleteAsksAndOnlyYesDeletes() {
        var model = Fixtures.model(rows: 5)
        let key = model.selectedRow!.key
        _ = model.handle(.character("d"))
        #expect(model.prompt == .confirmDelete(key: key))
        #expect(model.handle(.character("q")).isEmpty)  // ignored while asking
        #expect(!model.quitting)
        #expect(model.handle(.character("n")).isEmpty)
        #expect(model.prompt == .none)
        _ = model.handle(.character("d"))
        #expect(model.handle(.escape).isEmpty)
        _ = model.handle(.character("d"))
        #expect(model.handle(.character("y")) == [.delete(key: key)])
        model.apply(.deleted(key: key))
        #expect(model.visibleRows.count == 4)
        #expect(!model.visibleRows.contains { $0.key == key })
    }

    @Test func enterLoadsThePreviewAndResultsForOtherKeysAreDropped() {
        var model = Fixtures.model(rows: 5)
        let row = model.selectedRow!
        #expect(model.handle(.enter) == [.loadPreview(row)])
        model.apply(.preview(key: "other", content: .notJSON(size: 1), fetched: 1, size: 1, digest: .absent))
        #expect(model.preview?.content == nil)
        model.apply(.preview(key: row.key, content: .notJSON(size: 9), fetched: 9, size: 9, digest: .verified))
        #expect(model.preview?.content == .notJSON(size: 9))
    }

    @Test func outageMarksTheListStaleAndRecoveryRefreshes() {
        var model = Fixtures.model(rows: 5)
        #expect(!model.isStale)
        #expect(model.updateStatus(Fixtures.status(.down)).isEmpty)
        #expect(model.isStale)
        #expect(model.visibleRows.count == 5)
        let intents = model.updateStatus(Fixtures.status(.up))
        #expect(intents == [.refresh(prefix: "", mode: .folder, generation: model.generation)])
        #expect(!model.isStale)
    }

    /// The first listing can fail before the monitor's first probe has created the bucket (a fresh data folder):
    /// the first UP then reloads the list, while UP without a failed listing does not.
    @Test func aListingThatFailedBeforeTheFirstProbeIsReloadedWhenStorageAnswers() {
        var model = Fixtures.model(rows: 0)
        _ = model.updateStatus(Fixtures.status(.unknown))
        model.apply(.listFailed(generation: model.generation, message: "The data folder does not exist yet"))
        #expect(model.isStale)
        let intents = model.updateStatus(Fixtures.status(.up))
        #expect(intents == [.refresh(prefix: "", mode: .folder, generation: model.generation)])
        model.apply(.listPage(generation: model.generation, rows: Fixtures.rows(2), first: true, done: true))
        #expect(!model.isStale)
        #expect(model.visibleRows.count == 2)

        var fine = Fixtures.model(rows: 3)
        _ = fine.updateStatus(Fixtures.status(.unknown))
        #expect(fine.updateStatus(Fixtures.status(.up)).isEmpty)
    }

    @Test func tabCyclesFocusAndArrowsScrollTheFocusedPane() {
        var model = Fixtures.model(rows: 5)
        _ = model.handle(.tab)
        #expect(model.focus == .preview)
        _ = model.handle(.tab)
        #expect(model.focus == .activity)
        _ = model.handle(.down)
        #expect(model.activityTop == 1)
        #expect(model.selected == 0)
        _ = model.handle(.tab)
        #expect(model.focus == .objects)
    }

    @Test func helpOverlayClosesOnAnyKeyAndQuitAsksToStop() {
        var model = Fixtures.model()
        _ = model.handle(.character("?"))
        #expect(model.prompt == .help)
        #expect(model.handle(.character("q")).isEmpty)
        #expect(model.prompt == .none)
        #expect(model.handle(.character("q")) == [.quit])
        #expect(model.quitting)
    }

    @Test func apiWritesReloadASmallCompleteList() {
        var model = Fixtures.model(rows: 5)
        var status = model.status
        status.activity.insert(ActivityLine(time: Fixtures.start, text: "GET /data 200 1 ms", isError: false), at: 0)
        #expect(model.updateStatus(status).isEmpty)
        status.activity.insert(ActivityLine(time: Fixtures.start, text: "POST /data 201 3 ms", isError: false, changesData: true), at: 0)
        #expect(model.updateStatus(status) == [.refresh(prefix: "", mode: .folder, generation: model.generation)])
        #expect(model.updateStatus(status).isEmpty)  // nothing new
    }

    @Test func deletingTheOnlyOrTheLastRowKeepsAValidSelection() {
        var model = Fixtures.model(rows: 1)
        _ = model.handle(.enter)
        model.apply(.deleted(key: model.selectedRow!.key))
        #expect(model.selectedRow == nil)
        #expect(model.preview == nil)
        #expect(Fixtures.render(model, rows: 24, cols: 80).lines[2].contains("(no objects)"))
        var three = Fixtures.model(rows: 3)
        _ = three.handle(.character("G"))
        three.apply(.deleted(key: three.selectedRow!.key))
        #expect(three.selectedRow?.key == Fixtures.rows(3)[1].key)
        _ = three.handle(.character("g"))
        three.apply(.deleted(key: Fixtures.rows(3)[1].key))
        #expect(three.selectedRow?.key == Fixtures.rows(3)[0].key)
    }
}
