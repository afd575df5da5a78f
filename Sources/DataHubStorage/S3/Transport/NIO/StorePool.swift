import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// The kept-alive connections of one event loop to the store, and its requests waiting for a transfer slot.
///
/// Touched only on `loop` (every method asserts it), so it needs no lock.
///
/// Calls go down: `StoreClient` → pool → `StoreExchange` / `StoreConnection`. Two kinds of call come back up,
/// because only the lower object knows the moment: an exchange tells its pool when it is queued, retried or over
/// (`start`, `track`/`untrack`, `retry`, `slotFreed`: the pool owns the queue, the slots and the timer sweep),
/// and a connection hands itself back when its answer ends (`release`); a closed channel leaves the pool through the close callback the pool set up.
final class StorePool: @unchecked Sendable {
    let loop: any EventLoop
    let mapError: @Sendable (StoreTransportError) -> any Error
    private let address: StoreAddress
    private let tls: NIOSSLContext?
    private let slots: TransferSlots
    private var idle: [StoreConnection] = []
    private var waiting = CircularBuffer<StoreExchange>()
    private var closed = false
    private var all: [ObjectIdentifier: StoreConnection] = [:]
    /// Exchanges with a running clock (queued or in flight), and the sweep that looks at their deadlines.
    private var timed: [StoreExchange] = []
    private var sweep: Scheduled<Void>?
    /// How often the sweep runs while exchanges are timed: timeouts fire up to this much late. One repeating
    /// task per loop costs less than scheduling and cancelling a timer for every request.
    static let sweepInterval = TimeAmount.milliseconds(50)

    init(
        loop: any EventLoop,
        address: StoreAddress,
        tls: NIOSSLContext?,
        slots: TransferSlots,
        mapError: @escaping @Sendable (StoreTransportError) -> any Error
    ) {
        self.loop = loop
        self.address = address
        self.tls = tls
        self.slots = slots
        self.mapError = mapError
    }

    /// Runs `exchange` when a transfer slot is free, else queues it until one is.
    func start(_ exchange: StoreExchange) {
        loop.preconditionInEventLoop()
        guard !exchange.isFinished else { return }
        guard !closed else {
            exchange.finish(.failure(StorageError.notSent(because: "the storage is shutting down")))
            return
        }
        exchange.armTimer()
        if waiting.isEmpty && slots.tryTake() {
            begin(exchange)
            return
        }
        waiting.append(exchange)
        if slots.takeOrWait(self) { slotArrived() }
    }

    /// Sends `exchange`, which holds a slot, on an idle connection or a new one.
    private func begin(_ exchange: StoreExchange) {
        exchange.holdsSlot = true
        while let connection = idle.popLast() {
            if connection.isActive {
                connection.run(exchange, reused: true)
                return
            }
        }
        connect(for: exchange)
    }

    /// A transfer that held a slot ended: the slot goes to this loop's next waiting request, or back.
    func slotFreed() {
        loop.preconditionInEventLoop()
        if !closed, let next = nextWaiting() {
            begin(next)
            return
        }
        passSlotOn()
    }

    /// Gives the slot back, or hands it to the pool that waits for it first (on that pool's loop).
    private func passSlotOn() {
        guard let other = slots.giveBack() else { return }
        if other === self {
            slotArrived()
        } else {
            other.loop.execute { other.slotArrived() }
        }
    }

    /// This pool was handed a slot (it was waiting for one).
    private func slotArrived() {
        loop.preconditionInEventLoop()
        guard !closed, let next = nextWaiting() else {
            // Nobody waits any more (timed out, cancelled, shut down): pass the slot on.
            passSlotOn()
            return
        }
        begin(next)
        if !waiting.isEmpty, slots.takeOrWait(self) { slotArrived() }
    }

    /// Sends `exchange` again on a fresh connection: its kept-alive one turned out dead before any answer.
    func retry(_ exchange: StoreExchange) {
        loop.preconditionInEventLoop()
        guard !closed, !exchange.isFinished else { return }
        connect(for: exchange)
    }

    /// A connection finished its exchange: it goes idle (or is closed).
    func release(_ connection: StoreConnection, reusable: Bool) {
        loop.preconditionInEventLoop()
        guard reusable, !closed, connection.isActive else {
            connection.close()
            return
        }
        idle.append(connection)
    }

    /// Opens a connection for `exchange`; on failure the exchange fails.
    private func connect(for exchange: StoreExchange) {
        let connection = StoreConnection(pool: self)
        let tls = self.tls
        let serverName = address.serverName
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(exchange.request.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    // HTTP/1.1 is spoken by the connection itself (`StoreExchange.requestHead`, `StoreResponseParser`).
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
        bootstrap.connect(host: address.host, port: address.port).whenComplete { result in
            switch result {
            case .success(let channel):
                self.all[ObjectIdentifier(connection)] = connection
                channel.closeFuture.whenComplete { _ in self.closed(connection) }
                if self.closed {
                    exchange.finish(.failure(StorageError.notSent(because: "the storage is shutting down")))
                    connection.close()
                } else if exchange.isFinished {
                    self.release(connection, reusable: true)
                } else {
                    connection.run(exchange, reused: false)
                }
            case .failure(let error):
                exchange.finish(.failure(self.mapError(StoreErrors.connectFailure(error))))
            }
        }
    }

    /// A connection closed (by either side): it leaves the pool.
    private func closed(_ connection: StoreConnection) {
        all[ObjectIdentifier(connection)] = nil
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
    }

    /// The first waiting request that has not ended meanwhile (timed out or cancelled).
    private func nextWaiting() -> StoreExchange? {
        while let next = waiting.popFirst() {
            if !next.isFinished { return next }
        }
        return nil
    }

    /// Starts `exchange`'s clock: the sweep watches its deadline until it finishes.
    func track(_ exchange: StoreExchange) {
        loop.preconditionInEventLoop()
        guard exchange.timedIndex == nil else { return }
        exchange.timedIndex = timed.count
        timed.append(exchange)
        if sweep == nil { scheduleSweep() }
    }

    /// Stops `exchange`'s clock.
    func untrack(_ exchange: StoreExchange) {
        loop.preconditionInEventLoop()
        guard let index = exchange.timedIndex else { return }
        exchange.timedIndex = nil
        let last = timed.removeLast()
        if last !== exchange {
            timed[index] = last
            last.timedIndex = index
        }
    }

    private func scheduleSweep() {
        sweep = loop.scheduleTask(in: Self.sweepInterval) { [self] in
            sweep = nil
            let now = NIODeadline.now()
            // A copy: a firing exchange may finish (and leave the list) or move its deadline.
            for exchange in timed where exchange.deadline <= now { exchange.timerFired() }
            if !timed.isEmpty && !closed { scheduleSweep() }
        }
    }

    /// Fails waiting requests and closes every connection; later requests fail at once.
    func close() {
        loop.preconditionInEventLoop()
        closed = true
        sweep?.cancel()
        sweep = nil
        let shutting = StorageError.shuttingDown
        while let next = waiting.popFirst() { next.finish(.failure(shutting)) }
        for connection in all.values { connection.shutDown(shutting) }
        idle.removeAll()
    }
}
