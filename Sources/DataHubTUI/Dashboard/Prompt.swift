/// What a prompt (if any) is asking.
enum Prompt: Equatable, Sendable {
    case none
    case filter(LineEditor)
    case upload(LineEditor)
    case confirmDelete(key: String)
    case help
    /// The path an export is written to.
    case exportPath(LineEditor, ExportTarget)
    /// The export's file exists: overwrite it?
    case confirmExportOverwrite(path: String, target: ExportTarget)
    /// Cancel the running export?
    case confirmExportCancel
}
