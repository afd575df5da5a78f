/// Results of background work, applied on the screen thread.
extension DashboardModel {
    /// Applies one result; returns follow-up work (none today, kept for symmetry with `handle`).
    mutating func apply(_ event: DashboardEvent) {
        switch event {
        case .listPage(let gen, let rows, let first, let done):
            guard gen == generation else { return }
            appendPage(rows, first: first, done: done)
        case .listFailed(let gen, let text):
            guard gen == generation else { return }
            failListing(text)
            message = StatusMessage(text: "listing failed: \(text)", isError: true)
        case .preview(let key, let content, let fetched, let size, let digest):
            guard var state = preview, state.key == key else { return }
            state.content = content
            state.fetched = fetched
            state.size = size
            state.digest = digest
            setPreview(state)
        case .previewFailed(let key, let text, let digest):
            guard var state = preview, state.key == key else { return }
            state.error = text
            state.digest = digest
            setPreview(state)
        case .uploaded(let row):
            insertUploaded(row)
            message = StatusMessage(text: "uploaded \(row.key) (\(Format.bytes(row.size)))", isError: false)
        case .uploadFailed(let text):
            message = StatusMessage(text: "upload failed: \(text)", isError: true)
        case .deleted(let key):
            removeRow(key)
            message = StatusMessage(text: "deleted \(key)", isError: false)
        case .deleteFailed(let key, let text):
            message = StatusMessage(text: "delete of \(key) failed: \(text)", isError: true)
        case .apiAddress(let address):
            header.apiAddress = address
        case .exportNeedsOverwrite, .exportStarted, .exportProgress, .exportFinished, .exportFailed, .exportCancelled:
            applyExport(event)
        case .saveNeedsOverwrite, .saved, .saveFailed:
            applySave(event)
        case .copyReady, .copyFailed:
            applyCopy(event)
        }
    }
}
