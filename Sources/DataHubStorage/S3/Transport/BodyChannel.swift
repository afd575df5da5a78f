import NIOConcurrencyHelpers
import NIOCore

/// A bounded queue of body chunks from a transport (the curl loop thread, or a NIO connection) to one async
/// consumer.
///
/// The producer never blocks: when more than `limit` bytes wait, `offer` answers `.pause` and libcurl pauses the
/// transfer (`CURL_WRITEFUNC_PAUSE`); `push` queues the chunk and answers `.pause`, and the NIO connection holds
/// back its reads. Once the consumer has drained the queue to half, `onResume` asks the producer to go on. So a
/// slow consumer slows the download instead of growing memory, and never holds up other transfers. When the
/// consumer goes away (drops the body, or its task is cancelled) the producer is told at once and ends the
/// transfer.
final class BodyChannel: @unchecked Sendable {
    /// What the producer should do with the bytes it offered.
    enum Offer {
        /// Queued (or handed to a waiting consumer).
        case accepted
        /// Not taken: pause the transfer; the same bytes come again once it is unpaused.
        case pause
        /// The consumer is gone: stop the transfer.
        case gone
    }

    /// Bytes a streamed body may queue before the transfer pauses for the consumer.
    static let queueLimit = 1 << 20
    /// How long a streamed body may sit unread while its queue is full before the transfer is dropped.
    static let consumerStallLimit: Duration = .seconds(120)

    // All state below is guarded by `lock`; it is never held across a resume or a call into a transport.
    private let lock = NIOLock()
    private var chunks = CircularBuffer<ByteBuffer>()
    private var queuedBytes = 0
    private var end: Result<Void, any Error>?
    private var consumerGone = false
    private var pausedSince: ContinuousClock.Instant?
    private var waiter: CheckedContinuation<ByteBuffer?, any Error>?
    /// The event loop the consumer waits on: chunks are handed over there (see `HomeLoop`).
    private let home: (any EventLoop)?
    private let limit: Int
    private let onResume: @Sendable () -> Void

    /// Creates a channel holding at most about `limit` bytes.
    /// - Parameter onResume: called (on the consumer's thread, outside the lock) when a paused producer may go
    ///   on, and when the consumer goes away; the loop then unpauses or removes the transfer.
    /// - Parameter home: the event loop the consumer runs on, `nil` to resume it on the producer's thread.
    init(limit: Int, home: (any EventLoop)? = nil, onResume: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.home = home
        self.onResume = onResume
    }

    /// Whether the consumer has gone away.
    var isConsumerGone: Bool {
        lock.withLock { consumerGone }
    }

    /// How long the producer has been paused waiting for the consumer, `nil` when it is not paused.
    func pausedDuration(at now: ContinuousClock.Instant) -> Duration? {
        lock.withLock { pausedSince.map { $0.duration(to: now) } }
    }

    /// Producer side: offers a chunk without blocking; a full queue refuses it (`.pause`: libcurl offers the same
    /// bytes again once the transfer is unpaused).
    func offer(_ bytes: UnsafeRawBufferPointer) -> Offer {
        deliver(count: bytes.count, refuseWhenFull: true) { ByteBuffer(bytes: bytes) }
    }

    /// Producer side, for a producer that cannot take bytes back (a NIO channel): the chunk is always queued;
    /// `.pause` says the queue is now full, so the producer should stop reading until `onResume`.
    func push(_ chunk: ByteBuffer) -> Offer {
        deliver(count: chunk.readableBytes, refuseWhenFull: false) { chunk }
    }

    /// Hands a chunk to a waiting consumer, or queues it.
    private func deliver(count: Int, refuseWhenFull: Bool, _ chunk: () -> ByteBuffer) -> Offer {
        lock.lock()
        if consumerGone {
            lock.unlock()
            return .gone
        }
        if let waiter {
            self.waiter = nil
            lock.unlock()
            HomeLoop.resume(waiter, with: .success(chunk()), on: home)
            return .accepted
        }
        if refuseWhenFull && queuedBytes >= limit {
            pausedSince = .now
            lock.unlock()
            return .pause
        }
        chunks.append(chunk())
        queuedBytes += count
        let full = !refuseWhenFull && queuedBytes >= limit
        if full && pausedSince == nil { pausedSince = .now }
        lock.unlock()
        return full ? .pause : .accepted
    }

    /// Producer side: hands over chunks collected before the channel existed.
    func preload(_ chunk: ByteBuffer) {
        guard chunk.readableBytes > 0 else { return }
        lock.withLock {
            chunks.append(chunk)
            queuedBytes += chunk.readableBytes
        }
    }

    /// Producer side: the transfer ended, cleanly or with `error`.
    func finish(_ result: Result<Void, any Error>) {
        lock.lock()
        if end == nil { end = result }
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        if let waiter { HomeLoop.resume(waiter, with: result.map { Optional<ByteBuffer>.none }, on: home) }
    }

    /// The consumer is gone (or, from the loop, held the body unread too long): the queue is dropped and the
    /// loop removes the transfer.
    func cancel() {
        lock.lock()
        let wasGone = consumerGone
        consumerGone = true
        chunks.removeAll()
        queuedBytes = 0
        pausedSince = nil
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(throwing: CancellationError())
        if !wasGone { onResume() }
    }

    /// Consumer side: the next chunk, `nil` at the end; throws the transfer's failure.
    func next() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
                lock.lock()
                if let chunk = chunks.popFirst() {
                    queuedBytes -= chunk.readableBytes
                    let resume = pausedSince != nil && queuedBytes <= limit / 2
                    if resume { pausedSince = nil }
                    lock.unlock()
                    continuation.resume(returning: chunk)
                    if resume { onResume() }
                } else if let end {
                    lock.unlock()
                    continuation.resume(with: end.map { Optional<ByteBuffer>.none })
                } else if consumerGone {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    let resume = pausedSince != nil
                    pausedSince = nil
                    waiter = continuation
                    lock.unlock()
                    if resume { onResume() }
                }
            }
        } onCancel: {
            self.cancel()
        }
    }
}
