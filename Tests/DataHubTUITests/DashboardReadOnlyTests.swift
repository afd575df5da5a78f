import Foundation
import Testing

@testable import DataHubTUI

/// `--read-only` in the console: the title says so, `u` and `d` explain why they do nothing, the help marks them.
@Suite struct DashboardReadOnlyTests {
    static func readOnlyModel() -> DashboardModel {
        var model = Fixtures.model(rows: 3)
        model.header.readOnly = true
        return model
    }

    @Test func uploadAndDeleteSayWhyAndAskForNothing() {
        var model = Self.readOnlyModel()
        #expect(model.handle(.character("u")).isEmpty)
        #expect(model.prompt == .none, "no upload prompt in read-only")
        #expect(model.message?.text.contains("read-only") == true)
        #expect(model.message?.text.contains("upload") == true)
        #expect(model.handle(.character("d")).isEmpty)
        #expect(model.prompt == .none, "no delete confirmation in read-only")
        #expect(model.message?.text.contains("delete") == true)
        #expect(model.message?.isError == true)
        // Reading still works.
        #expect(model.handle(.enter).contains { if case .loadPreview = $0 { true } else { false } })
    }

    @Test func writableConsoleStillAsks() {
        var model = Fixtures.model(rows: 3)
        _ = model.handle(.character("d"))
        #expect(model.prompt != .none)
    }

    @Test func titleSaysReadOnlyAndHelpMarksTheKeys() {
        var model = Self.readOnlyModel()
        var grid = Fixtures.render(model, rows: 24, cols: 120)
        #expect(grid.lines[0].contains("READ-ONLY"))
        _ = model.handle(.character("?"))
        // Tall enough for one line per key (a shorter screen lists keys and hints in columns).
        grid = Fixtures.render(model, rows: 50, cols: 120)
        let help = grid.lines.joined(separator: "\n")
        #expect(help.contains("upload a local JSON file (path prompt, ~ expanded) [off: read-only]"))
        #expect(help.contains("delete the selected object (asks y/n) [off: read-only]"))
        #expect(!help.contains("reload the object list [off"))
        let writable = Fixtures.render(Fixtures.model(rows: 3), rows: 24, cols: 120)
        #expect(!writable.lines[0].contains("READ-ONLY"))
    }
}
