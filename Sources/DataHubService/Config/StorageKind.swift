/// Which backend holds the data.
public enum StorageKind: String, Sendable, CaseIterable {
    /// An S3-compatible store (MinIO, AWS, SeaweedFS) reached over HTTP(S).
    case s3
    /// The embedded file store under `dataDirectory`.
    case file
}
