public import Foundation
public import NIOCore

/// A type-erased stream of body chunks. A transfer that fails half-way throws from `next()`,
/// so a consumer never mistakes a cut body for a whole one.
public struct ObjectBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    /// A small object arrives whole: it is held directly, without boxing a sequence and its iterator (this is on
    /// every read of one).
    private enum Source: Sendable {
        case single(ByteBuffer?)
        case sequence(any (AsyncSequence<ByteBuffer, any Error> & Sendable))
    }

    private let source: Source

    /// Wraps any sequence of byte buffers.
    public init(_ base: some AsyncSequence<ByteBuffer, any Error> & Sendable) {
        self.source = .sequence(base)
    }

    private init(source: Source) {
        self.source = source
    }

    /// A body that yields one buffer.
    public static func single(_ buffer: ByteBuffer) -> ObjectBody {
        ObjectBody(source: .single(buffer.readableBytes > 0 ? buffer : nil))
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .single(let buffer): AsyncIterator(single: buffer, base: nil)
        case .sequence(let base): AsyncIterator(single: nil, base: base.makeAsyncIterator())
        }
    }

    /// Yields the one buffer, or iterates the underlying sequence.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var single: ByteBuffer?
        var base: (any AsyncIteratorProtocol<ByteBuffer, any Error>)?

        public mutating func next() async throws -> ByteBuffer? {
            guard base != nil else {
                defer { single = nil }
                return single
            }
            return try await base?.next() ?? nil
        }
    }
}
