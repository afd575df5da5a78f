import NIOCore
import NIOPosix
import NIOSSL

/// How `S3Storage` talks HTTP to the store.
protocol StoreTransport: Sendable {
    /// Sends `request` and waits for the answer (for `.stream` 2xx answers: for the head only).
    func perform(_ request: StoreRequest) async throws -> StoreResponse
    /// Fails transfers in flight and releases connections (and threads, for curl).
    func shutdown() async
}
