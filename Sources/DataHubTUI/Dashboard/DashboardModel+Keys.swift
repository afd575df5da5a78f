import Foundation

/// Key handling: prompts first (keys typed into a prompt never trigger actions), then the key table.
extension DashboardModel {
    /// Applies one key; returns the background work it asks for.
    mutating func handle(_ key: Key) -> [Intent] {
        switch prompt {
        case .help:
            setPrompt(.none)
            return []
        case .confirmDelete(let target):
            return handleConfirm(key, target: target)
        case .filter(var editor):
            return handleFilter(key, editor: &editor)
        case .search(var editor):
            return handleSearch(key, editor: &editor)
        case .upload(var editor):
            return handleUpload(key, editor: &editor)
        case .exportPath(var editor, let target):
            return handleExportPath(key, editor: &editor, target: target)
        case .confirmExportOverwrite(let path, let target):
            return handleExportOverwrite(key, path: path, target: target)
        case .confirmExportCancel:
            return handleExportCancel(key)
        case .save(let target, var editor):
            return handleSave(key, target: target, editor: &editor)
        case .confirmOverwrite(let target, let path):
            return handleOverwrite(key, target: target, path: path)
        case .none:
            if key == .escape, exportJob != nil {
                setPrompt(.confirmExportCancel)
                return []
            }
            guard let action = keys.action(for: key) else { return [] }
            return perform(action)
        }
    }

    private mutating func handleConfirm(_ key: Key, target: String) -> [Intent] {
        switch key {
        case .character("y"), .character("Y"):
            setPrompt(.none)
            message = StatusMessage(text: "deleting \(target)…", isError: false)
            return [.delete(key: target)]
        case .character("n"), .character("N"), .escape:
            setPrompt(.none)
            message = StatusMessage(text: "delete cancelled", isError: false)
        default: break
        }
        return []
    }

    private mutating func handleFilter(_ key: Key, editor: inout LineEditor) -> [Intent] {
        switch key {
        case .enter:
            setPrompt(.none)
            let text = editor.text
            if text.hasSuffix("/") {
                // Inside the folder shown, as the names shown are; a leading "/" starts at the root.
                let target = text.hasPrefix("/") ? String(text.dropFirst()) : listPrefix + text
                message = StatusMessage(text: "listing folder \(target.isEmpty ? "/" : target)", isError: false)
                return [switchListing(prefix: target, mode: mode)]
            }
            setFilter(text)
            return []
        case .escape:
            // Clears the filter only: Backspace/←/h walk back up.
            setPrompt(.none)
            setFilter("")
            return []
        default:
            if editor.handle(key) {
                setPrompt(.filter(editor))
                setFilter(editor.text)
            }
            return []
        }
    }

    private mutating func handleUpload(_ key: Key, editor: inout LineEditor) -> [Intent] {
        switch key {
        case .enter:
            setPrompt(.none)
            let path = editor.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else {
                message = StatusMessage(text: "upload cancelled", isError: false)
                return []
            }
            let place = listPrefix.isEmpty ? "" : " into \(listPrefix)"
            message = StatusMessage(text: "uploading \(path)\(place)…", isError: false)
            return [.upload(path: path, prefix: listPrefix)]
        case .escape:
            setPrompt(.none)
            message = StatusMessage(text: "upload cancelled", isError: false)
            return []
        default:
            if editor.handle(key) { setPrompt(.upload(editor)) }
            return []
        }
    }

    private mutating func perform(_ action: KeyAction) -> [Intent] {
        message = nil
        if header.readOnly, KeyTable.writingActions.contains(action) {
            let what = action == .upload ? "upload" : "delete"
            message = StatusMessage(text: "read-only (--read-only): \(what) is turned off on this DataHub", isError: true)
            return []
        }
        switch action {
        case .moveUp: scroll(by: -1)
        case .moveDown: scroll(by: 1)
        case .pageUp: scroll(by: -max(1, pageSize))
        case .pageDown: scroll(by: max(1, pageSize))
        case .top: scroll(by: Int.min / 2)
        case .newest:
            if focus == .objects { selectNewest() } else { scroll(by: Int.max / 2) }
        case .view, .openFolder:
            guard let row = selectedRow else { return [] }
            if row.isFolder { return [switchListing(prefix: row.key, mode: mode)] }
            openPreview(row)
            return [.loadPreview(row)]
        case .parentFolder: return goUp()
        case .toggleFlat: return toggleFlat()
        case .switchPane: cycleFocus()
        case .upload: setPrompt(.upload(LineEditor()))
        case .delete:
            guard let row = selectedRow else {
                message = StatusMessage(text: "nothing selected", isError: true)
                return []
            }
            if row.isFolder {
                let name = FolderPath.name(of: row.key, in: listPrefix)
                message = StatusMessage(text: "\(name) is a folder: d deletes one object, nothing was deleted", isError: true)
                return []
            }
            setPrompt(.confirmDelete(key: row.key))
        case .refresh:
            message = StatusMessage(text: "reloading the list", isError: false)
            return [startListing(prefix: listPrefix)]
        case .filter:
            if focus == .preview { beginSearch() } else { setPrompt(.filter(LineEditor(filter))) }
        case .sort:
            cycleSort()
            message = StatusMessage(text: "sorted by \(sort.label)", isError: false)
        case .export: beginExport()
        case .help: setPrompt(.help)
        case .save: beginSave()
        case .nextMatch: stepMatch(forward: true)
        case .previousMatch: stepMatch(forward: false)
        case .clearSearch: clearSearch()
        case .copyName: copyName()
        case .copyJSON: return copyJSON()
        case .quit:
            requestQuit()
            return [.quit]
        }
        return []
    }

    /// Moves within the focused pane.
    private mutating func scroll(by delta: Int) {
        switch focus {
        case .objects: moveSelection(by: delta)
        case .preview: previewTop = clamp(previewTop, delta, count: previewLineCount)
        case .activity: activityTop = clamp(activityTop, delta, count: status.activity.count)
        }
    }

    private func clamp(_ value: Int, _ delta: Int, count: Int) -> Int {
        let moved = delta > 0 ? (value > Int.max - delta ? Int.max : value + delta) : max(0, value + delta)
        return min(max(0, moved), max(0, count - 1))
    }

    /// Lines the preview holds.
    var previewLineCount: Int {
        if case .json(let lines)? = preview?.content { return lines.count }
        return 0
    }
}
