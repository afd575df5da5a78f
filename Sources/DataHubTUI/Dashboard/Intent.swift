/// Work the model asks the shell to run in the background.
enum Intent: Equatable, Sendable {
    /// List `prefix` from the store page after page; results carry `generation`.
    case refresh(prefix: String, generation: Int)
    /// Fetch the head of an object for the preview.
    case loadPreview(ObjectRow)
    /// Read, validate and store a local file in `prefix`.
    case upload(path: String, prefix: String)
    /// Delete an object.
    case delete(key: String)
    /// Export to a local file (asking first when it exists, unless `overwrite`).
    case export(path: String, target: ExportTarget, overwrite: Bool)
    /// Stop the running export and remove its partial file.
    case cancelExport
    /// Stop the process.
    case quit
}
