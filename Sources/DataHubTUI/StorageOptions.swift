import ArgumentParser
import DataHubService

/// The flags that say which store to use and how to reach it, shared by `serve` and `verify`.
struct StorageOptions: ParsableArguments {
    @Option(help: "s3 or file (DATAHUB_STORAGE; default s3 when an endpoint is set).") var storage: String?
    @Option(help: "Embedded store directory (DATAHUB_DATA_DIR; default ./data).") var dataDir: String?
    @Option(help: "S3 endpoint, host:port or http(s)://host:port (MINIO_ENDPOINT).") var s3Endpoint: String?
    @Option(help: "Bucket (BUCKET_NAME; default analytics-data).") var bucket: String?
    @Option(help: "S3 access key (MINIO_ACCESS_KEY).") var accessKey: String?
    @Option(help: "File holding the S3 secret key (or MINIO_SECRET_KEY / MINIO_SECRET_KEY_FILE).") var secretKeyFile: String?
    @Option(help: "Signing region (DATAHUB_REGION; default us-east-1).") var region: String?
    @Option(help: "CA bundle for https endpoints (DATAHUB_S3_CA_FILE).") var s3CaFile: String?
    @Option(help: "S3 connect timeout, e.g. 1s (DATAHUB_S3_CONNECT_TIMEOUT).") var s3ConnectTimeout: String?
    @Option(help: "Abort a transfer idle this long (DATAHUB_S3_IDLE_TIMEOUT; default 5s).") var s3IdleTimeout: String?
    @Option(help: "Total timeout of calls without a body (DATAHUB_S3_REQUEST_TIMEOUT; default 5s).") var s3RequestTimeout: String?
    @Option(help: "S3 transfers in flight at once, i.e. connections to the store (DATAHUB_S3_WORKERS; default 32).") var s3Workers: String?
    @Option(help: "How requests reach S3: nio (on the event loops, the default) or curl (libcurl on a thread of its own) (DATAHUB_S3_TRANSPORT).")
    var s3Transport: String?

    /// Copies these flags into the set the configuration resolver reads.
    func apply(to flags: inout ConfigurationFlags) {
        flags.storage = storage
        flags.dataDirectory = dataDir
        flags.s3Endpoint = s3Endpoint
        flags.bucket = bucket
        flags.accessKey = accessKey
        flags.secretKeyFile = secretKeyFile
        flags.region = region
        flags.s3CAFile = s3CaFile
        flags.s3ConnectTimeout = s3ConnectTimeout
        flags.s3IdleTimeout = s3IdleTimeout
        flags.s3RequestTimeout = s3RequestTimeout
        flags.s3Workers = s3Workers
        flags.s3Transport = s3Transport
    }
}
