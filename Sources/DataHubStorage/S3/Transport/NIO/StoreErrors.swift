import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps NIO failures to the transport's failure kinds.
enum StoreErrors {
    static func connectFailure(_ error: any Error) -> StoreTransportError {
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty && (error.dnsAError != nil || error.dnsAAAAError != nil) {
                return StoreTransportError(kind: .resolve, code: 0, text: "cannot resolve \(error.host)")
            }
            let reasons = error.connectionErrors.map { "\($0.error)" }
            return StoreTransportError(kind: .connect, code: 0, text: "cannot connect to \(error.host):\(error.port): \(reasons.first ?? "\(error)")")
        }
        if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
            return StoreTransportError(kind: .connect, code: 0, text: "connection timed out after \(amount.nanoseconds / 1_000_000) ms")
        }
        return StoreTransportError(kind: .connect, code: 0, text: "cannot connect: \(error)")
    }

    static func transferFailure(_ error: any Error) -> StoreTransportError {
        switch error {
        case let error as NIOSSLError:
            if case .uncleanShutdown = error {
                return StoreTransportError(kind: .connectionLost, code: 0, text: "TLS connection closed without close_notify")
            }
            return StoreTransportError(kind: .tls, code: 0, text: "TLS: \(error)")
        case let error as BoringSSLError:
            return StoreTransportError(kind: .tls, code: 0, text: "TLS: \(error)")
        case let error as IOError:
            return StoreTransportError(kind: .connectionLost, code: 0, text: "\(error)")
        default:
            return StoreTransportError(kind: .other, code: 0, text: "\(error)")
        }
    }

    static func fileError(_ what: String) -> StoreTransportError {
        StoreTransportError(kind: .localFile, code: 0, text: "\(what): \(String(cString: strerror(errno)))")
    }
}
