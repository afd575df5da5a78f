import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One request of the NIO transport, from the moment it is queued until its answer (or body stream) ends.
///
/// Everything except `abort()` runs on the pool's event loop, so the state needs no lock. The waiter is resumed
/// exactly once: with the head for streamed 2xx answers, else with the whole answer or the failure.
///
/// Back-calls: the exchange tells its pool about its life (`start`, `track`/`untrack`, `retry`, `slotFreed`),
/// since the pool owns the queue, the slots and the timeout sweep; and it tells the connection it runs on to
/// drop it (`abandon`) when it is aborted mid-answer, since only the connection can close its channel.
final class StoreExchange: @unchecked Sendable {
    /// Unchecked: the exchange resumes its waiter exactly once by construction (`waiter` is cleared when it does).
    typealias Waiter = UnsafeContinuation<StoreResponse, any Error>

    let request: StoreRequest
    let pool: StorePool
    private let home: (any EventLoop)?
    private var waiter: Waiter?
    /// How the exchange ended before anybody waited for it (cancelled before it was started).
    private var earlyOutcome: Result<StoreResponse, any Error>?

    /// The request is over: answered, failed, timed out or cancelled.
    private(set) var isFinished = false
    /// The consumer of a streamed body is behind: reads wait until it catches up.
    private(set) var wantsPause = false
    /// The exchange holds one of the client's transfer slots, given back when it finishes.
    var holdsSlot = false

    private var connection: StoreConnection?
    private var reused = false
    private var retried = false
    /// Bumped on each attempt, so that a late callback of an abandoned attempt does nothing.
    private(set) var attempt = 0
    private var receivedAny = false
    var requestWritten = false
    private var keepAlive = true
    /// When a byte last moved, for the idle limit.
    var lastMove = NIODeadline.now()
    /// When the clock next looks at this exchange (the pool's sweep calls `timerFired()` once it has passed).
    private(set) var deadline = NIODeadline.distantFuture
    /// The exchange's place in its pool's list of timed exchanges, while it is in there.
    var timedIndex: Int?

    private var status = 0
    private var headers = ResponseHeaders()
    private var collected = ByteBuffer()
    private var collectingWholeBody = false
    private var channel: BodyChannel?

    init(request: StoreRequest, pool: StorePool, home: (any EventLoop)?) {
        self.request = request
        self.pool = pool
        self.home = home
    }

    /// Starts the exchange for `waiter` (on the loop); one cancelled meanwhile answers at once.
    func start(for waiter: Waiter) {
        if let earlyOutcome {
            self.earlyOutcome = nil
            HomeLoop.resume(waiter, with: earlyOutcome, on: home)
            return
        }
        self.waiter = waiter
        pool.start(self)
    }

    // MARK: - Life cycle (on the loop)

    /// Starts the clock: the total limit, or the idle limit (which also bounds the wait for a connection).
    func armTimer() {
        lastMove = .now()
        schedule(in: request.totalTimeout ?? request.idleTimeout)
        pool.track(self)
    }

    private func schedule(in delay: Duration) {
        deadline = .now() + TimeAmount(delay)
    }

    /// The deadline has passed (called by the pool's sweep): fail, or look again later.
    func timerFired() {
        guard !isFinished else { return }
        if attempt == 0 {
            // Never bound to a connection: it waited its whole limit for a slot.
            finish(.failure(StorageError.queuedTooLong(request.totalTimeout ?? request.idleTimeout)))
            return
        }
        if let total = request.totalTimeout {
            fail(StoreTransportError(kind: .timeout, code: 0, text: "no complete answer within \(total)"))
            return
        }
        if wantsPause, let channel {
            // The consumer holds the body unread: that is its stall, not the store's.
            if let paused = channel.pausedDuration(at: .now), paused >= BodyChannel.consumerStallLimit {
                channel.cancel()
                finish(.failure(CancellationError()))
            } else {
                lastMove = .now()
                schedule(in: request.idleTimeout)
            }
            return
        }
        let quiet = NIODeadline.now() - lastMove
        let idle = TimeAmount(request.idleTimeout)
        if quiet >= idle {
            fail(StoreTransportError(kind: .idle, code: 0, text: "no byte moved for \(request.idleTimeout)"))
        } else {
            deadline = lastMove + idle
        }
    }

    /// Binds the exchange to the connection that will carry it.
    func attach(_ connection: StoreConnection, reused: Bool) {
        self.connection = connection
        self.reused = reused
        attempt += 1
        receivedAny = false
        requestWritten = false
        lastMove = .now()
    }

    // MARK: - The answer (on the loop)

    func receive(head: StoreResponseParser.Head) {
        guard !isFinished else { return }
        receivedAny = true
        lastMove = .now()
        status = head.status
        keepAlive = head.keepAlive
        headers = head.headers
        guard case .stream = request.mode, (200..<300).contains(status) else { return }
        if request.collectsWhole(length: head.contentLength) {
            collectingWholeBody = true
        } else {
            startStream()
        }
    }

    func receive(body: ByteBuffer) {
        guard !isFinished else { return }
        lastMove = .now()
        if let channel {
            switch channel.push(body) {
            case .accepted: break
            case .pause: wantsPause = true
            case .gone: finish(.failure(CancellationError()))
            }
            return
        }
        let collectLimit = request.collectLimit
        if collected.readableBytes + body.readableBytes > collectLimit {
            if collectingWholeBody {
                // Bigger than announced: stream it after all.
                collectingWholeBody = false
                startStream()
                receive(body: body)
                return
            }
            fail(StoreTransportError(kind: .tooLarge, code: 0, text: "the answer is larger than \(collectLimit) bytes"))
            return
        }
        if collected.readableBytes == 0 {
            collected = body
        } else {
            var body = body
            collected.writeBuffer(&body)
        }
    }

    func receiveEnd() {
        guard !isFinished, status >= 200 else { return }
        let connection = self.connection
        self.connection = nil
        connection?.completed(self, reusable: keepAlive && requestWritten)
        finish(.success(StoreResponse(status: status, headers: headers, body: collected, stream: nil)))
    }

    private func startStream() {
        guard let waiter else { return }
        self.waiter = nil
        let loop = pool.loop
        let channel = BodyChannel(limit: BodyChannel.queueLimit, home: home) { [self] in
            loop.execute { self.consumerMoved() }
        }
        channel.preload(collected)
        collected = ByteBuffer()
        self.channel = channel
        let response = StoreResponse(status: status, headers: headers, body: ByteBuffer(), stream: ObjectBody(BodySequence(channel: channel)))
        HomeLoop.resume(waiter, with: .success(response), on: home)
    }

    /// The consumer drained its queue, or went away.
    private func consumerMoved() {
        guard !isFinished, let channel else { return }
        if channel.isConsumerGone {
            finish(.failure(CancellationError()))
            return
        }
        if wantsPause && channel.pausedDuration(at: .now) == nil {
            wantsPause = false
            lastMove = .now()
            connection?.resumeReading()
        }
    }

    // MARK: - Failures

    /// The connection closed before the answer was complete. A kept-alive connection that the store had
    /// closed meanwhile fails before any answer: the request goes once more, on a fresh connection.
    func connectionLost() {
        failed(StoreTransportError(kind: .connectionLost, code: 0, text: "the store closed the connection before the answer was complete"))
    }

    /// A failure on the connection (TLS, a malformed answer, a reset, a close).
    func failed(_ error: StoreTransportError) {
        guard !isFinished else { return }
        connection = nil
        if error.kind == .connectionLost && reused && !receivedAny && !retried {
            retried = true
            attempt += 1
            pool.retry(self)
            return
        }
        fail(error)
    }

    func fail(_ error: StoreTransportError) {
        finish(.failure(pool.mapError(error)))
    }

    /// Ends the exchange: resumes the waiter or ends the body stream, stops the clock, and closes a connection
    /// still in the middle of it.
    func finish(_ result: Result<StoreResponse, any Error>) {
        guard !isFinished else { return }
        isFinished = true
        pool.untrack(self)
        if holdsSlot {
            holdsSlot = false
            pool.slotFreed()
        }
        if let connection {
            self.connection = nil
            connection.abandon(self)
        }
        if let waiter {
            self.waiter = nil
            HomeLoop.resume(waiter, with: result, on: home)
        } else if let channel {
            channel.finish(result.map { _ in () })
        } else {
            earlyOutcome = result
        }
        // The channel's resume hook refers back to this exchange: drop the reference to end the cycle.
        channel = nil
    }

    /// Cancels the exchange from any thread (the caller's task was cancelled).
    func abort() {
        let loop = pool.loop
        if loop.inEventLoop {
            finish(.failure(CancellationError()))
        } else {
            loop.execute { self.finish(.failure(CancellationError())) }
        }
    }
}
