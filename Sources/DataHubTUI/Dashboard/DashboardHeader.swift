import Foundation

/// Fixed texts of the title bar.
struct DashboardHeader: Equatable, Sendable {
    /// The bucket.
    var bucket: String
    /// Where the data lives.
    var endpoint: String
    /// The API's URL, once the server listens.
    var apiAddress: String
    /// The service runs with `--read-only`: the title says so and `u`/`d` do nothing.
    var readOnly = false
}
