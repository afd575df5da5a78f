/// Why a `POST /data/batch` was refused or stopped; mapped to a status in `APIError+Mapping.swift`.
public enum BatchError: Error, Sendable {
    /// Line `line` (1-based, counting empty lines) is not one JSON value; the error's offset is the byte in that line.
    case invalidLine(line: Int, JSONValidationError)
    /// The body holds no non-empty line.
    case noDocuments
    /// The body holds more than `limit` documents (`--max-batch-lines`).
    case tooManyLines(limit: Int)
    /// Line `line` is longer than `limit` bytes, the largest document a batch holds in memory.
    case lineTooLarge(line: Int, limit: Int)
    /// Storage failed after some documents were stored: `stored` lists them in line order, `cause` is the failure.
    case partlyStored(stored: [CreatedObject], cause: any Error)

    /// A sentence for the client.
    public var message: String {
        switch self {
        case .invalidLine(let line, let error): "line \(line): \(error.message) (bytes counted from the start of the line)"
        case .noDocuments: "the batch holds no documents; send one JSON value per line"
        case .tooManyLines(let limit): "the batch holds more than \(limit) documents (--max-batch-lines); split it"
        case .lineTooLarge(let line, let limit): "line \(line) is larger than \(limit) bytes; upload it alone with POST /data"
        case .partlyStored(let stored, _): "storage failed after \(stored.count) documents were stored; retry with the same Idempotency-Key"
        }
    }
}
