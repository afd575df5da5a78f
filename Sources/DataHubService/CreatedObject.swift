import DataHubStorage
import Foundation
import NIOCore

/// A stored upload, as `POST /data` and the console report it.
public struct CreatedObject: Sendable, Equatable {
    /// The whole key.
    public var key: String
    /// Size in bytes.
    public var size: Int64
    /// Entity tag, hex without quotes.
    public var etag: String
    /// The SHA-256 of the bytes stored (lower-case hex), when the upload computed one.
    public var sha256: String?

    /// Describes a stored upload.
    public init(key: String, size: Int64, etag: String, sha256: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.sha256 = sha256
    }
}
