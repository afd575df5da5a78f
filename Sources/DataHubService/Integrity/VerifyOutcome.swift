/// What re-hashing one object found.
public enum VerifyOutcome: Sendable, Equatable {
    /// Its bytes match the SHA-256 stored with it.
    case verified
    /// It was stored without a digest (older uploads, other tools): nothing to compare with.
    case noDigest
    /// Its bytes hash to `actual`, not to the `stored` digest.
    case mismatch(stored: String, actual: String)
    /// It could not be read (`reason`); `storageDown` when the store itself did not answer.
    case unreadable(reason: String, storageDown: Bool)
    /// Deleted between the listing and the read: not counted.
    case vanished
}
