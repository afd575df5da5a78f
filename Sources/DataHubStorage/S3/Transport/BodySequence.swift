import NIOConcurrencyHelpers
import NIOCore

/// The body of a streamed download. Dropping every copy of it (and its iterators) aborts the transfer.
struct BodySequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Cancels the channel when the last reference to the body goes away.
    final class Owner: Sendable {
        let channel: BodyChannel
        init(_ channel: BodyChannel) { self.channel = channel }
        deinit { channel.cancel() }
    }

    let owner: Owner

    /// Wraps a channel.
    init(channel: BodyChannel) {
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
