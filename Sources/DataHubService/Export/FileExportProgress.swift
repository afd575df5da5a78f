/// How far an export to a local file has got.
public struct FileExportProgress: Sendable, Equatable {
    /// Listed objects dealt with (exported, or skipped as not JSON).
    public var done: Int
    /// Objects to deal with, once counted.
    public var total: Int?
}
