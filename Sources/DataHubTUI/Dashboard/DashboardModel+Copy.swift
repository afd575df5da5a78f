/// `y` and `Y`: the selected object's name or JSON to the system clipboard.
extension DashboardModel {
    /// `y`: the full name, at once.
    mutating func copyName() {
        guard let row = selectedRow else {
            message = StatusMessage(text: "nothing selected", isError: true)
            return
        }
        pendingCopy = ClipboardCopy(bytes: Array(row.key.utf8))
        message = StatusMessage(text: "copied the name to the clipboard: \(row.key)", isError: false)
    }

    /// `Y`: the stored JSON, fetched in the background; refused at once when the list says it is too large.
    mutating func copyJSON() -> [Intent] {
        guard let row = selectedRow else {
            message = StatusMessage(text: "nothing selected", isError: true)
            return []
        }
        guard !row.isFolder else {
            message = StatusMessage(text: "\(row.key) is a folder: it has no JSON to copy (y copies its name)", isError: true)
            return []
        }
        guard row.size <= Int64(OSC52.limit) else {
            message = StatusMessage(text: Self.tooLargeToCopy(row.key, size: row.size), isError: true)
            return []
        }
        message = StatusMessage(text: "copying the JSON of \(row.key)…", isError: false)
        return [.copyJSON(row)]
    }

    /// The refusal for an object over the copy limit.
    static func tooLargeToCopy(_ key: String, size: Int64) -> String {
        "not copied: \(key) is \(Format.bytes(size)), Y copies JSON up to \(Format.bytes(Int64(OSC52.limit))) (w saves it)"
    }

    /// Applies the result of `Y`.
    mutating func applyCopy(_ event: DashboardEvent) {
        switch event {
        case .copyReady(let key, let bytes):
            pendingCopy = ClipboardCopy(bytes: bytes)
            message = StatusMessage(text: "copied the JSON of \(key) (\(Format.bytes(Int64(bytes.count)))) to the clipboard", isError: false)
        case .copyFailed(_, let text):
            message = StatusMessage(text: text, isError: true)
        default: break
        }
    }

    /// Hands the waiting copy to the shell, once.
    mutating func takeCopy() -> ClipboardCopy? {
        defer { pendingCopy = nil }
        return pendingCopy
    }
}
