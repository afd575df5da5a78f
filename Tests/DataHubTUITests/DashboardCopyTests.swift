import Foundation
import Testing

@testable import DataHubTUI

/// `y` / `Y`: the name or the JSON to the clipboard through OSC 52.
@Suite struct DashboardCopyTests {
    @Test func yCopiesTheFullNameAtOnce() {
        var model = Fixtures.model(rows: 0)
        let key = "reports/2026/data_1.json"
        model.apply(.listPage(generation: model.generation, rows: [ObjectRow(key: key, size: 12, modified: Fixtures.start)], first: true, done: true))
        #expect(model.handle(.character("y")).isEmpty)
        #expect(model.message == StatusMessage(text: "copied the name to the clipboard: \(key)", isError: false))
        #expect(model.takeCopy() == ClipboardCopy(bytes: Array(key.utf8)))
        #expect(model.takeCopy() == nil, "sent once")
    }

    @Test func bigYFetchesTheJSONAndRefusesLargeObjects() {
        var model = Fixtures.model(rows: 0)
        let small = ObjectRow(key: "a.json", size: 100 * 1024, modified: Fixtures.start)
        let large = ObjectRow(key: "b.json", size: 100 * 1024 + 1, modified: Fixtures.start)
        model.apply(.listPage(generation: model.generation, rows: [small, large], first: true, done: true))
        #expect(model.handle(.character("Y")) == [.copyJSON(small)])
        #expect(model.takeCopy() == nil, "nothing copied before the bytes arrive")
        model.apply(.copyReady(key: "a.json", bytes: Array(#"{"a":1}"#.utf8)))
        #expect(model.takeCopy() == ClipboardCopy(bytes: Array(#"{"a":1}"#.utf8)))
        #expect(model.message?.text == "copied the JSON of a.json (7 B) to the clipboard")
        _ = model.handle(.down)
        #expect(model.handle(.character("Y")).isEmpty)
        #expect(model.message == StatusMessage(text: "not copied: b.json is 100 KB, Y copies JSON up to 100 KB (w saves it)", isError: true))
        #expect(model.takeCopy() == nil)
        model.apply(.copyFailed(key: "a.json", message: "not copied: a.json is not JSON"))
        #expect(model.message?.isError == true)
        #expect(model.takeCopy() == nil)
    }

    @Test func copiesStayAllowedWhenReadOnly() {
        var model = Fixtures.model(rows: 1)
        model.header.readOnly = true
        let row = model.selectedRow!
        _ = model.handle(.character("y"))
        #expect(model.takeCopy() == ClipboardCopy(bytes: Array(row.key.utf8)))
        #expect(model.handle(.character("Y")) == [.copyJSON(row)])
    }

    @Test func theEscapeIsOSC52WithBase64() {
        #expect(OSC52.sequence(Array("hi".utf8)) == Array("\u{1B}]52;c;aGk=\u{07}".utf8))
    }
}
