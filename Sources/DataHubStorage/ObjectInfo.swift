import Foundation
import NIOCore

/// Metadata of one stored object, as a listing or a HEAD reports it.
public struct ObjectInfo: Sendable, Equatable {
    /// The whole object key, folders included (`reports/2026/data_….json`).
    public var key: String
    /// Size in bytes of the whole object.
    public var size: Int64
    /// When the store last wrote the object.
    public var lastModified: Date
    /// The entity tag as hex, without quotes (MD5 of the bytes for single-part objects).
    public var etag: String
    /// The content type the object was stored with; `nil` when the store does not say (listings).
    public var contentType: String?
    /// The SHA-256 of the bytes as uploaded (lower-case hex), when DataHub stored one with the object;
    /// `nil` for objects written by other tools and older uploads, and in listings (as the content type).
    public var sha256: String?

    /// Creates object metadata.
    public init(key: String, size: Int64, lastModified: Date, etag: String, contentType: String? = nil, sha256: String? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.etag = etag
        self.contentType = contentType
        self.sha256 = sha256
    }
}
