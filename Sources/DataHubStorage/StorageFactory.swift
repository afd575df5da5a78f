/// Opens the store a `StorageConfiguration` names.
public enum StorageFactory {
    /// How a problem with the CA file starts its message, so callers can name the flag that set it.
    public static var caFileProblem: String { StoreClient.caFileProblem }

    /// Builds the store.
    /// - Throws: `StorageError` (`.badRequest`) when the store cannot be set up: a CA file that is not PEM (the
    ///   message then starts with `caFileProblem`), a bad endpoint.
    public static func make(_ configuration: StorageConfiguration) throws -> any Storage {
        switch configuration {
        case .file(let directory, let bucket):
            return FileStorage(directory: directory, bucket: bucket)
        case .s3(let s3):
            return try S3Storage(configuration: s3)
        }
    }
}
