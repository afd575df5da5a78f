/// Why a JSON Pointer read was refused; mapped to a status in `APIError+Mapping.swift`.
public enum JSONPointerError: Error, Sendable, Equatable {
    /// The pointer is not RFC 6901 syntax; the text says what is wrong.
    case invalidPointer(String)
    /// The selected value is larger than `limit` bytes, the most a pointer read holds in memory.
    case valueTooLarge(limit: Int)

    /// A sentence for the client.
    public var message: String {
        switch self {
        case .invalidPointer(let detail): "invalid JSON Pointer: \(detail)"
        case .valueTooLarge(let limit): "the value at the pointer is larger than \(limit) bytes; read the whole object with ?raw=true"
        }
    }
}
