import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A raw-socket HTTP/1.1 client for what URLSession will not send (broken request lines, bad framing, dribbled
/// bodies) and for watching exactly how a response ends. Blocking sockets, always on a thread of its own.
enum RawHTTP {
    /// How reading a response stopped.
    enum Ending: String, Sendable {
        /// The whole response arrived (its `Content-Length`, or the last chunk).
        case complete
        /// The server closed the connection (FIN) first.
        case closed
        /// The connection was reset.
        case reset
        /// Nothing more arrived before the deadline; the connection was still open.
        case timedOut
        /// The connection could not be made or the request could not be sent.
        case sendFailed
    }

    /// What came back.
    struct Reply: Sendable {
        /// The status code, when a status line arrived.
        var status: Int?
        /// Header fields, names lower-cased (the last of duplicates wins).
        var headers: [String: String] = [:]
        /// The body bytes as received (still chunk-framed for chunked responses).
        var body: [UInt8] = []
        /// How the read ended.
        var ending: Ending = .timedOut
        /// Seconds from the first byte sent to the end of the read.
        var seconds: Double = 0
        /// The announced `Content-Length`, if any.
        var contentLength: Int? { headers["content-length"].flatMap { Int($0) } }
        /// The whole raw reply as text (for grepping).
        var text: String {
            let head = headers.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
            return "\(status ?? 0)\n\(head)\n" + String(decoding: body, as: UTF8.self)
        }
    }

    /// One piece of a request: bytes to send, then a pause.
    struct Piece: Sendable {
        /// The bytes to send.
        var bytes: [UInt8]
        /// Seconds to wait after sending them.
        var pauseAfter: Double = 0
        /// A piece of raw bytes.
        init(_ bytes: [UInt8], pauseAfter: Double = 0) {
            self.bytes = bytes
            self.pauseAfter = pauseAfter
        }
        /// A piece of UTF-8 text.
        init(_ text: String, pauseAfter: Double = 0) {
            self.init(Array(text.utf8), pauseAfter: pauseAfter)
        }
    }

    /// Sends `pieces` to 127.0.0.1:`port` and reads one response for at most `timeout` seconds.
    /// With `halfClose`, the write side is shut after the last piece (a body that stops early).
    static func exchange(port: Int, _ pieces: [Piece], timeout: Double = 5, halfClose: Bool = false) async -> Reply {
        await onThread { exchangeBlocking(port: port, pieces, timeout: timeout, halfClose: halfClose) }
    }

    /// Runs blocking work on a new thread and resumes with its result (never blocks the cooperative pool).
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private static func exchangeBlocking(port: Int, _ pieces: [Piece], timeout: Double, halfClose: Bool) -> Reply {
        let start = Date()
        guard let fd = connectLoopback(port: port) else { return Reply(ending: .sendFailed) }
        defer { close(fd) }
        for piece in pieces {
            var offset = 0
            while offset < piece.bytes.count {
                let sent = piece.bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                // The server may answer (e.g. 400/413) and close before taking everything: read what it said.
                guard sent > 0 else { return read(fd, start: start, timeout: timeout) }
                offset += sent
            }
            if piece.pauseAfter > 0 { Thread.sleep(forTimeInterval: piece.pauseAfter) }
        }
        if halfClose { shutdown(fd, Int32(SHUT_WR)) }
        return read(fd, start: start, timeout: timeout)
    }

    private static func read(_ fd: Int32, start: Date, timeout: Double) -> Reply {
        var reply = Reply()
        var data = [UInt8]()
        var headerEnd: Int?
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = start.addingTimeInterval(timeout)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                reply.ending = .timedOut
                break
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000) + 1) > 0 else { continue }
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 {
                reply.ending = .closed
                break
            }
            if count < 0 {
                reply.ending = errno == ECONNRESET ? .reset : .closed
                break
            }
            data.append(contentsOf: chunk[0..<count])
            if headerEnd == nil, let end = findHeaderEnd(data) {
                headerEnd = end
                parseHead(Array(data[0..<end]), into: &reply)
            }
            if let end = headerEnd, isComplete(data[end...], reply) {
                reply.ending = .complete
                break
            }
        }
        if let end = headerEnd { reply.body = Array(data[end...]) } else if !data.isEmpty { parseHead(data, into: &reply) }
        reply.seconds = Date().timeIntervalSince(start)
        return reply
    }

    private static func isComplete(_ body: ArraySlice<UInt8>, _ reply: Reply) -> Bool {
        if let length = reply.contentLength { return body.count >= length }
        if reply.headers["transfer-encoding"]?.lowercased() == "chunked" { return body.suffix(5).elementsEqual(Array("0\r\n\r\n".utf8)) }
        // 1xx/204/304 and bodiless errors: a complete head is the whole answer only without a body framing.
        return reply.status.map { $0 == 204 || $0 == 304 } ?? false
    }

    private static func findHeaderEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 3..<data.count where data[index] == 10 && data[index - 1] == 13 && data[index - 2] == 10 && data[index - 3] == 13 {
            return index + 1
        }
        return nil
    }

    private static func parseHead(_ head: [UInt8], into reply: inout Reply) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        if parts.count >= 2, parts[0].hasPrefix("HTTP/") { reply.status = Int(parts[1]) }
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            reply.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// A connected blocking socket to 127.0.0.1:`port`, or nil.
    static func connectLoopback(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
