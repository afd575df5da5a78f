import NIOCore
import NIOHTTP1

/// A transfer that failed below HTTP: no connection, DNS, TLS, timeout, reset, or an aborted transfer.
struct StoreTransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for choosing a message.
    enum Kind: Sendable {
        case connect, resolve, timeout, idle, tls, connectionLost, tooLarge, localFile, cancelled, other
    }

    /// The kind of failure.
    var kind: Kind
    /// The curl transport's `CURLcode`; 0 when the failure is not libcurl's (the NIO transport, an unreadable file).
    var code: Int
    /// What happened, in libcurl's words or ours.
    var text: String

    var description: String { code == 0 ? text : "curl error \(code): \(text)" }
}
