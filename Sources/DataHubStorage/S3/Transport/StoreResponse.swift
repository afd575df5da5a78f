import NIOCore
import NIOHTTP1

/// The answer to a `StoreRequest`.
struct StoreResponse: Sendable {
    /// The HTTP status of the final response.
    var status: Int
    /// Response headers, in arrival order.
    var headers: ResponseHeaders
    /// The collected body (error bodies of streamed requests are collected too).
    var body: ByteBuffer
    /// The body stream, for `.stream` requests answered with a 2xx status.
    var stream: ObjectBody?

    /// The first header of that name (case-insensitive), or `nil`.
    func header(_ name: String) -> String? {
        headers.first(name: name)
    }
}
