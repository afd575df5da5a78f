/// What the preview knows of the shown object's bytes against the SHA-256 stored with it.
enum PreviewDigest: Equatable, Sendable {
    /// The whole object was read and matches its stored digest.
    case verified
    /// The object was stored without a digest (older uploads, other tools).
    case absent
    /// Only the first bytes were read: a part cannot be checked against the whole's digest.
    case partial
    /// The bytes do not match the stored digest; nothing of them is shown.
    case mismatch

    /// The mark in the preview's header.
    var label: String {
        switch self {
        case .verified: "sha-256 ✓"
        case .absent: "no digest"
        case .partial: "unchecked"
        case .mismatch: "✗ mismatch"
        }
    }

    /// How the mark is drawn: a mismatch as an error, a match as good news, the rest quietly.
    var role: ColorRole {
        switch self {
        case .verified: .up
        case .mismatch: .error
        case .absent, .partial: .dim
        }
    }
}
