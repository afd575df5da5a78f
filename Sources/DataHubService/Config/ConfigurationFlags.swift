/// The raw values given on the command line, before the environment and defaults are applied.
/// Every field is optional: `nil` means "not given".
public struct ConfigurationFlags: Sendable {
    public var apiOnly = false
    public var host: String?
    public var port: String?
    public var storage: String?
    public var dataDirectory: String?
    public var s3Endpoint: String?
    public var bucket: String?
    public var accessKey: String?
    public var secretKeyFile: String?
    public var region: String?
    public var s3CAFile: String?
    public var s3ConnectTimeout: String?
    public var s3IdleTimeout: String?
    public var s3RequestTimeout: String?
    public var s3Workers: String?
    public var s3Transport: String?
    public var healthInterval: String?
    public var healthTimeout: String?
    public var idempotencyTTL: String?
    public var apiKeysFile: String?
    public var insecureNoAuth = false
    /// `--read-only`.
    public var readOnly = false
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var maxUploadMB: String?
    public var maxBatchLines: String?
    public var logDirectory: String?

    /// No flags given.
    public init() {}
}
