import Foundation
public import S3Signer

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
