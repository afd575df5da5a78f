/// Walking folders: up to the parent, and the flat view of everything under the current folder.
extension DashboardModel {
    /// Where the list is: "analytics-data / reports / 2026 /".
    var breadcrumb: String { FolderPath.breadcrumb(bucket: header.bucket, prefix: listPrefix) }

    /// Lists the parent folder and selects the folder just left; at the root, says so.
    mutating func goUp() -> [Intent] {
        guard let parent = FolderPath.parent(of: listPrefix) else {
            message = StatusMessage(text: "already at the top of \(header.bucket)", isError: false)
            return []
        }
        // In the flat view the folder left is no row of the parent's list: nothing to reveal.
        return [switchListing(prefix: parent, mode: mode, reveal: mode == .folder ? listPrefix : nil)]
    }

    /// Switches between the folder view and the flat view of the current folder.
    mutating func toggleFlat() -> [Intent] {
        let next: ListingMode = mode == .folder ? .flat : .folder
        let text = next == .flat ? "flat view: every object under \(breadcrumb)" : "folder view of \(breadcrumb)"
        let intent = switchListing(prefix: listPrefix, mode: next)
        message = StatusMessage(text: text, isError: false)
        return [intent]
    }
}
