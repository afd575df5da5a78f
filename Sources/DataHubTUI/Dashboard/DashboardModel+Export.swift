import Foundation

/// `e`: export the folder on screen (or the filtered rows) to a local NDJSON file, with a progress bar in the
/// status line while it runs in the background; Esc asks to cancel it.
extension DashboardModel {
    /// `e`: opens the path prompt, pre-filled from the folder's name.
    mutating func beginExport() {
        if let exportJob {
            message = StatusMessage(text: "an export to \(exportJob.path) is running; Esc cancels it", isError: true)
            return
        }
        // With a filter, the objects it leaves (folder rows among them are not walked: open one and press e).
        let target: ExportTarget = filter.isEmpty ? .folder(listPrefix) : .rows(visibleRows.filter { !$0.isFolder })
        if case .rows(let rows) = target, rows.isEmpty {
            message = StatusMessage(text: "the filter leaves no object to export (open a folder and press e to export it)", isError: true)
            return
        }
        setPrompt(.exportPath(LineEditor(target.suggestedFileName(bucket: header.bucket)), target))
    }

    /// Keys typed into the path prompt.
    mutating func handleExportPath(_ key: Key, editor: inout LineEditor, target: ExportTarget) -> [Intent] {
        switch key {
        case .enter:
            setPrompt(.none)
            let path = editor.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else {
                message = StatusMessage(text: "export cancelled", isError: false)
                return []
            }
            return [.export(path: path, target: target, overwrite: false)]
        case .escape:
            setPrompt(.none)
            message = StatusMessage(text: "export cancelled", isError: false)
            return []
        default:
            if editor.handle(key) { setPrompt(.exportPath(editor, target)) }
            return []
        }
    }

    /// The answer to "<path> exists. Overwrite?".
    mutating func handleExportOverwrite(_ key: Key, path: String, target: ExportTarget) -> [Intent] {
        switch key {
        case .character("y"), .character("Y"):
            setPrompt(.none)
            return [.export(path: path, target: target, overwrite: true)]
        case .character("n"), .character("N"), .escape:
            setPrompt(.none)
            message = StatusMessage(text: "export cancelled: \(path) kept as it was", isError: false)
        default: break
        }
        return []
    }

    /// The answer to "Cancel the export?".
    mutating func handleExportCancel(_ key: Key) -> [Intent] {
        switch key {
        case .character("y"), .character("Y"):
            setPrompt(.none)
            guard var job = exportJob else { return [] }
            job.cancelling = true
            exportJob = job
            return [.cancelExport]
        case .character("n"), .character("N"), .escape:
            setPrompt(.none)
            message = StatusMessage(text: "the export goes on", isError: false)
        default: break
        }
        return []
    }

    /// Results of the export runner.
    mutating func applyExport(_ event: DashboardEvent) {
        switch event {
        case .exportNeedsOverwrite(let path, let target):
            setPrompt(.confirmExportOverwrite(path: path, target: target))
        case .exportStarted(let path, let target):
            exportJob = ExportJob(path: path, label: target.label)
            message = StatusMessage(text: "exporting \(target.label) to \(path)", isError: false)
        case .exportProgress(let done, let total, let elapsed):
            guard var job = exportJob else { return }
            (job.done, job.total, job.elapsed) = (done, total, elapsed)
            exportJob = job
        case .exportFinished(let path, let documents, let bytes):
            exportJob = nil
            dropExportCancelPrompt()
            message = StatusMessage(text: "exported \(Format.grouped(documents)) documents (\(Format.bytes(bytes))) to \(path)", isError: false)
        case .exportFailed(let text):
            exportJob = nil
            dropExportCancelPrompt()
            message = StatusMessage(text: "export failed: \(text)", isError: true)
        case .exportCancelled(let path):
            exportJob = nil
            dropExportCancelPrompt()
            message = StatusMessage(text: "export cancelled; \(path) not written", isError: false)
        default: break
        }
    }

    /// The export ended while its cancel question was open: the question has no object any more.
    private mutating func dropExportCancelPrompt() {
        if prompt == .confirmExportCancel { setPrompt(.none) }
    }
}
