/// What an export to a local file wrote.
public struct FileExportResult: Sendable, Equatable {
    /// Documents written, one per line.
    public var documents: Int
    /// Bytes in the file.
    public var bytes: Int64
}
