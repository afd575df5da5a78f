public import DataHubStorage
import Foundation
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Probes the store every `interval` and publishes UP/DOWN to the `StatusCenter`.
///
/// Requests never probe: they read the monitor's latest verdict. A request that fails as unavailable calls
/// `trigger()`, which starts the next probe at once. Whenever the store was down (and at start), the monitor
/// first makes sure the bucket exists, so a fresh MinIO volume gets its bucket back without a restart.
public final class HealthMonitor: Service, Sendable {
    private let storage: any Storage
    private let status: StatusCenter
    private let interval: Duration
    private let timeout: Duration
    private let logger: Logger
    private let triggered = NIOLockedValueBox(false)
    private let needsBucketCheck = NIOLockedValueBox(true)

    /// Creates a monitor; it starts probing when run as a service.
    public init(storage: any Storage, status: StatusCenter, interval: Duration, timeout: Duration, logger: Logger) {
        self.storage = storage
        self.status = status
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    /// Asks for a probe now (coalesced with one already pending).
    public func trigger() {
        triggered.withLockedValue { $0 = true }
    }

    /// Probes until graceful shutdown.
    public func run() async throws {
        // Shutdown cancels the sleep between probes; that is the normal way out, not an error.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.probeOnce()
                try await self.waitForNextProbe()
            }
        }
    }

    /// Runs one probe (or bucket check) and records its result.
    public func probeOnce() async {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            if needsBucketCheck.withLockedValue({ $0 }) {
                try await storage.ensureBucket()
                needsBucketCheck.withLockedValue { $0 = false }
            } else {
                try await storage.probe()
            }
            let elapsed = clock.now - start
            if elapsed > timeout, !needsBucketCheck.withLockedValue({ $0 }) {
                record(.failure(StorageError(.unavailable, "storage answered too slowly (\(StatusCenter.format(elapsed)))")))
            } else {
                record(.success(elapsed))
            }
        } catch let error as StorageError {
            if error.code == .notFound { needsBucketCheck.withLockedValue { $0 = true } }
            record(.failure(error))
        } catch {
            record(.failure(StorageError(.unavailable, "storage probe failed", cause: String(describing: error))))
        }
    }

    private func record(_ result: Result<Duration, StorageError>) {
        switch status.recordProbe(result) {
        case .none: break
        case .wentDown:
            needsBucketCheck.withLockedValue { $0 = true }
            if case .failure(let error) = result {
                logger.warning("storage DOWN", metadata: ["error": "\(error.message)", "cause": "\(error.cause ?? "")"])
            }
        case .wentUp(let outage):
            logger.notice("storage UP", metadata: ["outage_ms": "\(outage.map { $0.components.seconds * 1000 } ?? 0)"])
        }
    }

    /// Sleeps until the interval has passed or `trigger()` was called, in short steps so a trigger is
    /// noticed within 50 ms without any extra task or stream.
    private func waitForNextProbe() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + interval
        while clock.now < deadline {
            if triggered.withLockedValue({ flag in
                defer { flag = false }
                return flag
            }) {
                return
            }
            try await Task.sleep(for: min(.milliseconds(50), deadline - clock.now))
        }
    }
}
