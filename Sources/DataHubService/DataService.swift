import DataHubStorage
import Foundation
import Logging
import NIOCore

/// The service layer: every storage operation the HTTP routes and the dashboard perform goes through here.
///
/// It refuses at once while the health monitor says DOWN (so a dead store costs nobody a timeout), triggers an
/// immediate probe when a call fails as unavailable, records call latency, and hides DataHub's reserved
/// `.datahub/` folder from listings.
public final class DataService: Sendable {
    /// The store.
    public let storage: any Storage
    /// Live status (health, counters, activity).
    public let status: StatusCenter
    /// The health monitor (run it as a service).
    public let monitor: HealthMonitor
    /// Metrics registry.
    public let metrics: APIMetrics
    /// The resolved configuration.
    public let configuration: DataHubConfiguration
    /// Where the service's own findings go (a damaged object); requests are logged by the middleware.
    let logger: Logger

    /// The folder DataHub keeps its own markers in; never listed, never writable through the API.
    public static let reservedPrefix = ".datahub/"
    /// Bodies up to this size are held in memory; larger ones are spooled or streamed.
    public static let inMemoryLimit = 8 * 1_048_576

    /// Creates the service layer over a store.
    public init(
        storage: any Storage,
        configuration: DataHubConfiguration,
        status: StatusCenter,
        metrics: APIMetrics,
        monitor: HealthMonitor,
        logger: Logger = Logger(label: "datahub")
    ) {
        self.storage = storage
        self.logger = logger
        self.configuration = configuration
        self.status = status
        self.metrics = metrics
        self.monitor = monitor
    }

    /// The bucket name.
    public var bucket: String { storage.bucket }

    /// Stores a new object under a fresh, unique, time-ordered name in `prefix` (a normalised folder or "").
    /// The write is create-only; a name collision (practically impossible) just draws a new name.
    /// - Parameters:
    ///   - sha256: the body's SHA-256 (lower-case hex), stored with the object; `nil` stores none.
    public func createObject(
        body: PutBody,
        prefix: String,
        contentType: String = "application/json",
        sha256: String? = nil
    ) async throws -> CreatedObject {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let key = ObjectName.generate(prefix: prefix, date: Date(), random: &rng)
            do {
                try ObjectName.validateKey(key)
            } catch {
                throw StorageError(.invalidName, "the prefix is too long for a new name: \(error)")
            }
            do {
                let etag = try await call("put") {
                    try await self.storage.put(key: key, body: body, contentType: contentType, createOnly: true, sha256: sha256)
                }
                return CreatedObject(key: key, size: body.length, etag: etag, sha256: sha256)
            } catch let error as StorageError where error.code == .alreadyExists {
                continue
            }
        }
        throw StorageError(.unavailable, "could not find a free object name; retry", cause: "5 name collisions")
    }

    /// Describes one object.
    public func head(key: String) async throws -> ObjectInfo {
        try await call("head") { try await self.storage.head(key: key) }
    }

    /// Starts a download. A whole read of an object with a stored digest is checked against it as it streams
    /// (see `DigestCheckedBody`); a range is served as stored, since a part cannot be checked against the whole.
    public func get(key: String, range: ClosedRange<Int64>? = nil) async throws -> ObjectDownload {
        let download = try await call("get") { try await self.storage.get(key: key, range: range) }
        return checked(download)
    }

    /// Deletes an object; `.notFound` when it does not exist (S3 itself would answer 204).
    public func deleteObject(key: String) async throws {
        _ = try await head(key: key)
        try await call("delete") { try await self.storage.delete(key: key) }
    }

    /// One page of the listing of `prefix`, without DataHub's reserved markers. A page emptied by that filter
    /// is followed by the next one, so a client never sees an empty page with more to come.
    public func listPage(prefix: String, cursor: String?, limit: Int) async throws -> ListPage {
        var cursor = cursor
        for _ in 0..<100 {
            let current = cursor
            var page = try await call("list") { try await self.storage.list(prefix: prefix, cursor: current, limit: limit) }
            page.objects.removeAll { $0.key.hasBytePrefix(Self.reservedPrefix) }
            if !page.objects.isEmpty || page.nextCursor == nil { return page }
            cursor = page.nextCursor
        }
        return ListPage(objects: [], nextCursor: cursor)
    }

    /// Refuses at once while storage is known to be down.
    public func requireAvailable() throws {
        let health = status.health
        guard health.status != .down else {
            throw StorageError(
                .unavailable,
                "storage is unavailable since \(JSONText.timestamp(health.since)); retry later",
                cause: health.lastError
            )
        }
    }

    /// Runs one storage call with the availability gate, latency metrics and probe triggering.
    func call<T: Sendable>(_ operation: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try requireAvailable()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try await body()
            metrics.recordStorageCall(operation, outcome: "ok", duration: clock.now - start)
            return result
        } catch let error as StorageError {
            metrics.recordStorageCall(operation, outcome: error.code.description, duration: clock.now - start)
            if error.code == .unavailable { monitor.trigger() }
            throw error
        }
    }
}
