import DataHubStorage
import Digests
import NIOCore

/// An object's bytes hashed as they pass and compared with the SHA-256 stored with it.
///
/// The last chunk is held back until the digest matches, so a consumer never receives a complete-looking
/// wrong body: a mismatch throws `DataServiceError(.integrityError)` in place of the last chunk. A body read
/// whole before answering (≤ 8 MiB) therefore fails before any byte is sent; a streamed one aborts short.
struct DigestCheckedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: ObjectBody
    let key: String
    /// The stored digest, lower-case hex.
    let expected: String
    /// Records a mismatch (log, metric, activity feed) before the error is thrown.
    let onMismatch: @Sendable (_ actual: String) -> Void

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), body: self)
    }

    /// Yields each chunk one step late; the held chunk goes out only once the end has been checked.
    struct AsyncIterator: AsyncIteratorProtocol {
        var base: ObjectBody.AsyncIterator
        let body: DigestCheckedBody
        var hasher: StreamingDigest? = StreamingDigest.sha256()
        var held: ByteBuffer?

        mutating func next() async throws -> ByteBuffer? {
            guard let hasher else { return nil }
            while let chunk = try await base.next() {
                chunk.withUnsafeReadableBytes { hasher.update($0) }
                if let previous = held {
                    held = chunk
                    return previous
                }
                held = chunk
            }
            self.hasher = nil
            let actual = hasher.finalizeHex()
            guard actual == body.expected else {
                held = nil
                body.onMismatch(actual)
                throw DataServiceError(
                    .integrityError,
                    "'\(body.key)' does not match the SHA-256 stored with it: the stored bytes are damaged or were changed "
                        + "outside DataHub; nothing of it was served as whole (restore it from a backup)"
                )
            }
            defer { held = nil }
            return held
        }
    }
}
