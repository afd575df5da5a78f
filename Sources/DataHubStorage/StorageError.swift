/// What went wrong in a storage call: a code to branch on, a message for people and a cause for logs.
///
/// The message says what happened and what to do, and never contains a secret; `cause` keeps the
/// low-level detail (curl error, errno, S3 error code) for the log.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// A storage error code. A struct over a private enum so that codes can be added without
    /// breaking anyone's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound, alreadyExists, accessDenied, badRequest, unavailable, invalidName, nameConflict, invalidRange, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The object or bucket does not exist.
        public static let notFound = Code(.notFound)
        /// A create-only write found the key taken (S3's 412 PreconditionFailed, or 409).
        public static let alreadyExists = Code(.alreadyExists)
        /// The store refused the credentials or the signature.
        public static let accessDenied = Code(.accessDenied)
        /// The store refused the request as malformed.
        public static let badRequest = Code(.badRequest)
        /// The store cannot be reached or is failing (refused, DNS, timeout, 5xx, SlowDown): retry later.
        public static let unavailable = Code(.unavailable)
        /// The key breaks the naming rules.
        public static let invalidName = Code(.invalidName)
        /// The key would need a file and a folder of the same name (FileStorage).
        public static let nameConflict = Code(.nameConflict)
        /// The byte range cannot be served.
        public static let invalidRange = Code(.invalidRange)
        /// A local I/O failure (disk full, permissions).
        public static let io = Code(.io)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for people: what happened and what to do. Never a secret.
    public var message: String
    /// Low-level detail for logs (curl error, errno, S3 error code); never a secret.
    public var cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { "\(code): \(message) (\(cause))" } else { "\(code): \(message)" }
    }
}

extension StorageError {
    /// A request that was under way when the storage shut down.
    static let shuttingDown = StorageError(.unavailable, "The storage is shutting down; the request was not completed.")

    /// A request that was never sent, and why.
    static func notSent(because reason: String) -> StorageError {
        StorageError(.unavailable, "The request was not sent: \(reason).")
    }

    /// A request that waited `waited` for a free connection slot and was not sent: the store is too slow to keep up.
    static func queuedTooLong(_ waited: Duration) -> StorageError {
        StorageError(.unavailable, "The storage is too slow: the request waited \(waited) for a free connection and was not sent; retry later.")
    }
}
