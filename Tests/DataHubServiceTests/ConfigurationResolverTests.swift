import DataHubService
import DataHubStorage
import Foundation
import Logging
import Testing

@Suite struct ConfigurationResolverTests {
    struct MissingFile: Error {}

    func resolver(_ env: [String: String], files: [String: String] = [:]) -> ConfigurationResolver {
        ConfigurationResolver(environment: env) { path in
            guard let text = files[path] else { throw MissingFile() }
            return text
        }
    }

    @Test func defaultsMatchTheDesignTable() throws {
        let config = try resolver([:]).resolve(ConfigurationFlags())
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 5000)
        #expect(config.storage == .file)
        #expect(config.dataDirectory == "./data")
        #expect(config.bucket == "analytics-data")
        #expect(config.maxUploadBytes == 100 * 1_048_576)
        #expect(config.healthTimeout == .milliseconds(1500))
        #expect(config.s3Workers == 32)
        #expect(config.s3Transport == .nio)
        #expect(config.logDirectory == "logs/data-app")
    }

    /// Every duration of the README's configuration table at its default: connect 1 s, idle 5 s, request 5 s,
    /// health interval 1 s and timeout 1.5 s, idempotency TTL 24 h; also with an S3 endpoint (the S3 path).
    @Test func everyDurationDefaultsToTheREADMEValue() throws {
        for env in [[:], ["MINIO_ENDPOINT": "127.0.0.1:9000", "MINIO_ACCESS_KEY": "key", "MINIO_SECRET_KEY": "secret"]] {
            let config = try resolver(env).resolve(ConfigurationFlags())
            #expect(config.s3ConnectTimeout == .seconds(1))
            #expect(config.s3IdleTimeout == .seconds(5))
            #expect(config.s3RequestTimeout == .seconds(5))
            #expect(config.healthInterval == .seconds(1))
            #expect(config.healthTimeout == .milliseconds(1500))
            #expect(config.idempotencyTTL == .seconds(24 * 3600))
        }
    }

    @Test func originalVariablesSelectS3AndEndpointGetsAScheme() throws {
        let env = ["MINIO_ENDPOINT": "minio-server:9000", "MINIO_ACCESS_KEY": "ak", "MINIO_SECRET_KEY": "sk", "BUCKET_NAME": "my-bucket"]
        let config = try resolver(env).resolve(ConfigurationFlags())
        #expect(config.storage == .s3)
        #expect(config.s3Endpoint == "http://minio-server:9000")
        #expect(config.bucket == "my-bucket")
        #expect(config.secretKey == "sk")
    }

    @Test func transportComesFromFlagOrEnvironment() throws {
        #expect(try resolver(["DATAHUB_S3_TRANSPORT": "CURL"]).resolve(ConfigurationFlags()).s3Transport == .curl)
        var flags = ConfigurationFlags()
        flags.s3Transport = "nio"
        #expect(try resolver(["DATAHUB_S3_TRANSPORT": "curl"]).resolve(flags).s3Transport == .nio)
    }

    @Test func aCAFileThatIsNotPEMStopsTheStartNamingTheFlag() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-ca-\(UUID().uuidString).pem").path
        try Data("this is not a certificate\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = ["MINIO_ENDPOINT": "https://127.0.0.1:9", "MINIO_ACCESS_KEY": "ak", "MINIO_SECRET_KEY": "sk", "DATAHUB_S3_CA_FILE": path]
        let config = try resolver(env).resolve(ConfigurationFlags())
        do {
            let storage = try makeStorage(configuration: config, logger: Logger(label: "test"))
            Issue.record("a CA file that is not PEM was accepted: \(storage.location)")
        } catch let error as ConfigurationError {
            #expect(error.message.hasPrefix("--s3-ca-file / DATAHUB_S3_CA_FILE: Cannot use the CA file"), "\(error)")
        }
    }

    @Test func flagsWinOverEnvironment() throws {
        var flags = ConfigurationFlags()
        flags.port = "6000"
        flags.s3Endpoint = "https://s3.local:9443/"
        flags.accessKey = "flag-key"
        flags.secretKeyFile = "/secret"
        let env = ["DATAHUB_PORT": "7000", "MINIO_ENDPOINT": "other:1", "MINIO_ACCESS_KEY": "env-key", "MINIO_SECRET_KEY": "env-secret"]
        let config = try resolver(env, files: ["/secret": "file-secret\n"]).resolve(flags)
        #expect(config.port == 6000)
        #expect(config.s3Endpoint == "https://s3.local:9443")
        #expect(config.accessKey == "flag-key")
        #expect(config.secretKey == "file-secret")
    }

    @Test(arguments: [
        (["DATAHUB_PORT": "70000"], "--port / DATAHUB_PORT"),
        (["DATAHUB_STORAGE": "ftp"], "--storage / DATAHUB_STORAGE"),
        (["DATAHUB_STORAGE": "s3"], "--s3-endpoint or MINIO_ENDPOINT"),
        (["MINIO_ENDPOINT": "http://h:1"], "--access-key / MINIO_ACCESS_KEY"),
        (["MINIO_ENDPOINT": "http://h:1", "MINIO_ACCESS_KEY": "a"], "MINIO_SECRET_KEY"),
        (["MINIO_ENDPOINT": "ftp://h:1"], "--s3-endpoint / MINIO_ENDPOINT"),
        (["DATAHUB_HEALTH_TIMEOUT": "soon"], "--health-timeout / DATAHUB_HEALTH_TIMEOUT"),
        (["DATAHUB_MAX_UPLOAD_MB": "0"], "--max-upload-mb / DATAHUB_MAX_UPLOAD_MB"),
        (["DATAHUB_MAX_BATCH_LINES": "0"], "--max-batch-lines / DATAHUB_MAX_BATCH_LINES"),
        (["BUCKET_NAME": "Bad_Bucket"], "--bucket / BUCKET_NAME"),
        (["DATAHUB_S3_TRANSPORT": "http2"], "--s3-transport / DATAHUB_S3_TRANSPORT"),
        (["DATAHUB_HOST": "0.0.0.0"], "--host / DATAHUB_HOST"),
        (["DATAHUB_API_KEYS": "short"], "DATAHUB_API_KEYS"),
        (["DATAHUB_TLS_CERT": "/c.pem"], "--tls-key / DATAHUB_TLS_KEY"),
        (["MINIO_SECRET_KEY_FILE": "/nope"], "MINIO_SECRET_KEY_FILE: cannot read '/nope'"),
    ])
    func badValuesNameTheirSource(env: [String: String], expected: String) {
        #expect {
            try resolver(env).resolve(ConfigurationFlags())
        } throws: { error in
            (error as? ConfigurationError)?.message.contains(expected) == true
        }
    }

    @Test func maxBatchLinesDefaultsTo10000AndTheFlagWinsOverTheEnvironment() throws {
        #expect(try resolver([:]).resolve(ConfigurationFlags()).maxBatchLines == 10_000)
        #expect(try resolver(["DATAHUB_MAX_BATCH_LINES": "250"]).resolve(ConfigurationFlags()).maxBatchLines == 250)
        var flags = ConfigurationFlags()
        flags.maxBatchLines = "40"
        #expect(try resolver(["DATAHUB_MAX_BATCH_LINES": "250"]).resolve(flags).maxBatchLines == 40)
    }

    @Test func nonLoopbackNeedsKeysOrTheExplicitFlag() throws {
        var flags = ConfigurationFlags()
        flags.host = "0.0.0.0"
        flags.insecureNoAuth = true
        #expect(try resolver([:]).resolve(flags).host == "0.0.0.0")
        let keyed = try resolver(["DATAHUB_HOST": "0.0.0.0", "DATAHUB_API_KEYS": "0123456789abcdef,fedcba9876543210"]).resolve(ConfigurationFlags())
        #expect(keyed.apiKeys.count == 2)
    }

    @Test func durationsAcceptUnits() throws {
        let env = ["DATAHUB_HEALTH_INTERVAL": "250ms", "DATAHUB_S3_IDLE_TIMEOUT": "2.5", "DATAHUB_IDEMPOTENCY_TTL": "1h"]
        let config = try resolver(env).resolve(ConfigurationFlags())
        #expect(config.healthInterval == .milliseconds(250))
        #expect(config.s3IdleTimeout == .milliseconds(2500))
        #expect(config.idempotencyTTL == .seconds(3600))
    }

    @Test func descriptionNeverShowsSecrets() throws {
        let env = [
            "MINIO_ENDPOINT": "h:1", "MINIO_ACCESS_KEY": "AKIDVISIBLE", "MINIO_SECRET_KEY": "TOPSECRET",
            "DATAHUB_API_KEYS": "apikey-0123456789abcdef",
        ]
        let text = try resolver(env).resolve(ConfigurationFlags()).description
        #expect(!text.contains("TOPSECRET"))
        #expect(!text.contains("apikey-0123456789abcdef"))
        #expect(!text.contains("AKIDVISIBLE"))
    }
}
