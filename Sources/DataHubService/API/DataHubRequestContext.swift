public import HTTPTypes
public import Hummingbird
import NIOCore

/// The request context of DataHub's router: Hummingbird's core storage plus the request id that every
/// response and error envelope carries.
public struct DataHubRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The request id (the client's `X-Request-Id` when sane, else a new one), set by `APIMiddleware`.
    public var requestID: String = ""
    /// The connection, for the one interim answer Hummingbird has no API for (`100 Continue`).
    let channel: any Channel

    /// Creates a context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    public static let requestID = HTTPField.Name("X-Request-Id")!
    /// `Idempotent-Replayed`.
    public static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    /// `Idempotency-Key`.
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Repr-Digest` (RFC 9530).
    public static let reprDigest = HTTPField.Name("Repr-Digest")!
    /// `Content-Digest` (RFC 9530).
    public static let contentDigest = HTTPField.Name("Content-Digest")!
    /// `Want-Content-Digest` (RFC 9530).
    public static let wantContentDigest = HTTPField.Name("Want-Content-Digest")!
}
