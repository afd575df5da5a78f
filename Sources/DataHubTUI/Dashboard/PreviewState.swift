import Foundation

/// The preview pane's state.
struct PreviewState: Equatable, Sendable {
    /// The object shown.
    var key: String
    /// Its whole size.
    var size: Int64
    /// The content, once loaded.
    var content: PreviewContent?
    /// Bytes fetched (less than `size` for large objects).
    var fetched = 0
    /// Why it could not be loaded.
    var error: String?
    /// How its bytes compare with the stored digest, once loaded.
    var digest: PreviewDigest?
}
