import Foundation

/// One line of the activity feed.
struct ActivityLine: Equatable, Sendable {
    /// When it happened.
    var time: Date
    /// What happened.
    var text: String
    /// Shown in red (5xx responses, storage DOWN).
    var isError: Bool
    /// An API request that changed the bucket (a successful upload or delete).
    var changesData = false
}
