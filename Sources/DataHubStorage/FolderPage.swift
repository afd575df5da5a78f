import Foundation

/// One page of a one-level listing: the folders and the objects directly inside a prefix.
public struct FolderPage: Sendable, Equatable {
    /// The sub-folders of this page, as full prefixes ending in `/`, in byte order.
    public var folders: [String]
    /// The objects of this page directly under the prefix, in byte order.
    public var objects: [ObjectInfo]
    /// An opaque token for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(folders: [String], objects: [ObjectInfo], nextCursor: String?) {
        self.folders = folders
        self.objects = objects
        self.nextCursor = nextCursor
    }
}
