import Foundation

/// A line for the message row.
struct StatusMessage: Equatable, Sendable {
    /// The text.
    var text: String
    /// Shown in red.
    var isError: Bool
}
