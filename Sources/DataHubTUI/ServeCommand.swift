import ArgumentParser
import DataHubService
import EventLoopExecutor
import Foundation
import Logging

/// Runs DataHub: the HTTP API, with the dashboard on this terminal unless `--api-only`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the API (and the dashboard unless --api-only). Flags win over environment variables.",
        discussion: "Secrets are never taken as plain flags: give the S3 secret in MINIO_SECRET_KEY or a file."
    )

    @Flag(help: "Run headless: no dashboard, logs to stdout too.") var apiOnly = false
    @Option(help: "Address to bind (DATAHUB_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port (DATAHUB_PORT; default 5000).") var port: String?
    @OptionGroup var storageOptions: StorageOptions
    @Option(help: "Time between health probes (DATAHUB_HEALTH_INTERVAL; default 1s).") var healthInterval: String?
    @Option(help: "A slower probe counts as failed (DATAHUB_HEALTH_TIMEOUT; default 1.5s).") var healthTimeout: String?
    @Option(help: "How long Idempotency-Key markers last (DATAHUB_IDEMPOTENCY_TTL; default 24h).") var idempotencyTtl: String?
    @Option(help: "File of API keys, one per line (or DATAHUB_API_KEYS / DATAHUB_API_KEYS_FILE).") var apiKeysFile: String?
    @Flag(help: "Allow a non-loopback address without API keys (DATAHUB_INSECURE_NO_AUTH).") var insecureNoAuth = false
    @Flag(help: "Refuse POST and DELETE on /data and below with 403 (DATAHUB_READ_ONLY).") var readOnly = false
    @Option(help: "TLS certificate chain, PEM (DATAHUB_TLS_CERT).") var tlsCert: String?
    @Option(help: "TLS private key, PEM (DATAHUB_TLS_KEY).") var tlsKey: String?
    @Option(help: "Largest upload in MiB (DATAHUB_MAX_UPLOAD_MB; default 100).") var maxUploadMb: String?
    @Option(help: "Most documents in one POST /data/batch (DATAHUB_MAX_BATCH_LINES; default 10000).") var maxBatchLines: String?
    @Option(help: "Log directory (DATAHUB_LOG_DIR; default logs/data-app).") var logDir: String?

    var flags: ConfigurationFlags {
        var flags = ConfigurationFlags()
        flags.apiOnly = apiOnly
        flags.host = host
        flags.port = port
        storageOptions.apply(to: &flags)
        flags.healthInterval = healthInterval
        flags.healthTimeout = healthTimeout
        flags.idempotencyTTL = idempotencyTtl
        flags.apiKeysFile = apiKeysFile
        flags.insecureNoAuth = insecureNoAuth
        flags.readOnly = readOnly
        flags.tlsCertificate = tlsCert
        flags.tlsKey = tlsKey
        flags.maxUploadMB = maxUploadMb
        flags.maxBatchLines = maxBatchLines
        flags.logDirectory = logDir
        return flags
    }

    func run() throws {
        // Before any task starts: handlers then run on the event loops that serve them (no extra thread hops).
        EventLoopGlobalExecutor.install()
        let config: DataHubConfiguration
        let writer: LogFileWriter
        do {
            let resolver = ConfigurationResolver(environment: ProcessInfo.processInfo.environment) { path in
                try String(contentsOfFile: path, encoding: .utf8)
            }
            config = try resolver.resolve(flags)
            writer = try LogFileWriter(directory: config.logDirectory, toStdout: config.apiOnly)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("datahub: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, writer: writer) }
        defer { writer.close() }
        let exitCode = try Runner(configuration: config).run()
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
