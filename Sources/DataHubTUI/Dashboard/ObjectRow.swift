import Foundation

/// One row of the object list.
struct ObjectRow: Equatable, Sendable {
    /// The whole key.
    var key: String
    /// Size in bytes.
    var size: Int64
    /// Last modification time.
    var modified: Date
}
