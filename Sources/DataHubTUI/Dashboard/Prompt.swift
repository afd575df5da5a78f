/// What a prompt (if any) is asking.
enum Prompt: Equatable, Sendable {
    case none
    case filter(LineEditor)
    /// The preview search's text.
    case search(LineEditor)
    case upload(LineEditor)
    case confirmDelete(key: String)
    /// The local path to save `key` to.
    case save(key: String, editor: LineEditor)
    /// `path` exists: replace it with `key`'s bytes?
    case confirmOverwrite(key: String, path: String)
    case help
    /// The path an export is written to.
    case exportPath(LineEditor, ExportTarget)
    /// The export's file exists: overwrite it?
    case confirmExportOverwrite(path: String, target: ExportTarget)
    /// Cancel the running export?
    case confirmExportCancel
}
