import Foundation
public import S3Signer

/// An endpoint split into the parts a request needs.
struct S3Endpoint: Sendable, Equatable {
    /// `http` or `https`.
    var scheme: String
    /// `host[:port]`, exactly as sent in the `Host` header and signed.
    var host: String

    /// `scheme://host`, the prefix of every URL.
    var base: String { "\(scheme)://\(host)" }

    /// Parses `http://host:port`, `https://host` or a bare `host:port`.
    /// - Throws: `StorageError.badRequest` naming the problem when the endpoint is not usable.
    init(parsing endpoint: String) throws(StorageError) {
        var rest = Substring(endpoint.trimmingWhitespace())
        var scheme = "http"
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard scheme == "http" || scheme == "https" else {
            throw StorageError(.badRequest, "The S3 endpoint '\(endpoint)' must start with http:// or https://.")
        }
        // Visible ASCII only: the host goes into every request's `Host` header as it is.
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), rest.isVisibleASCII else {
            throw StorageError(.badRequest, "The S3 endpoint '\(endpoint)' must be scheme://host[:port] with no path; fix --s3-endpoint.")
        }
        self.scheme = scheme
        self.host = String(rest)
    }
}
