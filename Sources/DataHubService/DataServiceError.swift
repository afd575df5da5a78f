/// A request the data service refuses for a reason of its own (storage failures are `StorageError`, bad names
/// `ObjectNameError`, bad bodies `UploadError`). The API maps each code to a status in `APIError+Mapping.swift`.
public struct DataServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; a struct over a private enum, so codes can be added without breaking `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case idempotencyKeyReused = "idempotency_key_reused"
            case digestMismatch = "digest_mismatch"
            case invalidDigest = "invalid_digest"
            case integrityError = "integrity_error"
        }
        private let value: Value

        /// An `Idempotency-Key` that was already used with a different body.
        public static let idempotencyKeyReused = Code(value: .idempotencyKeyReused)
        /// A client's `Repr-Digest` / `Content-Digest` that does not match the bytes received.
        public static let digestMismatch = Code(value: .digestMismatch)
        /// A `Repr-Digest` / `Content-Digest` field that cannot be parsed, or a `sha-256` of the wrong length.
        public static let invalidDigest = Code(value: .invalidDigest)
        /// Stored bytes that do not match the SHA-256 stored with them: damaged, or changed outside DataHub.
        public static let integrityError = Code(value: .integrityError)

        /// The snake_case name (`idempotency_key_reused`).
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for the client: what is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
