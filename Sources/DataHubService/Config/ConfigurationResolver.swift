import DataHubStorage

/// Turns flags, environment and defaults into one validated `DataHubConfiguration`.
///
/// Flags win over the environment, the environment over defaults. The environment and file reading are
/// passed in, so the resolver reads nothing global and tests can drive it completely.
public struct ConfigurationResolver: Sendable {
    /// Environment variables (usually `ProcessInfo.processInfo.environment`).
    public var environment: [String: String]
    /// Reads a small text file (secrets, key lists); throws when it cannot.
    public var readFile: @Sendable (String) throws -> String

    /// Creates a resolver.
    public init(environment: [String: String], readFile: @escaping @Sendable (String) throws -> String) {
        self.environment = environment
        self.readFile = readFile
    }

    /// Resolves and validates the configuration.
    /// - Throws: `ConfigurationError` naming the flag and the variable of the first bad value.
    public func resolve(_ flags: ConfigurationFlags) throws -> DataHubConfiguration {
        var config = DataHubConfiguration()
        config.apiOnly = flags.apiOnly
        try resolveServer(flags, into: &config)
        try resolveStorage(flags, into: &config)
        try resolveTimeouts(flags, into: &config)
        try resolveSecurity(flags, into: &config)
        return config
    }

    private func resolveServer(_ flags: ConfigurationFlags, into config: inout DataHubConfiguration) throws {
        if let host = pick(flags.host, "DATAHUB_HOST") {
            guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
                throw ConfigurationError("--host / DATAHUB_HOST: '\(host)' is not a host name or address")
            }
            config.host = host
        }
        if let port = pick(flags.port, "DATAHUB_PORT") {
            config.port = try integer(port, in: 0...65535, "--port / DATAHUB_PORT")
        }
        if let mb = pick(flags.maxUploadMB, "DATAHUB_MAX_UPLOAD_MB") {
            config.maxUploadBytes = try integer(mb, in: 1...1_048_576, "--max-upload-mb / DATAHUB_MAX_UPLOAD_MB") * 1_048_576
        }
        if let lines = pick(flags.maxBatchLines, "DATAHUB_MAX_BATCH_LINES") {
            config.maxBatchLines = try integer(lines, in: 1...1_000_000, "--max-batch-lines / DATAHUB_MAX_BATCH_LINES")
        }
        if let dir = pick(flags.logDirectory, "DATAHUB_LOG_DIR") {
            guard !dir.isEmpty else { throw ConfigurationError("--log-dir / DATAHUB_LOG_DIR: the directory is empty") }
            config.logDirectory = dir
        }
    }

    private func resolveStorage(_ flags: ConfigurationFlags, into config: inout DataHubConfiguration) throws {
        if let endpoint = pick(flags.s3Endpoint, "MINIO_ENDPOINT"), !endpoint.isEmpty {
            config.s3Endpoint = try Self.normalizeEndpoint(endpoint)
        }
        if let kind = pick(flags.storage, "DATAHUB_STORAGE") {
            guard let parsed = StorageKind(rawValue: kind.lowercased()) else {
                throw ConfigurationError("--storage / DATAHUB_STORAGE: '\(kind)' is not one of s3, file")
            }
            config.storage = parsed
        } else {
            config.storage = config.s3Endpoint == nil ? .file : .s3
        }
        if let dir = pick(flags.dataDirectory, "DATAHUB_DATA_DIR") { config.dataDirectory = dir }
        if let bucket = pick(flags.bucket, "BUCKET_NAME") {
            guard Self.isValidBucketName(bucket) else {
                throw ConfigurationError("--bucket / BUCKET_NAME: '\(bucket)' is not a valid bucket name (3-63 of a-z 0-9 . -)")
            }
            config.bucket = bucket
        }
        if let region = pick(flags.region, "DATAHUB_REGION") { config.region = region }
        if let ca = pick(flags.s3CAFile, "DATAHUB_S3_CA_FILE") { config.s3CAFile = ca }
        config.accessKey = pick(flags.accessKey, "MINIO_ACCESS_KEY")
        config.secretKey = try secretKey(flags)
        if let workers = pick(flags.s3Workers, "DATAHUB_S3_WORKERS") {
            config.s3Workers = try integer(workers, in: 1...512, "--s3-workers / DATAHUB_S3_WORKERS")
        }
        if let transport = pick(flags.s3Transport, "DATAHUB_S3_TRANSPORT") {
            guard let parsed = S3Transport(rawValue: transport.lowercased()) else {
                throw ConfigurationError("--s3-transport / DATAHUB_S3_TRANSPORT: '\(transport)' is not one of nio, curl")
            }
            config.s3Transport = parsed
        }
        guard config.storage == .s3 else { return }
        guard config.s3Endpoint != nil else {
            throw ConfigurationError("--storage s3 needs an endpoint: set --s3-endpoint or MINIO_ENDPOINT")
        }
        guard let key = config.accessKey, !key.isEmpty else {
            throw ConfigurationError("--access-key / MINIO_ACCESS_KEY: required for s3 storage")
        }
        guard let secret = config.secretKey, !secret.isEmpty else {
            throw ConfigurationError("--secret-key-file / MINIO_SECRET_KEY / MINIO_SECRET_KEY_FILE: required for s3 storage")
        }
    }

    private func secretKey(_ flags: ConfigurationFlags) throws -> String? {
        if let file = flags.secretKeyFile {
            return try readSecret(file, "--secret-key-file")
        }
        if let value = environment["MINIO_SECRET_KEY"] { return value }
        if let file = environment["MINIO_SECRET_KEY_FILE"] {
            return try readSecret(file, "MINIO_SECRET_KEY_FILE")
        }
        return nil
    }

    private func readSecret(_ path: String, _ source: String) throws -> String {
        do {
            return try readFile(path).trimmingWhitespace()
        } catch {
            throw ConfigurationError("\(source): cannot read '\(path)'")
        }
    }

    private func resolveTimeouts(_ flags: ConfigurationFlags, into config: inout DataHubConfiguration) throws {
        let limit = Duration.seconds(3600)
        if let v = pick(flags.s3ConnectTimeout, "DATAHUB_S3_CONNECT_TIMEOUT") {
            config.s3ConnectTimeout = try duration(v, max: limit, "--s3-connect-timeout / DATAHUB_S3_CONNECT_TIMEOUT")
        }
        if let v = pick(flags.s3IdleTimeout, "DATAHUB_S3_IDLE_TIMEOUT") {
            config.s3IdleTimeout = try duration(v, max: limit, "--s3-idle-timeout / DATAHUB_S3_IDLE_TIMEOUT")
        }
        if let v = pick(flags.s3RequestTimeout, "DATAHUB_S3_REQUEST_TIMEOUT") {
            config.s3RequestTimeout = try duration(v, max: limit, "--s3-request-timeout / DATAHUB_S3_REQUEST_TIMEOUT")
        }
        if let v = pick(flags.healthInterval, "DATAHUB_HEALTH_INTERVAL") {
            config.healthInterval = try duration(v, max: limit, "--health-interval / DATAHUB_HEALTH_INTERVAL")
        }
        if let v = pick(flags.healthTimeout, "DATAHUB_HEALTH_TIMEOUT") {
            config.healthTimeout = try duration(v, max: limit, "--health-timeout / DATAHUB_HEALTH_TIMEOUT")
        }
        if let v = pick(flags.idempotencyTTL, "DATAHUB_IDEMPOTENCY_TTL") {
            config.idempotencyTTL = try duration(v, max: .seconds(365 * 86400), "--idempotency-ttl / DATAHUB_IDEMPOTENCY_TTL")
        }
    }

    private func resolveSecurity(_ flags: ConfigurationFlags, into config: inout DataHubConfiguration) throws {
        if let file = flags.apiKeysFile ?? environment["DATAHUB_API_KEYS_FILE"] {
            let source = flags.apiKeysFile != nil ? "--api-keys-file" : "DATAHUB_API_KEYS_FILE"
            config.apiKeys = try Self.parseKeys(readSecret(file, source), separators: "\n,", source)
        } else if let list = environment["DATAHUB_API_KEYS"] {
            config.apiKeys = try Self.parseKeys(list, separators: ",", "DATAHUB_API_KEYS")
        }
        config.insecureNoAuth = flags.insecureNoAuth || Self.isTrue(environment["DATAHUB_INSECURE_NO_AUTH"])
        config.readOnly = flags.readOnly || Self.isTrue(environment["DATAHUB_READ_ONLY"])
        config.tlsCertificate = pick(flags.tlsCertificate, "DATAHUB_TLS_CERT")
        config.tlsKey = pick(flags.tlsKey, "DATAHUB_TLS_KEY")
        if (config.tlsCertificate == nil) != (config.tlsKey == nil) {
            throw ConfigurationError("--tls-cert / DATAHUB_TLS_CERT and --tls-key / DATAHUB_TLS_KEY must be given together")
        }
        if !config.bindsLoopback, config.apiKeys.isEmpty, !config.insecureNoAuth {
            throw ConfigurationError(
                "--host / DATAHUB_HOST: binding \(config.host) without API keys would expose the data; set --api-keys-file / DATAHUB_API_KEYS, or --insecure-no-auth"
            )
        }
    }

    private func pick(_ flag: String?, _ variable: String) -> String? {
        flag ?? environment[variable]
    }
}
