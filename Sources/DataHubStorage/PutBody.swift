public import Foundation
public import NIOCore

/// The bytes of an upload: always of known length (S3 refuses a PUT without `Content-Length`).
public enum PutBody: Sendable {
    /// Bytes held in memory.
    case buffer(ByteBuffer)
    /// Bytes spooled to a file; `length` is the file's size.
    case file(path: String, length: Int64)

    /// The number of bytes the body holds.
    public var length: Int64 {
        switch self {
        case .buffer(let buffer): Int64(buffer.readableBytes)
        case .file(_, let length): length
        }
    }
}
