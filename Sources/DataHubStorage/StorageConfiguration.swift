/// Which store to open, and how: the storage layer's part of DataHub's configuration.
public enum StorageConfiguration: Sendable {
    /// The embedded file store: objects under `directory/bucket`.
    case file(directory: String, bucket: String)
    /// An S3-compatible store.
    case s3(S3Configuration)
}
