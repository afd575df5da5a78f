/// Work the model asks the shell to run in the background.
enum Intent: Equatable, Sendable {
    /// List `prefix` from the store page after page, one level (`.folder`) or everything under it (`.flat`);
    /// results carry `generation`.
    case refresh(prefix: String, mode: ListingMode, generation: Int)
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
    /// Write an object's stored bytes to the local file `path` (`~` not yet expanded); `overwrite` once the user
    /// agreed to replace an existing file.
    case save(key: String, path: String, overwrite: Bool)
    /// Fetch an object's JSON (up to `OSC52.limit`) for the clipboard.
    case copyJSON(ObjectRow)
    /// Stop the process.
    case quit
}
