public import DataHubStorage
import Foundation
public import Logging
import S3Signer

extension DataHubConfiguration {
    /// The storage layer's part of this configuration.
    public var storageConfiguration: StorageConfiguration {
        switch storage {
        case .file:
            return .file(directory: dataDirectory, bucket: bucket)
        case .s3:
            return .s3(
                S3Configuration(
                    endpoint: s3Endpoint ?? "",
                    bucket: bucket,
                    region: region,
                    credentials: S3Credentials(accessKey: accessKey ?? "", secretKey: secretKey ?? ""),
                    caFile: s3CAFile,
                    connectTimeout: s3ConnectTimeout,
                    idleTimeout: s3IdleTimeout,
                    requestTimeout: s3RequestTimeout,
                    healthTimeout: healthTimeout,
                    workers: s3Workers,
                    transport: s3Transport
                )
            )
        }
    }
}

/// Builds the store the configuration asks for.
/// - Throws: `ConfigurationError` naming the flag and variable when the store cannot be set up (an unreadable or
///   non-PEM CA file, a bad endpoint).
public func makeStorage(configuration: DataHubConfiguration, logger: Logger) throws -> any Storage {
    if configuration.storage == .s3, let ca = configuration.s3CAFile, !FileManager.default.isReadableFile(atPath: ca) {
        throw ConfigurationError("--s3-ca-file / DATAHUB_S3_CA_FILE: cannot read '\(ca)'")
    }
    do {
        return try StorageFactory.make(configuration.storageConfiguration)
    } catch let error as StorageError where error.message.hasPrefix(StorageFactory.caFileProblem) {
        // The NIO transport loads the CA file at start: a file that is readable but not PEM stops the start here.
        throw ConfigurationError("--s3-ca-file / DATAHUB_S3_CA_FILE: \(error.message)")
    } catch {
        throw ConfigurationError("--s3-endpoint / MINIO_ENDPOINT: \(error)")
    }
}
