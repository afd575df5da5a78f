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
    /// Stop the process.
    case quit
}
