import NIOConcurrencyHelpers
import NIOPosix

/// Runs curl requests on a fixed pool of worker threads, reusing easy handles (and so connections).
///
/// `curl_easy_perform` blocks; it only ever runs on this pool's threads, never on an event loop or the
/// cooperative pool. A full pool queues requests rather than starting more threads.
final class CurlClient: Sendable {
    /// Bytes a streamed body may queue before the curl thread waits for the consumer.
    static let streamQueueLimit = 1 << 20
    /// How long a streamed body may sit unread while its queue is full before the transfer is dropped.
    static let consumerStallLimit: Duration = .seconds(120)

    private let pool: NIOThreadPool
    private let handles: CurlHandlePool
    private let active = NIOLockedValueBox<(closed: Bool, transfers: [ObjectIdentifier: CurlTransfer])>((false, [:]))
    private let mapError: @Sendable (CurlTransportError) -> any Error

    /// Starts `threads` worker threads.
    /// - Parameter mapError: turns a transport failure into the error callers see.
    init(threads: Int, mapError: @escaping @Sendable (CurlTransportError) -> any Error) {
        self.pool = NIOThreadPool(numberOfThreads: max(1, threads))
        self.handles = CurlHandlePool(maxIdle: max(1, threads))
        self.mapError = mapError
        pool.start()
    }

    /// Sends `request` and waits for the answer (for `.stream` 2xx answers: for the head only).
    /// - Throws: the mapped transport error, or `CancellationError` when the task is cancelled.
    func perform(_ request: CurlRequest) async throws -> CurlResponse {
        let cancelBox = NIOLockedValueBox<(cancelled: Bool, transfer: CurlTransfer?)>((false, nil))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer = CurlTransfer(
                    request: request,
                    streamLimit: Self.streamQueueLimit,
                    stallLimit: Self.consumerStallLimit,
                    mapError: mapError,
                    continuation: continuation
                )
                let cancelled = cancelBox.withLockedValue { box in
                    box.transfer = transfer
                    return box.cancelled
                }
                if cancelled { transfer.abort() }
                submit(transfer)
            }
        } onCancel: {
            let transfer = cancelBox.withLockedValue { box in
                box.cancelled = true
                return box.transfer
            }
            transfer?.abort()
        }
    }

    /// Aborts transfers in flight, stops the threads and releases the handles.
    func shutdown() async {
        let running = active.withLockedValue { state in
            state.closed = true
            return Array(state.transfers.values)
        }
        let closing = StorageError(.unavailable, "The storage is shutting down; the request was not completed.")
        for transfer in running { transfer.abort(with: closing) }
        try? await pool.shutdownGracefully()
        handles.close()
    }

    private func submit(_ transfer: CurlTransfer) {
        let id = ObjectIdentifier(transfer)
        let accepted = active.withLockedValue { state in
            if state.closed { return false }
            state.transfers[id] = transfer
            return true
        }
        guard accepted else { return transfer.failNotRun() }
        let queuedAt = ContinuousClock.now
        // A request that waited a whole timeout for a worker fails at once: with a stalled store the queue grows
        // faster than it drains, and the wait would otherwise add to the transfer's own timeout without bound.
        let queueLimit = transfer.request.totalTimeout ?? transfer.request.idleTimeout
        pool.submit { [handles, active] state in
            defer { _ = active.withLockedValue { $0.transfers.removeValue(forKey: id) } }
            let waited = ContinuousClock.now - queuedAt
            if waited >= queueLimit { return transfer.failQueuedTooLong(waited) }
            guard case .active = state, let handle = handles.take() else { return transfer.failNotRun() }
            transfer.run(with: handle)
            handles.give(handle)
        }
    }
}
