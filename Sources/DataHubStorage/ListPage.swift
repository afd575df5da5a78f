import Foundation
import NIOCore

/// One page of a listing.
public struct ListPage: Sendable, Equatable {
    /// The objects of this page, in the store's own order.
    public var objects: [ObjectInfo]
    /// An opaque token for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(objects: [ObjectInfo], nextCursor: String?) {
        self.objects = objects
        self.nextCursor = nextCursor
    }
}
