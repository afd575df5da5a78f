/// Why an upload body was refused while it was being collected.
public enum UploadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not valid JSON; the error says what and at which byte.
    case invalidJSON(JSONValidationError)
    /// The body has no bytes at all.
    case empty
    /// The body passed the upload limit of `limit` bytes (a body of exactly `limit` bytes is accepted).
    case tooLarge(limit: Int)
    /// The spool file could not be created, written or closed; the text names the failing call and errno.
    case io(String)

    /// A sentence for the client (for `.io`, one for the log: it names the system call and errno).
    public var description: String {
        switch self {
        case .invalidJSON(let error): error.message
        case .empty: "empty body"
        case .tooLarge(let limit): "the body is larger than the upload limit of \(limit) bytes"
        case .io(let detail): "could not spool the upload: \(detail)"
        }
    }
}
