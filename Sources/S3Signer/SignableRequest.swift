/// The parts of an HTTP request that AWS Signature V4 covers, all given unencoded.
///
/// The HTTP client must send the URL `scheme://host + SigV4Signer.encodePath(path)` followed by
/// `"?" + SigV4Signer.canonicalQuery(query)` when `query` is not empty, so that what goes on the wire is
/// byte for byte what was signed.
public struct SignableRequest: Sendable {
    /// The HTTP method, e.g. `GET` or `PUT`.
    public var method: String
    /// Exactly the `Host` header that will be sent, port included when it is not the scheme's default: `127.0.0.1:8333`.
    public var host: String
    /// The unencoded path, e.g. `/analytics-data/reports/a b/ü+=~%.json`.
    public var path: String
    /// Unencoded query parameters in any order; names may repeat and values may be empty.
    public var query: [(name: String, value: String)]
    /// Extra headers to sign (content-type, if-none-match, range, x-amz-meta-…), as they will be sent.
    public var headers: [(name: String, value: String)]

    /// Creates a request description to sign.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - host: The `Host` header value, port included when non-default.
    ///   - path: The unencoded path.
    ///   - query: Unencoded query parameters.
    ///   - headers: Extra headers to sign.
    public init(
        method: String,
        host: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = []
    ) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
    }
}
