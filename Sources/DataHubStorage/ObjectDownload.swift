import Foundation
import NIOCore

/// A download in progress: the object's metadata and its bytes as they arrive.
public struct ObjectDownload: Sendable {
    /// Metadata from the response headers; `size` is the size of the whole object.
    public var info: ObjectInfo
    /// The byte range served (inclusive offsets) when one was asked for, else `nil`.
    public var range: ClosedRange<Int64>?
    /// The bytes. Iterate it to the end, or drop it to abort the transfer.
    public var body: ObjectBody

    /// Creates a download.
    public init(info: ObjectInfo, range: ClosedRange<Int64>?, body: ObjectBody) {
        self.info = info
        self.range = range
        self.body = body
    }
}
