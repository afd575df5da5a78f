import NIOCore
import NIOHTTP1

/// Why the store's bytes cannot be read as an HTTP/1.1 answer.
struct StoreResponseError: Error, Equatable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
