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
}
