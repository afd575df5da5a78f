public import DataHubStorage
import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import ServiceLifecycle

/// Everything one DataHub process runs: the service layer (also used by the dashboard), the HTTP
/// application and the health monitor.
public struct DataHubApp: Sendable {
    /// The service layer.
    public let service: DataService
    /// The HTTP application.
    public let application: Application<RouterResponder<DataHubRequestContext>>

    /// The services to run in one `ServiceGroup`: the monitor first, then the HTTP server.
    public var services: [any Service] { [service.monitor, application] }
}

/// Builds the router with every route and middleware; the binary and the tests both call it.
/// - Parameters:
///   - service: the service layer the routes call.
///   - spoolDirectory: where uploads over 8 MiB are spooled.
public func buildRouter(_ service: DataService, spoolDirectory: String = NSTemporaryDirectory()) -> Router<DataHubRequestContext> {
    let router = Router(context: DataHubRequestContext.self)
    router.add(middleware: APIMiddleware(status: service.status, metrics: service.metrics))
    router.add(middleware: APIKeyMiddleware(keys: service.configuration.apiKeys))
    if service.configuration.readOnly { router.add(middleware: ReadOnlyMiddleware()) }
    InfoRoutes(service: service).register(on: router)
    DataRoutes(service: service, spoolDirectory: spoolDirectory).register(on: router)
    ExportRoutes(service: service).register(on: router)
    return router
}

/// Builds the whole application over a store.
/// - Parameters:
///   - configuration: the resolved configuration.
///   - storage: the store (S3 or file).
///   - logger: the logger for requests and the monitor.
///   - status: the live status board (the dashboard passes its own to read it).
///   - onServerRunning: called with the bound port once the server listens.
/// - Throws: `ConfigurationError` when the TLS certificate or key cannot be loaded, or the OpenAPI document (a
///   resource beside the binary) is missing.
public func buildApplication(
    configuration: DataHubConfiguration,
    storage: any Storage,
    logger: Logger,
    status: StatusCenter = StatusCenter(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> DataHubApp {
    _ = try OpenAPIDocument.text()
    let metrics = APIMetrics()
    let monitor = HealthMonitor(
        storage: storage,
        status: status,
        interval: configuration.healthInterval,
        timeout: configuration.healthTimeout,
        logger: logger
    )
    let service = DataService(storage: storage, configuration: configuration, status: status, metrics: metrics, monitor: monitor, logger: logger)
    let application = Application(
        router: buildRouter(service),
        server: try serverBuilder(configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "DataHub"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
    return DataHubApp(service: service, application: application)
}

/// Plain HTTP/1.1, or HTTPS when a certificate and key are configured. Idle connections close after 60 s,
/// so slow or abandoned clients cannot hold connections forever.
func serverBuilder(_ configuration: DataHubConfiguration) throws -> HTTPServerBuilder {
    let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(60)))
    guard let certificatePath = configuration.tlsCertificate, let keyPath = configuration.tlsKey else { return http }
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey
    do {
        chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
    } catch {
        throw ConfigurationError("--tls-cert / DATAHUB_TLS_CERT: cannot load a PEM certificate from '\(certificatePath)'")
    }
    do {
        key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
    } catch {
        throw ConfigurationError("--tls-key / DATAHUB_TLS_KEY: cannot load a PEM private key from '\(keyPath)'")
    }
    let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    return try .tls(http, tlsConfiguration: tls)
}
