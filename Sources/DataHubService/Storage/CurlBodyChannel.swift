import Foundation
import NIOCore

/// A bounded queue of body chunks from a curl worker thread to one async consumer.
///
/// The producer (the curl write callback) blocks while more than `limit` bytes wait, so a slow consumer
/// slows the download instead of growing memory. When the consumer goes away (drops the body, or its
/// task is cancelled) the producer is told at once and aborts the transfer.
final class CurlBodyChannel: @unchecked Sendable {
    // All state below is guarded by `condition`; it is never held across an await or a callback into curl.
    private let condition = NSCondition()
    private var chunks = CircularBuffer<ByteBuffer>()
    private var queuedBytes = 0
    private var end: Result<Void, any Error>?
    private var consumerGone = false
    private var waiter: CheckedContinuation<ByteBuffer?, any Error>?
    private let limit: Int
    private let stallLimit: Duration

    /// Creates a channel holding at most about `limit` bytes; a consumer that takes nothing for
    /// `stallLimit` while the queue is full counts as gone.
    init(limit: Int, stallLimit: Duration) {
        self.limit = limit
        self.stallLimit = stallLimit
    }

    /// Whether the consumer has gone away (checked by the progress callback to abort the transfer).
    var isConsumerGone: Bool {
        condition.lock()
        defer { condition.unlock() }
        return consumerGone
    }

    /// Producer side: queues a chunk, waiting while the queue is full.
    /// - Returns: `false` when the consumer is gone and the transfer should stop.
    func push(_ chunk: ByteBuffer) -> Bool {
        condition.lock()
        if consumerGone {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: chunk)
            return true
        }
        chunks.append(chunk)
        queuedBytes += chunk.readableBytes
        let deadline = Date(timeIntervalSinceNow: stallLimit.seconds)
        while queuedBytes > limit && !consumerGone {
            if !condition.wait(until: deadline) {
                // A consumer that holds the body but never reads would pin this worker forever.
                dropQueueLocked()
                break
            }
        }
        let keepGoing = !consumerGone
        condition.unlock()
        return keepGoing
    }

    /// Producer side: the transfer ended, cleanly or with `error`.
    func finish(_ result: Result<Void, any Error>) {
        condition.lock()
        if end == nil { end = result }
        let waiter = self.waiter
        self.waiter = nil
        condition.unlock()
        switch result {
        case .success: waiter?.resume(returning: nil)
        case .failure(let error): waiter?.resume(throwing: error)
        }
    }

    /// Consumer side: the consumer is gone; the producer stops at its next chunk or progress tick.
    func cancel() {
        condition.lock()
        dropQueueLocked()
        let waiter = self.waiter
        self.waiter = nil
        condition.unlock()
        waiter?.resume(throwing: CancellationError())
    }

    /// Consumer side: the next chunk, `nil` at the end; throws the transfer's failure.
    func next() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
                condition.lock()
                if let chunk = chunks.popFirst() {
                    queuedBytes -= chunk.readableBytes
                    condition.broadcast()
                    condition.unlock()
                    continuation.resume(returning: chunk)
                } else if let end {
                    condition.unlock()
                    continuation.resume(with: end.map { Optional<ByteBuffer>.none })
                } else if consumerGone {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiter = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            self.cancel()
        }
    }

    private func dropQueueLocked() {
        consumerGone = true
        chunks.removeAll()
        queuedBytes = 0
        condition.broadcast()
    }
}

/// The body of a streamed download. Dropping every copy of it (and its iterators) aborts the transfer.
struct CurlBodySequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Cancels the channel when the last reference to the body goes away.
    final class Owner: Sendable {
        let channel: CurlBodyChannel
        init(_ channel: CurlBodyChannel) { self.channel = channel }
        deinit { channel.cancel() }
    }

    let owner: Owner

    /// Wraps a channel.
    init(channel: CurlBodyChannel) {
        self.owner = Owner(channel)
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(owner: owner)
    }

    /// Reads chunks from the channel.
    struct Iterator: AsyncIteratorProtocol {
        let owner: Owner

        mutating func next() async throws -> ByteBuffer? {
            try await owner.channel.next()
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
