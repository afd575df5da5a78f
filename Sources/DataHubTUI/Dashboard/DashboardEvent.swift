import Foundation

/// Results of background work, handed back to the model on the screen thread.
enum DashboardEvent: Equatable, Sendable {
    /// A page of the listing; `first` replaces the rows, `done` ends the listing.
    case listPage(generation: Int, rows: [ObjectRow], first: Bool, done: Bool)
    /// The listing failed.
    case listFailed(generation: Int, message: String)
    /// The preview's bytes arrived, formatted; `fetched` bytes of `size`, checked against the stored digest as `digest`.
    case preview(key: String, content: PreviewContent, fetched: Int, size: Int64, digest: PreviewDigest)
    /// The preview could not be loaded; `digest` is `.mismatch` when its bytes failed their digest.
    case previewFailed(key: String, message: String, digest: PreviewDigest? = nil)
    /// An upload was stored.
    case uploaded(ObjectRow)
    /// An upload was refused or failed.
    case uploadFailed(message: String)
    /// An object was deleted.
    case deleted(key: String)
    /// A delete failed.
    case deleteFailed(key: String, message: String)
    /// The export's file exists; the model asks before overwriting it.
    case exportNeedsOverwrite(path: String, target: ExportTarget)
    /// The export began writing.
    case exportStarted(path: String, target: ExportTarget)
    /// How far the export has got.
    case exportProgress(done: Int, total: Int?, elapsed: Double)
    /// The export's file is complete.
    case exportFinished(path: String, documents: Int, bytes: Int64)
    /// The export failed; nothing was written.
    case exportFailed(message: String)
    /// The export was cancelled; nothing was written.
    case exportCancelled(path: String)
    /// The save target exists; the user is asked before it is replaced.
    case saveNeedsOverwrite(key: String, path: String)
    /// An object's bytes were written to `path`.
    case saved(key: String, path: String, bytes: Int64)
    /// A save failed; nothing was written.
    case saveFailed(key: String, message: String)
    /// An object's JSON, fetched for the clipboard.
    case copyReady(key: String, bytes: [UInt8])
    /// `Y` could not copy (too large, not JSON, storage failed).
    case copyFailed(key: String, message: String)
    /// The API listens at this address.
    case apiAddress(String)
}
