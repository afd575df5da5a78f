import NIOCore
import NIOPosix
import NIOSSL

/// Host and port to connect to, and the name to check the certificate against.
struct StoreAddress: Sendable {
    var host: String
    var port: Int
    /// The TLS server name (SNI), `nil` for IP addresses.
    var serverName: String?

    init(_ endpoint: S3Endpoint) throws {
        var host = Substring(endpoint.host)
        var port = endpoint.scheme == "https" ? 443 : 80
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let parsed = Int(rest.dropFirst()), (1...65535).contains(parsed) else {
                    throw StorageError(.badRequest, "The S3 endpoint '\(endpoint.base)' has a bad port; fix --s3-endpoint.")
                }
                port = parsed
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            guard let parsed = Int(host[host.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw StorageError(.badRequest, "The S3 endpoint '\(endpoint.base)' has a bad port; fix --s3-endpoint.")
            }
            port = parsed
            host = host[..<colon]
        }
        self.host = String(host)
        self.port = port
        let isAddress = (try? SocketAddress(ipAddress: self.host, port: 0)) != nil
        self.serverName = isAddress ? nil : self.host
    }
}
