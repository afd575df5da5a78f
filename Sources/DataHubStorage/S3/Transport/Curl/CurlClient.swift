import NIOConcurrencyHelpers

/// Sends curl requests from async code: every transfer runs on the client's one `CurlMultiLoop` thread
/// (libcurl's multi interface), never on an event loop or the cooperative pool.
///
/// At most `maxTransfers` run at once, each on a reused easy handle over a kept-alive connection; more wait
/// in order, and one that waited a whole timeout fails unsent.
final class CurlClient: StoreTransport {
    private let loop: CurlMultiLoop
    private let mapError: @Sendable (StoreTransportError) -> any Error

    /// Starts the client's thread.
    /// - Parameters:
    ///   - name: the thread's name.
    ///   - maxTransfers: transfers in flight at once.
    ///   - mapError: turns a transport failure into the error callers see.
    init(name: String, maxTransfers: Int, mapError: @escaping @Sendable (StoreTransportError) -> any Error) {
        self.loop = CurlMultiLoop(
            name: name,
            maxTransfers: maxTransfers,
            stallLimit: BodyChannel.consumerStallLimit,
            closingError: StorageError.shuttingDown
        )
        self.mapError = mapError
    }

    deinit {
        // A client dropped without `shutdown()` still stops its thread.
        loop.close()
    }

    /// Sends `request` and waits for the answer (for `.stream` 2xx answers: for the head only).
    /// - Throws: the mapped transport error, or `CancellationError` when the task is cancelled.
    func perform(_ request: StoreRequest) async throws -> StoreResponse {
        let cancelBox = NIOLockedValueBox<(cancelled: Bool, transfer: CurlTransfer?)>((false, nil))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer = CurlTransfer(
                    request: request,
                    streamLimit: BodyChannel.queueLimit,
                    mapError: mapError,
                    continuation: continuation
                )
                let cancelled = cancelBox.withLockedValue { box in
                    box.transfer = transfer
                    return box.cancelled
                }
                if cancelled { transfer.abort() }
                loop.submit(transfer)
            }
        } onCancel: {
            let transfer = cancelBox.withLockedValue { box in
                box.cancelled = true
                return box.transfer
            }
            transfer?.abort()
        }
    }

    /// Fails transfers in flight, stops the thread and releases handles and connections.
    func shutdown() async {
        await loop.shutdown()
    }
}
