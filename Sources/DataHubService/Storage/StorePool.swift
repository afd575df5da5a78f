import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The kept-alive connections of one event loop to the store, and the requests waiting for one.
///
/// Touched only on `loop` (every method asserts it), so it needs no lock.
final class StorePool: @unchecked Sendable {
    let loop: any EventLoop
    let mapError: @Sendable (CurlTransportError) -> any Error
    private let address: StoreAddress
    private let tls: NIOSSLContext?
    private let limit: Int
    private var idle: [StoreConnection] = []
    /// Connections open or opening; at most `limit`.
    private var open = 0
    private var waiting = CircularBuffer<StoreExchange>()
    private var closed = false
    private var all: [ObjectIdentifier: StoreConnection] = [:]

    init(loop: any EventLoop, address: StoreAddress, tls: NIOSSLContext?, limit: Int,
         mapError: @escaping @Sendable (CurlTransportError) -> any Error) {
        self.loop = loop
        self.address = address
        self.tls = tls
        self.limit = limit
        self.mapError = mapError
    }

    /// Runs `exchange` on an idle connection, a new one, or queues it until one is free.
    func start(_ exchange: StoreExchange) {
        loop.preconditionInEventLoop()
        guard !exchange.isFinished else { return }
        guard !closed else {
            exchange.finish(.failure(StorageError(.unavailable, "The storage is shutting down; the request was not sent.")))
            return
        }
        exchange.armTimer()
        while let connection = idle.popLast() {
            if connection.isActive {
                connection.run(exchange, reused: true)
                return
            }
        }
        if open < limit {
            connect(for: exchange)
        } else {
            waiting.append(exchange)
        }
    }

    /// Sends `exchange` again on a fresh connection: its kept-alive one turned out dead before any answer.
    func retry(_ exchange: StoreExchange) {
        loop.preconditionInEventLoop()
        guard !closed, !exchange.isFinished else { return }
        connect(for: exchange)
    }

    /// A connection finished its exchange: it serves the next waiting request or goes idle (or is closed).
    func release(_ connection: StoreConnection, reusable: Bool) {
        loop.preconditionInEventLoop()
        guard reusable, !closed, connection.isActive else {
            connection.close()
            return
        }
        if let next = nextWaiting() {
            connection.run(next, reused: true)
        } else {
            idle.append(connection)
        }
    }

    /// Opens a connection for `exchange`; on failure the exchange fails.
    private func connect(for exchange: StoreExchange) {
        open += 1
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
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
        bootstrap.connect(host: address.host, port: address.port).whenComplete { result in
            switch result {
            case .success(let channel):
                self.all[ObjectIdentifier(connection)] = connection
                channel.closeFuture.whenComplete { _ in self.closed(connection) }
                if self.closed {
                    exchange.finish(.failure(StorageError(.unavailable, "The storage is shutting down; the request was not sent.")))
                    connection.close()
                } else if exchange.isFinished {
                    self.release(connection, reusable: true)
                } else {
                    connection.run(exchange, reused: false)
                }
            case .failure(let error):
                self.open -= 1
                exchange.finish(.failure(self.mapError(StoreErrors.connectFailure(error))))
                self.openForWaiting()
            }
        }
    }

    /// A connection closed (by either side): it no longer counts, and a waiting request may open a new one.
    private func closed(_ connection: StoreConnection) {
        open -= 1
        all[ObjectIdentifier(connection)] = nil
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
        openForWaiting()
    }

    private func openForWaiting() {
        guard !closed, open < limit, let next = nextWaiting() else { return }
        connect(for: next)
    }

    /// The first waiting request that has not ended meanwhile (timed out or cancelled).
    private func nextWaiting() -> StoreExchange? {
        while let next = waiting.popFirst() {
            if !next.isFinished { return next }
        }
        return nil
    }

    /// Fails waiting requests and closes every connection; later requests fail at once.
    func close() {
        loop.preconditionInEventLoop()
        closed = true
        let shutting = StorageError(.unavailable, "The storage is shutting down; the request was not completed.")
        while let next = waiting.popFirst() { next.finish(.failure(shutting)) }
        for connection in all.values { connection.shutDown(shutting) }
        idle.removeAll()
    }
}

/// One kept-alive HTTP/1.1 connection: the last handler of its channel's pipeline.
///
/// It runs one exchange at a time, and holds back reads while a streamed body's consumer is behind.
final class StoreConnection: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private unowned let pool: StorePool
    private var context: ChannelHandlerContext?
    private var exchange: StoreExchange?
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
        pool.release(self, reusable: reusable)
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
        guard let exchange else {
            // An answer nobody asked for: the connection cannot be trusted.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head): exchange.receive(head: head)
        case .body(let body): exchange.receive(body: body)
        case .end: exchange.receiveEnd()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange {
            self.exchange = nil
            exchange.connectionLost()
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
