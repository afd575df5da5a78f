import DataHubService
import DataHubStorage
import Dispatch
import EventLoopExecutor
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import UnixSignals

/// Builds the store and the application from a resolved configuration, and runs them until shutdown.
struct Runner {
    let configuration: DataHubConfiguration

    /// Runs to completion; returns the process exit status.
    func run() throws -> Int32 {
        let logger = Logger(label: "datahub")
        let storage: any Storage
        do {
            storage = try makeStorage(configuration: configuration, logger: logger)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("datahub: \(error.message)\n".utf8))
            return 2
        }
        let status = StatusCenter()
        // Dashboard mode: the screen's mailbox exists before the app, so the bound port can reach the title bar.
        let mailbox = configuration.apiOnly ? nil : try? DashboardMailbox()
        let scheme = configuration.tlsCertificate == nil ? "http" : "https"
        let host = configuration.host
        let app: DataHubApp
        do {
            app = try buildApplication(configuration: configuration, storage: storage, logger: logger, status: status) { port in
                logger.notice("DataHub listening", metadata: ["url": "\(scheme)://\(host):\(port)"])
                status.record(.info, "API listening on \(scheme)://\(host):\(port)")
                mailbox?.post(.apiAddress("\(scheme)://\(host):\(port)"))
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("datahub: \(error.message)\n".utf8))
            return 2
        }
        logger.notice("DataHub starting", metadata: ["configuration": "\(configuration)"])
        if !configuration.bindsLoopback, configuration.tlsCertificate == nil {
            logger.warning("serving plain HTTP off loopback: API keys and data travel in clear text; use --tls-cert/--tls-key or a TLS proxy")
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: app.services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        let failure = NIOLockedValueBox<String?>(nil)
        let finished = DispatchSemaphore(value: 0)
        // Every task of the group (the server's connections are child tasks) prefers the event loops: see
        // `EventLoopTaskExecutor`.
        Task.detached(executorPreference: EventLoopTaskExecutor.shared) {
            do {
                try await group.run()
            } catch is CancellationError {
                // A service that ends by cancellation during the graceful shutdown is a clean stop.
            } catch {
                failure.withLockedValue { $0 = String(describing: error) }
            }
            await storage.shutdown()
            mailbox?.stop()
            finished.signal()
        }
        if let mailbox {
            // The screen loop owns the main thread until `q` (or the group ends after SIGINT/SIGTERM).
            Dashboard(service: app.service, mailbox: mailbox) {
                Task { await group.triggerGracefulShutdown() }
            }.run()
            Task { await group.triggerGracefulShutdown() }
        }
        finished.wait()
        mailbox?.pipe.close()
        if let message = failure.withLockedValue({ $0 }) {
            logger.error("DataHub stopped with an error", metadata: ["error": "\(message)"])
            FileHandle.standardError.write(Data("datahub: \(message)\n".utf8))
            return 1
        }
        logger.notice("DataHub stopped")
        return 0
    }
}
