import Foundation
import Testing

@testable import DataHubTUI

/// `e`: the path prompt, the overwrite question, the progress bar in the status line, and Esc to cancel.
@Suite struct DashboardExportTests {
    @Test func eAsksForAPathNamedAfterTheFolderAndStartsTheExport() {
        var model = Fixtures.model(rows: 30)
        #expect(model.handle(.character("e")).isEmpty)
        guard case .exportPath(let editor, let target) = model.prompt else {
            Issue.record("no path prompt: \(model.prompt)")
            return
        }
        #expect(editor.text == "./analytics-data.ndjson")
        #expect(target == .folder(""))
        let lines = Fixtures.render(model, rows: 24, cols: 100).lines
        #expect(lines[22].contains("Export the bucket as NDJSON to (Enter starts, Esc cancels): ./analytics-data.ndjson"))
        for _ in 0..<("analytics-data.ndjson".count) { _ = model.handle(.backspace) }
        _ = Fixtures.type("out.ndjson", into: &model)
        #expect(model.handle(.enter) == [.export(path: "./out.ndjson", target: .folder(""), overwrite: false)])
        #expect(model.prompt == .none)
    }

    @Test func aFilterExportsTheRowsItLeaves() {
        var model = Fixtures.model(rows: 30)
        _ = model.handle(.character("/"))
        _ = Fixtures.type("x00", into: &model)
        _ = model.handle(.enter)
        let shown = model.visibleRows
        #expect(shown.count == 10)
        _ = model.handle(.character("e"))
        guard case .exportPath(let editor, let target) = model.prompt else {
            Issue.record("no path prompt: \(model.prompt)")
            return
        }
        #expect(editor.text == "./analytics-data-filtered.ndjson")
        #expect(target == .rows(shown))
        #expect(target.label == "10 filtered objects")
        _ = model.handle(.escape)
        #expect(model.prompt == .none)
        #expect(model.message?.text == "export cancelled")
    }

    @Test func folderRowsAreNotSavedCopiedAsJSONOrExportedAsObjects() {
        let rows = [ObjectRow.folder("reports/"), DashboardFoldersTests.object("report-index.json"), DashboardFoldersTests.object("z.json")]
        var model = DashboardFoldersTests.model(rows: rows)
        #expect(model.selectedRow?.isFolder == true)
        _ = model.handle(.character("w"))
        #expect(model.prompt == .none)
        #expect(model.message?.text == "reports/ is a folder: open it and save its objects, or export it with e")
        #expect(model.handle(.character("Y")).isEmpty)
        #expect(model.message?.text == "reports/ is a folder: it has no JSON to copy (y copies its name)")
        _ = model.handle(.character("e"))
        guard case .exportPath(_, .folder("")) = model.prompt else {
            Issue.record("without a filter, e exports the folder shown: \(model.prompt)")
            return
        }
        _ = model.handle(.escape)
        _ = model.handle(.character("/"))
        _ = Fixtures.type("report", into: &model)
        _ = model.handle(.enter)
        #expect(model.visibleRows.count == 2)
        _ = model.handle(.character("e"))
        guard case .exportPath(_, .rows(let chosen)) = model.prompt else {
            Issue.record("no path prompt: \(model.prompt)")
            return
        }
        #expect(chosen.map(\.key) == ["report-index.json"], "the folder row the filter left is not an object")
    }

    @Test func anExistingFileIsOnlyOverwrittenAfterYes() {
        var model = Fixtures.model(rows: 3)
        model.apply(.exportNeedsOverwrite(path: "./a.ndjson", target: .folder("")))
        #expect(model.prompt == .confirmExportOverwrite(path: "./a.ndjson", target: .folder("")))
        #expect(Fixtures.render(model, rows: 24, cols: 100).lines[22].contains("./a.ndjson exists. Overwrite it? (y/n)"))
        #expect(model.handle(.character("x")).isEmpty, "other keys leave the question open")
        #expect(model.handle(.character("n")).isEmpty)
        #expect(model.message?.text == "export cancelled: ./a.ndjson kept as it was")
        model.apply(.exportNeedsOverwrite(path: "./a.ndjson", target: .folder("")))
        #expect(model.handle(.character("y")) == [.export(path: "./a.ndjson", target: .folder(""), overwrite: true)])
    }

    @Test func progressTakesTheStatusLineAndEscAsksBeforeCancelling() {
        var model = Fixtures.model(rows: 3)
        model.apply(.exportStarted(path: "./r.ndjson", target: .folder("r/")))
        model.apply(.exportProgress(done: 500, total: 2000, elapsed: 2))
        let status = Fixtures.render(model, rows: 24, cols: 100).lines[23]
        #expect(status.contains("export → ./r.ndjson ["), "\(status)")
        #expect(status.contains("█░"))
        #expect(status.contains("500/2,000 documents  250/s  ETA 6 s  Esc cancels"), "\(status)")
        #expect(model.handle(.character("e")).isEmpty)
        #expect(model.message?.text == "an export to ./r.ndjson is running; Esc cancels it")
        #expect(model.handle(.escape).isEmpty)
        #expect(model.prompt == .confirmExportCancel)
        #expect(model.handle(.character("n")).isEmpty)
        #expect(model.exportJob?.cancelling == false)
        _ = model.handle(.escape)
        #expect(model.handle(.character("y")) == [.cancelExport])
        #expect(Fixtures.render(model, rows: 24, cols: 100).lines[23].contains("cancelling…"))
        model.apply(.exportCancelled(path: "./r.ndjson"))
        #expect(model.exportJob == nil)
        #expect(model.message?.text == "export cancelled; ./r.ndjson not written")
        #expect(Fixtures.render(model, rows: 24, cols: 100).lines[23].contains("Enter view"), "the key hints come back")
    }

    @Test func theEndIsReported() {
        var model = Fixtures.model(rows: 3)
        model.apply(.exportStarted(path: "./r.ndjson", target: .folder("r/")))
        _ = model.handle(.escape)
        model.apply(.exportFinished(path: "./r.ndjson", documents: 2000, bytes: 2_048_000))
        #expect(model.exportJob == nil)
        #expect(model.prompt == .none, "a cancel question about a finished export is dropped")
        #expect(model.message?.text.hasPrefix("exported 2,000 documents (") == true)
        model.apply(.exportStarted(path: "./r.ndjson", target: .folder("r/")))
        model.apply(.exportFailed(message: "cannot write in ./nope: No such file or directory"))
        #expect(model.exportJob == nil)
        #expect(model.message == StatusMessage(text: "export failed: cannot write in ./nope: No such file or directory", isError: true))
    }
}
