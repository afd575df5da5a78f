/// Why an export to a local file failed, in words for the operator; nothing partial is left behind.
public struct FileExportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the file or folder.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
