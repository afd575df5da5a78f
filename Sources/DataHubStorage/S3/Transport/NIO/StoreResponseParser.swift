import NIOCore
import NIOHTTP1

/// Reads the store's HTTP/1.1 answers from a connection's bytes, one answer per request (no pipelining).
///
/// It does what the store's connections need and no more: the status line and headers (1xx interim answers
/// skipped), then the body as `Content-Length`, `chunked` or close-delimited framing decides, with none after a
/// `HEAD` request or for 204 and 304. Body bytes are handed on as slices of the bytes read, not copied. It replaces
/// NIO's general HTTP decoder, which on a 1 KB GET cost about a seventh of the client's CPU.
///
/// Pull-style: `next(_:)` returns one event at a time, so that whoever handles an event (which may hand the
/// connection to the next request) never runs while the parser is in the middle of its input.
struct StoreResponseParser {
    enum Event {
        case head(Head)
        case body(ByteBuffer)
        case end
    }

    /// A final (non-1xx) answer's status line and headers.
    struct Head {
        var version: HTTPVersion
        var status: Int
        var headers: ResponseHeaders
        /// The connection may carry another request after this answer (HTTP/1.1 without `Connection: close`,
        /// HTTP/1.0 with `Connection: keep-alive`).
        var keepAlive: Bool
        /// The `Content-Length`, if the answer has one.
        var contentLength: Int?
        /// The last `Transfer-Encoding` coding, lowercased, if any.
        var lastCoding: String?
    }

    private enum State: Equatable {
        /// No request is out: no byte is expected.
        case idle
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The line break after a chunk's data.
        case chunkEnd
        case trailers(seen: Int)
        case untilClose
    }

    /// The most bytes a head (status line and headers) or a trailer section may take.
    static let headLimit = 64 * 1024
    /// The most bytes a chunk-size line may take.
    static let chunkLineLimit = 1024

    private var state = State.idle
    /// Bytes of a line-oriented part (a head, a chunk-size line, trailers) that did not end in the last read.
    private var pending = ByteBuffer()
    /// The request was a `HEAD`: its answer has no body whatever its headers say.
    private var answersHEAD = false

    /// A request went out: what comes next is its answer.
    mutating func expectAnswer(toHEAD: Bool) {
        state = .head
        answersHEAD = toHEAD
        pending.clear()
    }

    /// Whether no answer is being read (none expected, or the last one ended).
    var isIdle: Bool { state == .idle }

    /// The connection's input ended. Returns `true` when that ends the answer (a close-delimited body);
    /// otherwise an answer that was under way was cut short.
    mutating func inputClosed() -> Bool {
        guard state == .untilClose else { return false }
        state = .idle
        return true
    }

    /// The next event from `input` (consuming what it used), or `nil` when `input` holds no more of the answer:
    /// it needs more bytes, or the answer ended (`isIdle`) and whatever is left in `input` was not asked for.
    mutating func next(_ input: inout ByteBuffer) throws -> Event? {
        while true {
            switch state {
            case .idle:
                return nil
            case .head:
                guard let (parsed, bytes) = try takeLines(from: &input, limit: Self.headLimit, Self.parseHead) else { return nil }
                if parsed.status == 101 { throw StoreResponseError("the store switched protocols") }
                if parsed.status < 200 { continue }  // 100 Continue and other interim answers: the real one follows.
                var head = parsed.head
                // The header lines stay as bytes: a slice of what was read, no copy.
                head.headers = ResponseHeaders(
                    lines: bytes.getSlice(at: bytes.readerIndex + parsed.fields.lowerBound, length: parsed.fields.count) ?? ByteBuffer()
                )
                state = bodyFraming(of: head)
                return .head(head)
            case .fixed(let remaining):
                if remaining == 0 {
                    state = .idle
                    return .end
                }
                guard let slice = take(upTo: remaining, from: &input) else { return nil }
                state = .fixed(remaining: remaining - slice.readableBytes)
                return .body(slice)
            case .chunkSize:
                guard let (size, _) = try takeLines(from: &input, limit: Self.chunkLineLimit, Self.parseChunkSize) else { return nil }
                state = size == 0 ? .trailers(seen: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard let slice = take(upTo: remaining, from: &input) else { return nil }
                let left = remaining - slice.readableBytes
                state = left == 0 ? .chunkEnd : .chunkData(remaining: left)
                return .body(slice)
            case .chunkEnd:
                guard try takeLines(from: &input, limit: 2, Self.parseEmptyLine) != nil else { return nil }
                state = .chunkSize
            case .trailers(let seen):
                guard let (length, _) = try takeLines(from: &input, limit: Self.headLimit - seen, Self.parseTrailerLine) else { return nil }
                if length == 0 {
                    state = .idle
                    return .end
                }
                state = .trailers(seen: seen + length)
            case .untilClose:
                guard let slice = take(upTo: Int.max, from: &input) else { return nil }
                return .body(slice)
            }
        }
    }

    /// How the body after `head` is delimited (RFC 9112, section 6.3).
    private func bodyFraming(of head: Head) -> State {
        if answersHEAD || head.status == 204 || head.status == 304 { return .fixed(remaining: 0) }
        // A final `chunked` frames the body; any other coding runs until the store closes.
        if let coding = head.lastCoding { return coding == "chunked" ? .chunkSize : .untilClose }
        return head.contentLength.map { .fixed(remaining: $0) } ?? .untilClose
    }

    // MARK: - Bytes

    /// Up to `limit` readable bytes of `input` as a slice (no copy), or `nil` when it has none.
    private func take(upTo limit: Int, from input: inout ByteBuffer) -> ByteBuffer? {
        let count = min(limit, input.readableBytes)
        guard count > 0 else { return nil }
        return input.readSlice(length: count)
    }

    /// Runs `parse` over the bytes of `pending` and `input` together; `parse` returns what it read and how many
    /// bytes that took, or `nil` when the part is not complete yet. What is not complete waits in `pending`, up
    /// to `limit` bytes. Returns the value and the bytes it was read from (a slice of `input`).
    private mutating func takeLines<T>(
        from input: inout ByteBuffer,
        limit: Int,
        _ parse: (UnsafeRawBufferPointer) throws -> (T, Int)?
    ) throws -> (T, ByteBuffer)? {
        if pending.readableBytes > 0 {
            pending.writeBuffer(&input)
            input = pending
            // Not `clear()`: that would keep the storage, which `input` now shares.
            pending = ByteBuffer()
        }
        let limit = max(limit, 1)
        let parsed = try input.withUnsafeReadableBytes { bytes in
            try parse(UnsafeRawBufferPointer(rebasing: bytes.prefix(limit)))
        }
        guard let (value, used) = parsed else {
            guard input.readableBytes < limit else { throw StoreResponseError("an answer part is longer than \(limit) bytes") }
            pending.writeBuffer(&input)
            return nil
        }
        guard let bytes = input.readSlice(length: used) else { throw StoreResponseError("a parser step claimed more bytes than it had") }
        return (value, bytes)
    }
}
