import NIOCore
import NIOPosix
import NIOSSL

/// Sends S3 requests over SwiftNIO, on the same event loops that serve DataHub's own HTTP API.
///
/// Each event loop keeps its own pool of kept-alive HTTP/1.1 connections to the store. A request goes out on
/// the loop its caller runs on, and the answer comes back there: no thread hop on the way out or back, which on
/// small requests is most of what a separate transfer thread costs. Nothing here blocks: connects, reads and
/// writes are NIO's non-blocking I/O, and a spooled upload file is read on NIO's thread pool.
///
/// At most `maxTransfers` requests run at once over all loops; more wait in order on their loop, and one that
/// waited a whole timeout fails unsent, as with the curl transport.
final class StoreClient: StoreTransport {
    private let pools: [ObjectIdentifier: StorePool]
    private let group: any EventLoopGroup
    /// How the error for an unusable CA file starts (the configuration names the flag for it).
    static let caFileProblem = "Cannot use the CA file"

    /// Creates the client; connections open on first use.
    /// - Throws: `StorageError.badRequest` when the endpoint's port is not a number or the CA file cannot be used.
    init(
        endpoint: S3Endpoint,
        caFile: String?,
        maxTransfers: Int,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        mapError: @escaping @Sendable (StoreTransportError) -> any Error
    ) throws {
        let address = try StoreAddress(endpoint)
        var tls: NIOSSLContext?
        if endpoint.scheme == "https" {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let caFile { configuration.trustRoots = .file(caFile) }
            do {
                tls = try NIOSSLContext(configuration: configuration)
            } catch {
                throw StorageError(.badRequest, "\(Self.caFileProblem) '\(caFile ?? "system")' for \(endpoint.base): \(error).")
            }
        }
        let slots = TransferSlots(limit: maxTransfers)
        var pools: [ObjectIdentifier: StorePool] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = StorePool(loop: loop, address: address, tls: tls, slots: slots, mapError: mapError)
        }
        self.pools = pools
        self.group = group
    }

    func perform(_ request: StoreRequest) async throws -> StoreResponse {
        let pool = currentPool() ?? pools[ObjectIdentifier(group.next())]!
        // Both the start and a cancellation run on the pool's loop, in the order they were called: a cancelled
        // exchange that starts afterwards answers at once, one that runs is aborted.
        let exchange = StoreExchange(request: request, pool: pool, home: HomeLoop.current)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                if pool.loop.inEventLoop {
                    exchange.start(for: continuation)
                } else {
                    pool.loop.execute { exchange.start(for: continuation) }
                }
            }
        } onCancel: {
            exchange.abort()
        }
    }

    deinit {
        // A client dropped without `shutdown()` still closes its connections (their close callbacks hold the pools).
        for pool in pools.values {
            pool.loop.execute { pool.close() }
        }
    }

    /// The pool of the event loop the caller runs on, if it is one of ours.
    private func currentPool() -> StorePool? {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        return pools[ObjectIdentifier(loop)]
    }

    func shutdown() async {
        for pool in pools.values {
            try? await pool.loop.submit { pool.close() }.get()
        }
    }
}
