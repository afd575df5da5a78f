import Testing

@testable import DataHubTUI

@Suite struct KeyTableTests {
    @Test func everyStatusBarHintIsInTheHelpOverlay() {
        var model = Fixtures.model()
        _ = model.handle(.character("?"))
        let screen = Fixtures.render(model, rows: 40, cols: 120).lines.joined(separator: "\n")
        let table = KeyTable.standard
        for binding in table.bindings {
            #expect(screen.contains(binding.label + " "), "help lacks \(binding.label)")
            #expect(screen.contains(binding.help), "help lacks \(binding.help)")
        }
        for hint in table.statusBarHints.dropFirst() {
            let line = table.helpLines.first { $0.hasPrefix(hint.label + " ") }
            #expect(line?.contains(hint.hint) == true, "status hint \(hint.label) \(hint.hint) not in help")
        }
    }

    @Test(arguments: [(24, 80), (20, 80), (24, 120)]) func aShortScreenShowsEveryKeyInColumns(rows: Int, cols: Int) {
        var model = Fixtures.model()
        model.header.readOnly = true
        _ = model.handle(.character("?"))
        let screen = Fixtures.render(model, rows: rows, cols: cols).lines.joined(separator: "\n")
        for binding in KeyTable.standard.bindings {
            let padded = CharWidth.pad(binding.label, to: 5) + " " + binding.hint
            #expect(screen.contains(padded), "help at \(cols)x\(rows) lacks \(padded)")
        }
        #expect(screen.contains("press any key to close"))
        #expect(screen.contains("upload [off]"))
    }

    @Test func noKeyIsBoundTwiceAndEveryActionHasAKey() {
        let table = KeyTable.standard
        let keys = table.bindings.flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
        #expect(Set(table.bindings.map(\.action)) == Set(KeyAction.allCases))
        #expect(table.action(for: .character("q")) == .quit)
        #expect(table.action(for: .character("x")) == nil)
    }

    @Test func folderKeysAreBound() {
        let table = KeyTable.standard
        for key in [Key.right, .character("l")] { #expect(table.action(for: key) == .openFolder) }
        for key in [Key.left, .character("h"), .backspace] { #expect(table.action(for: key) == .parentFolder) }
        #expect(table.action(for: .character("t")) == .toggleFlat)
        #expect(table.action(for: .enter) == .view)
        #expect(table.statusBarText().contains("←/h up  t flat"))
    }
}
