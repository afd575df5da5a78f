import Foundation
public import Logging
import S3Signer

/// Builds the store the configuration asks for.
/// - Throws: `ConfigurationError` when the store cannot be set up (an unreadable CA file, a bad endpoint).
public func makeStorage(configuration: DataHubConfiguration, logger: Logger) throws -> any Storage {
    switch configuration.storage {
    case .file:
        return FileStorage(directory: configuration.dataDirectory, bucket: configuration.bucket)
    case .s3:
        if let ca = configuration.s3CAFile, !FileManager.default.isReadableFile(atPath: ca) {
            throw ConfigurationError("--s3-ca-file / DATAHUB_S3_CA_FILE: cannot read '\(ca)'")
        }
        let s3 = S3Configuration(
            endpoint: configuration.s3Endpoint ?? "",
            bucket: configuration.bucket,
            region: configuration.region,
            credentials: S3Credentials(accessKey: configuration.accessKey ?? "", secretKey: configuration.secretKey ?? ""),
            caFile: configuration.s3CAFile,
            connectTimeout: configuration.s3ConnectTimeout,
            idleTimeout: configuration.s3IdleTimeout,
            requestTimeout: configuration.s3RequestTimeout,
            healthTimeout: configuration.healthTimeout,
            workers: configuration.s3Workers,
            transport: configuration.s3Transport
        )
        do {
            return try S3Storage(configuration: s3)
        } catch let error as StorageError where error.code == .badRequest && error.message.hasPrefix(StoreClient.caFileProblem) {
            // The NIO transport loads the CA file at start: a file that is readable but not PEM stops the start here.
            throw ConfigurationError("--s3-ca-file / DATAHUB_S3_CA_FILE: \(error.message)")
        } catch {
            throw ConfigurationError("--s3-endpoint / MINIO_ENDPOINT: \(error)")
        }
    }
}
