import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// The transfers in flight over all event loops, at most `limit`, and the pools whose requests wait for one.
///
/// A pool that finishes a transfer hands its slot to its own next waiting request; with none, to the first pool
/// that waits. So requests queue in one place per loop, yet a busy loop can use slots another loop does not need.
/// The lock guards a few integers and is never held across I/O.
final class TransferSlots: Sendable {
    let limit: Int
    private let state: NIOLockedValueBox<(inFlight: Int, hungry: [StorePool])>

    init(limit: Int) {
        self.limit = max(1, limit)
        self.state = NIOLockedValueBox((0, []))
    }

    /// Takes a slot if one is free.
    func tryTake() -> Bool {
        state.withLockedValue { state in
            guard state.inFlight < limit else { return false }
            state.inFlight += 1
            return true
        }
    }

    /// Takes a slot if one is free, else records `pool` as waiting for one (once).
    func takeOrWait(_ pool: StorePool) -> Bool {
        state.withLockedValue { state in
            if state.inFlight < limit {
                state.inFlight += 1
                return true
            }
            if !state.hungry.contains(where: { $0 === pool }) { state.hungry.append(pool) }
            return false
        }
    }

    /// Gives a slot back, or passes it to the first waiting pool, which is returned: that pool now owns the slot.
    func giveBack() -> StorePool? {
        state.withLockedValue { state in
            if !state.hungry.isEmpty { return state.hungry.removeFirst() }
            state.inFlight -= 1
            return nil
        }
    }
}

/// The kept-alive connections of one event loop to the store, and its requests waiting for a transfer slot.
///
/// Touched only on `loop` (every method asserts it), so it needs no lock.
final class StorePool: @unchecked Sendable {
    let loop: any EventLoop
    let mapError: @Sendable (CurlTransportError) -> any Error
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

    init(loop: any EventLoop, address: StoreAddress, tls: NIOSSLContext?, slots: TransferSlots,
         mapError: @escaping @Sendable (CurlTransportError) -> any Error) {
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

/// One kept-alive HTTP/1.1 connection: the last handler of its channel's pipeline (after TLS, if any).
///
/// It runs one exchange at a time: the exchange writes the request's bytes, the connection reads the answer
/// (`StoreResponseParser`), and holds back reads while a streamed body's consumer is behind.
final class StoreConnection: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private unowned let pool: StorePool
    private var context: ChannelHandlerContext?
    private var exchange: StoreExchange?
    private var parser = StoreResponseParser()
    /// The store sent bytes beyond the answer it owed: the connection is not used again.
    private var spoiled = false
    /// A read NIO asked for while the exchange wanted none; issued once it wants more.
    private var heldRead = false

    init(pool: StorePool) {
        self.pool = pool
    }

    var isActive: Bool { context?.channel.isActive ?? false }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends `exchange`'s request on this connection.
    func run(_ exchange: StoreExchange, reused: Bool) {
        exchange.attach(self, reused: reused)
        guard let context else {
            exchange.connectionLost()
            return
        }
        self.exchange = exchange
        parser.expectAnswer(toHEAD: exchange.request.method == "HEAD")
        exchange.writeRequest(on: context)
    }

    /// Whether `exchange` is the one this connection runs.
    func runs(_ exchange: StoreExchange) -> Bool { self.exchange === exchange }

    /// The exchange ended early (timeout, cancel, failure): the connection is in an unknown state and closes.
    func abandon(_ exchange: StoreExchange) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        close()
    }

    /// The exchange got its whole answer: the connection goes back to the pool.
    func completed(_ exchange: StoreExchange, reusable: Bool) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        pool.release(self, reusable: reusable && !spoiled)
    }

    func close() {
        context?.close(promise: nil)
    }

    /// Closes for shutdown, failing the exchange in flight with `error`.
    func shutDown(_ error: any Error) {
        if let exchange {
            self.exchange = nil
            exchange.finish(.failure(error))
        }
        close()
    }

    /// The exchange's consumer has room again: a held read goes out.
    func resumeReading() {
        guard heldRead, let context else { return }
        heldRead = false
        context.read()
    }

    func read(context: ChannelHandlerContext) {
        if exchange?.wantsPause == true {
            heldRead = true
        } else {
            context.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var input = unwrapInboundIn(data)
        do {
            while exchange != nil, let event = try parser.next(&input) {
                if case .end = event, input.readableBytes > 0 {
                    // More bytes than the answer: decided before the exchange ends and the connection is reused.
                    spoiled = true
                }
                deliver(event)
            }
        } catch {
            if let exchange {
                self.exchange = nil
                exchange.failed(CurlTransportError(kind: .connectionLost, code: 0, text: "the store's answer is not valid HTTP: \(error)"))
            }
            context.close(promise: nil)
            return
        }
        if input.readableBytes > 0 && (exchange == nil || parser.isIdle) {
            // An answer nobody asked for: the connection cannot be trusted.
            spoiled = true
            context.close(promise: nil)
        }
    }

    /// Hands one event of the answer to the exchange that waits for it.
    private func deliver(_ event: StoreResponseParser.Event) {
        guard let exchange else { return }
        switch event {
        case .head(let head): exchange.receive(head: head)
        case .body(let body): exchange.receive(body: body)
        case .end: exchange.receiveEnd()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange {
            if parser.inputClosed() {
                // A body delimited by the close: this is its end.
                exchange.receiveEnd()
            }
            if self.exchange === exchange {
                self.exchange = nil
                exchange.connectionLost()
            }
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let exchange {
            self.exchange = nil
            exchange.failed(StoreErrors.transferFailure(error))
        }
        context.close(promise: nil)
    }
}
