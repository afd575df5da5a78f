import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// One kept-alive HTTP/1.1 connection: the last handler of its channel's pipeline (after TLS, if any).
///
/// It runs one exchange at a time: the exchange writes the request's bytes, the connection reads the answer
/// (`StoreResponseParser`), and holds back reads while a streamed body's consumer is behind.
///
/// Back-calls: the parsed answer goes up to the exchange (`receive`, `receiveEnd`, `failed`, `connectionLost`)
/// because the exchange owns the waiter and the body channel; the connection goes back to its pool (`release`)
/// because only the connection knows when an answer has fully ended and whether it can be reused.
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
                exchange.failed(StoreTransportError(kind: .connectionLost, code: 0, text: "the store's answer is not valid HTTP: \(error)"))
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
