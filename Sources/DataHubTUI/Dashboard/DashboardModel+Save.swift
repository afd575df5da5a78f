import Foundation

/// `w`: the path prompt, the overwrite question and the results of a save.
extension DashboardModel {
    /// Opens the path prompt for the selected object, pre-filled with `./<name without folders>`.
    mutating func beginSave() {
        guard let row = selectedRow else {
            message = StatusMessage(text: "nothing selected", isError: true)
            return
        }
        guard !row.isFolder else {
            message = StatusMessage(text: "\(row.key) is a folder: open it and save its objects, or export it with e", isError: true)
            return
        }
        setPrompt(.save(key: row.key, editor: LineEditor("./" + Self.baseName(row.key))))
    }

    /// The last segment of a key: "reports/2026/a.json" → "a.json".
    static func baseName(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? key
    }

    mutating func handleSave(_ key: Key, target: String, editor: inout LineEditor) -> [Intent] {
        switch key {
        case .enter:
            setPrompt(.none)
            let path = editor.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else {
                message = StatusMessage(text: "save cancelled", isError: false)
                return []
            }
            message = StatusMessage(text: "saving \(target) to \(path)…", isError: false)
            return [.save(key: target, path: path, overwrite: false)]
        case .escape:
            setPrompt(.none)
            message = StatusMessage(text: "save cancelled", isError: false)
            return []
        default:
            if editor.handle(key) { setPrompt(.save(key: target, editor: editor)) }
            return []
        }
    }

    mutating func handleOverwrite(_ key: Key, target: String, path: String) -> [Intent] {
        switch key {
        case .character("y"), .character("Y"):
            setPrompt(.none)
            message = StatusMessage(text: "saving \(target) to \(path)…", isError: false)
            return [.save(key: target, path: path, overwrite: true)]
        case .character("n"), .character("N"), .escape:
            setPrompt(.none)
            message = StatusMessage(text: "save cancelled: \(path) left as it was", isError: false)
        default: break
        }
        return []
    }

    /// Applies the result of a save.
    mutating func applySave(_ event: DashboardEvent) {
        switch event {
        case .saveNeedsOverwrite(let key, let path):
            // Never take over a prompt the user opened meanwhile.
            guard prompt == .none || prompt == .help else {
                message = StatusMessage(text: "save not done: \(path) exists (w again to replace it)", isError: true)
                return
            }
            setPrompt(.confirmOverwrite(key: key, path: path))
        case .saved(let key, let path, let bytes):
            // The size and the file first: a long key is cut at the end of the row.
            message = StatusMessage(text: "saved \(Format.grouped(Int(bytes))) bytes to \(path) from \(key)", isError: false)
        case .saveFailed(_, let text):
            message = StatusMessage(text: "save failed: \(text)", isError: true)
        default: break
        }
    }
}
