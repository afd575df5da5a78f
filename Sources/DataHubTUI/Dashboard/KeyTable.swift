/// The one table that maps keys to actions and writes both the status-bar hints and the `?` help,
/// so the two can never disagree.
struct KeyTable: Sendable {
    /// The bindings, in the order they are shown.
    let bindings: [KeyBinding]

    /// The dashboard's keys.
    static let standard = KeyTable(bindings: [
        KeyBinding(
            keys: [.up, .character("k")],
            label: "↑/k",
            hint: "up",
            help: "select the previous row / scroll up",
            inStatusBar: false,
            action: .moveUp
        ),
        KeyBinding(
            keys: [.down, .character("j")],
            label: "↓/j",
            hint: "down",
            help: "select the next row / scroll down",
            inStatusBar: false,
            action: .moveDown
        ),
        KeyBinding(keys: [.pageUp], label: "PgUp", hint: "page up", help: "one page up", inStatusBar: false, action: .pageUp),
        KeyBinding(keys: [.pageDown], label: "PgDn", hint: "page down", help: "one page down", inStatusBar: false, action: .pageDown),
        KeyBinding(keys: [.character("g"), .home], label: "g", hint: "top", help: "jump to the first row", inStatusBar: false, action: .top),
        KeyBinding(
            keys: [.character("G"), .end],
            label: "G",
            hint: "newest",
            help: "jump to the newest object",
            inStatusBar: false,
            action: .newest
        ),
        KeyBinding(
            keys: [.enter],
            label: "Enter",
            hint: "view",
            help: "open the selected folder, or show the selected object in the preview",
            inStatusBar: true,
            action: .view
        ),
        KeyBinding(
            keys: [.right, .character("l")],
            label: "→/l",
            hint: "open",
            help: "open the selected folder (on an object: preview it)",
            inStatusBar: false,
            action: .openFolder
        ),
        KeyBinding(
            keys: [.left, .character("h"), .backspace],
            label: "←/h",
            hint: "up",
            help: "go up to the parent folder (Backspace too)",
            inStatusBar: true,
            action: .parentFolder
        ),
        KeyBinding(
            keys: [.character("t")],
            label: "t",
            hint: "flat",
            help: "toggle a flat view of every object under the current folder",
            inStatusBar: true,
            action: .toggleFlat
        ),
        KeyBinding(
            keys: [.tab],
            label: "Tab",
            hint: "pane",
            help: "focus the next pane (objects, preview, activity)",
            inStatusBar: true,
            action: .switchPane
        ),
        KeyBinding(
            keys: [.character("u")],
            label: "u",
            hint: "upload",
            help: "upload a local JSON file (path prompt, ~ expanded)",
            inStatusBar: true,
            action: .upload
        ),
        KeyBinding(
            keys: [.character("d")],
            label: "d",
            hint: "delete",
            help: "delete the selected object (asks y/n)",
            inStatusBar: true,
            action: .delete
        ),
        KeyBinding(
            keys: [.character("w")],
            label: "w",
            hint: "save",
            help: "write the selected object's stored bytes to a local file",
            inStatusBar: true,
            action: .save
        ),
        KeyBinding(
            keys: [.character("y")],
            label: "y",
            hint: "copy name",
            help: "copy the selected object's full name (OSC 52)",
            inStatusBar: true,
            action: .copyName
        ),
        KeyBinding(
            keys: [.character("Y")],
            label: "Y",
            hint: "copy JSON",
            help: "copy the selected object's JSON, up to 100 KB",
            inStatusBar: false,
            action: .copyJSON
        ),
        KeyBinding(keys: [.character("r")], label: "r", hint: "refresh", help: "reload the object list", inStatusBar: true, action: .refresh),
        KeyBinding(
            keys: [.character("/")],
            label: "/",
            hint: "filter",
            help: "name filter (…/ lists a folder); in the preview: search",
            inStatusBar: true,
            action: .filter
        ),
        KeyBinding(
            keys: [.character("n")],
            label: "n",
            hint: "next match",
            help: "next match of the preview search",
            inStatusBar: false,
            action: .nextMatch
        ),
        KeyBinding(
            keys: [.character("N")],
            label: "N",
            hint: "previous match",
            help: "previous match of the preview search",
            inStatusBar: false,
            action: .previousMatch
        ),
        KeyBinding(
            keys: [.escape],
            label: "Esc",
            hint: "clear search",
            help: "clear the preview search",
            inStatusBar: false,
            action: .clearSearch
        ),
        KeyBinding(
            keys: [.character("s")],
            label: "s",
            hint: "sort",
            help: "cycle the sort: store order, name, newest, size",
            inStatusBar: true,
            action: .sort
        ),
        KeyBinding(
            keys: [.character("e")],
            label: "e",
            hint: "export",
            help: "export the folder (or the filtered rows) to a local NDJSON file; Esc cancels it",
            inStatusBar: false,
            action: .export
        ),
        KeyBinding(keys: [.character("?")], label: "?", hint: "help", help: "show or hide this help", inStatusBar: true, action: .help),
        KeyBinding(
            keys: [.character("q")],
            label: "q",
            hint: "quit",
            help: "quit: stop the API and restore the terminal",
            inStatusBar: true,
            action: .quit
        ),
    ])

    /// The action bound to a key, if any.
    func action(for key: Key) -> KeyAction? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// The status bar's hint pairs, movement first.
    var statusBarHints: [(label: String, hint: String)] {
        [("↑↓/jk", "move")] + bindings.filter(\.inStatusBar).map { ($0.label, $0.hint) }
    }

    /// The status bar text: "↑↓/jk move  Enter view  …  q quit", dropping hints before "? help" until it
    /// fits in `width` columns, so help and quit always show.
    func statusBarText(width: Int = .max) -> String {
        var hints = statusBarHints.map { "\($0.label) \($0.hint)" }
        var text = hints.joined(separator: "  ")
        while CharWidth.width(of: text) > width, hints.count > 3 {
            hints.remove(at: hints.count - 3)
            text = hints.joined(separator: "  ")
        }
        return text
    }

    /// The help overlay's lines: one per binding, key column aligned.
    var helpLines: [String] { helpLines(readOnly: false) }

    /// The help overlay's lines; with `readOnly`, the keys that would change data are marked off.
    func helpLines(readOnly: Bool) -> [String] {
        let width = bindings.map { CharWidth.width(of: $0.label) }.max() ?? 0
        return bindings.map { binding in
            let off = readOnly && Self.writingActions.contains(binding.action) ? " [off: read-only]" : ""
            return CharWidth.pad(binding.label, to: width) + "  " + binding.hint + " — " + binding.help + off
        }
    }

    /// The help overlay's lines for a screen too short for one line per binding: "label hint" pairs in
    /// `columns` columns of `width` columns each, filled top to bottom; `readOnly` marks the keys turned off.
    func compactHelpLines(readOnly: Bool, columns: Int, width: Int) -> [String] {
        let labelWidth = bindings.map { CharWidth.width(of: $0.label) }.max() ?? 0
        let entries = bindings.map { binding in
            let off = readOnly && Self.writingActions.contains(binding.action) ? " [off]" : ""
            return CharWidth.truncate(CharWidth.pad(binding.label, to: labelWidth) + " " + binding.hint + off, to: width - 1)
        }
        let columns = max(1, columns)
        let rows = (entries.count + columns - 1) / columns
        return (0..<rows).map { row in
            (0..<columns).compactMap { column in
                let index = column * rows + row
                return index < entries.count ? CharWidth.pad(entries[index], to: width) : nil
            }.joined()
        }
    }

    /// The actions `--read-only` turns off.
    static let writingActions: Set<KeyAction> = [.upload, .delete]
}
