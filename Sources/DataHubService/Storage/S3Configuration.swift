import Foundation
public import S3Signer

/// How `S3Storage` sends its requests.
public enum S3Transport: String, Sendable, CaseIterable {
    /// SwiftNIO on DataHub's own event loops: no thread hop per request (the default).
    case nio
    /// libcurl's multi interface on a thread of its own.
    case curl
}

/// Where and how `S3Storage` reaches its bucket. Resolved once at start; `description` hides the secret.
public struct S3Configuration: Sendable, CustomStringConvertible {
    /// The store's base URL: `http://127.0.0.1:9000` or `https://…` (a bare `host:port` means `http://`).
    public var endpoint: String
    /// The bucket every object goes to.
    public var bucket: String
    /// The signing region (`us-east-1` for MinIO and SeaweedFS).
    public var region: String
    /// The access key and secret used to sign requests.
    public var credentials: S3Credentials
    /// A PEM file of CAs to trust for `https://` endpoints; `nil` uses the system's.
    public var caFile: String?
    /// How long connection setup (TCP, TLS) may take.
    public var connectTimeout: Duration
    /// A transfer that moves no byte for this long is aborted.
    public var idleTimeout: Duration
    /// Total limit for calls without a body (HEAD, LIST, DELETE, bucket calls).
    public var requestTimeout: Duration
    /// Total limit for the health probe.
    public var healthTimeout: Duration
    /// Transfers in flight at once (and so connections to the store); more requests wait for a slot.
    public var workers: Int
    /// The HTTP client for requests (the health probe always has its own curl thread and handle).
    public var transport: S3Transport

    /// Creates a configuration; timeouts default to the documented values (1 s, 5 s, 5 s, 1.5 s, 32 workers).
    public init(
        endpoint: String,
        bucket: String = "analytics-data",
        region: String = "us-east-1",
        credentials: S3Credentials,
        caFile: String? = nil,
        connectTimeout: Duration = .seconds(1),
        idleTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(5),
        healthTimeout: Duration = .milliseconds(1500),
        workers: Int = 32,
        transport: S3Transport = .nio
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.credentials = credentials
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.healthTimeout = healthTimeout
        self.workers = workers
        self.transport = transport
    }

    public var description: String {
        "S3Configuration(endpoint: \(endpoint), bucket: \(bucket), region: \(region), accessKey: \(credentials.accessKey), "
            + "secretKey: ***, caFile: \(caFile ?? "system"), connectTimeout: \(connectTimeout), idleTimeout: \(idleTimeout), "
            + "requestTimeout: \(requestTimeout), healthTimeout: \(healthTimeout), workers: \(workers), transport: \(transport))"
    }
}

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
