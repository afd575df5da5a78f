import DataHubStorage

/// The whole configuration of one DataHub process: resolved once at start from flags, environment and
/// defaults (in that order of precedence), validated, and immutable afterwards.
public struct DataHubConfiguration: Sendable {
    /// Address the HTTP API binds to.
    public var host: String = "127.0.0.1"
    /// Port the HTTP API listens on (0 picks a free one).
    public var port: Int = 5000
    /// Headless mode: no dashboard, logs also to stdout.
    public var apiOnly: Bool = false
    /// Which backend holds the data.
    public var storage: StorageKind = .file
    /// Directory of the embedded file store.
    public var dataDirectory: String = "./data"
    /// The S3 endpoint URL, always with a scheme (`http://127.0.0.1:9000`).
    public var s3Endpoint: String?
    /// The bucket.
    public var bucket: String = "analytics-data"
    /// S3 access key id.
    public var accessKey: String?
    /// S3 secret key. Never printed.
    public var secretKey: String?
    /// Signing region.
    public var region: String = "us-east-1"
    /// CA bundle for `https://` endpoints; `nil` uses the system's.
    public var s3CAFile: String?
    /// Connect timeout for S3 calls.
    public var s3ConnectTimeout: Duration = .seconds(1)
    /// A transfer moving no byte for this long is aborted.
    public var s3IdleTimeout: Duration = .seconds(5)
    /// Total timeout of S3 calls without a body.
    public var s3RequestTimeout: Duration = .seconds(5)
    /// S3 transfers in flight at once, over all event loops (or on the curl thread with the curl transport).
    public var s3Workers: Int = 32
    /// How requests reach the store: SwiftNIO on the event loops, or libcurl on a thread of its own.
    public var s3Transport: S3Transport = .nio
    /// Time between health probes.
    public var healthInterval: Duration = .seconds(1)
    /// A probe taking longer than this counts as failed.
    public var healthTimeout: Duration = .milliseconds(1500)
    /// How long `Idempotency-Key` markers are honoured.
    public var idempotencyTTL: Duration = .seconds(24 * 3600)
    /// Accepted API keys; empty means no authentication.
    public var apiKeys: [String] = []
    /// Allows binding a non-loopback address without API keys.
    public var insecureNoAuth: Bool = false
    /// Refuses `POST` and `DELETE` on `/data…` (403 `read_only`); the console's write keys do nothing.
    public var readOnly: Bool = false
    /// TLS certificate chain (PEM) for serving HTTPS.
    public var tlsCertificate: String?
    /// TLS private key (PEM) for serving HTTPS.
    public var tlsKey: String?
    /// Largest accepted upload, in bytes.
    public var maxUploadBytes: Int = 100 * 1_048_576
    /// Most documents in one `POST /data/batch`.
    public var maxBatchLines: Int = 10_000
    /// Directory of `datahub.log`.
    public var logDirectory: String = "logs/data-app"

    /// The defaults of the design's configuration table.
    public init() {}

    /// True when the API address is a loopback one.
    public var bindsLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Where the data lives, for titles and logs; never contains a secret.
    public var storageLocation: String {
        switch storage {
        case .s3: s3Endpoint ?? "(no endpoint)"
        case .file: "file:\(dataDirectory)"
        }
    }
}

extension DataHubConfiguration: CustomStringConvertible {
    /// A one-line summary with every secret replaced by `***`.
    public var description: String {
        var parts = [
            "host=\(host)", "port=\(port)", "storage=\(storage.rawValue)", "bucket=\(bucket)",
            "location=\(storageLocation)", "region=\(region)", "max_upload_bytes=\(maxUploadBytes)", "max_batch_lines=\(maxBatchLines)",
            "api_keys=\(apiKeys.isEmpty ? "none" : "\(apiKeys.count) x ***")",
        ]
        if accessKey != nil { parts.append("access_key=***") }
        if secretKey != nil { parts.append("secret_key=***") }
        if tlsCertificate != nil { parts.append("tls=on") }
        if readOnly { parts.append("read_only=on") }
        return parts.joined(separator: " ")
    }
}
