import DataHubStorage
import NIOCore

/// What the fetch window hands over for one listed object.
enum ExportItem: Sendable {
    /// A small JSON object, read whole (not yet validated).
    case whole(key: String, body: ByteBuffer)
    /// An object too large to hold: fetched again and streamed through when its turn comes.
    case large(ObjectInfo)
    /// Stored with another content type than JSON: skipped and counted.
    case notJSON(key: String, contentType: String?)
    /// Deleted between the listing and the read: nothing to export.
    case vanished(key: String)
}
