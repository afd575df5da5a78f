import NIOCore
import NIOHTTP1

/// One HTTP request to the store, for either transport: already signed, ready to send.
struct StoreRequest: Sendable {
    /// What to do with the response body.
    enum ResponseMode: Sendable {
        /// Collect the body in memory, up to this many bytes (more is a failure).
        case collect(limit: Int)
        /// Return as soon as a 2xx status and its headers are known; stream the body through a bounded queue.
        case stream
    }

    /// `GET`, `HEAD`, `PUT` or `DELETE`.
    var method: String
    /// `scheme://host[:port]` of the store.
    var base: String
    /// The request target: the URL's path and query, already encoded.
    var target: String
    /// The full URL.
    var url: String { base + target }
    /// Request headers (`Host`, `Authorization`, …), sent as given.
    var headers: HTTPHeaders
    /// The upload body for `PUT`, `nil` for none.
    var body: PutBody?
    /// How the response body is handled.
    var mode: ResponseMode = .collect(limit: 1 << 20)
    /// Connection setup limit.
    var connectTimeout: Duration
    /// The transfer is aborted when no byte moves for this long.
    var idleTimeout: Duration
    /// Overall limit for the whole call; `nil` for transfers with a body, which only have the idle limit.
    var totalTimeout: Duration?
    /// A PEM file of CAs to trust for `https://`, else the system's.
    var caFile: String?

    /// Streamed bodies up to this size are collected and handed over with the head (one hand-off for small objects).
    static let smallBodyLimit = 64 * 1024

    /// The most bytes an answer's body may be collected up to: the mode's limit, or for a streamed request a
    /// small 2xx body collected whole, or an error body.
    var collectLimit: Int {
        switch mode {
        case .collect(let limit): limit
        case .stream: Self.smallBodyLimit
        }
    }

    /// Whether a 2xx answer announcing `contentLength` is collected whole rather than streamed (only `.stream`
    /// requests stream at all).
    func collectsWhole(contentLength: String?) -> Bool {
        collectsWhole(length: contentLength.flatMap { Int($0) })
    }

    /// Whether a 2xx answer of `length` bytes (`nil`: not announced) is collected whole rather than streamed.
    func collectsWhole(length: Int?) -> Bool {
        guard let length else { return false }
        return length <= Self.smallBodyLimit
    }
}
