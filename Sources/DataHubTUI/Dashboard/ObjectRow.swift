import Foundation

/// One row of the object list: an object, or in the folder view a sub-folder.
struct ObjectRow: Equatable, Sendable {
    /// The whole key (for a folder, its whole prefix ending in `/`).
    var key: String
    /// Size in bytes (0 for a folder).
    var size: Int64
    /// Last modification time (`distantPast` for a folder).
    var modified: Date
    /// The row is a folder, listed by the folder view.
    var isFolder = false

    /// A folder row for `prefix` ("reports/2026/").
    static func folder(_ prefix: String) -> ObjectRow {
        ObjectRow(key: prefix, size: 0, modified: .distantPast, isFolder: true)
    }
}
