import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy for fault injection, on plain blocking sockets and threads of its own (never the
/// cooperative pool). It sits between DataHub and the store; `mode` decides what happens to the bytes.
final class TCPProxy: Sendable {
    /// What the proxy does with traffic.
    enum Mode: Sendable, Equatable {
        /// Forwards every byte at once.
        case pass
        /// Holds every chunk this long before forwarding it.
        case latency(Duration)
        /// Forwards nothing more (both directions); connections stay open. New connections are accepted and stall too.
        case stall
        /// Forwards at most this many more bytes from the store (all connections together), then stalls.
        case stallAfter(bytes: Int)
        /// Resets every open and new connection (RST, via `SO_LINGER` 0).
        case reset
    }

    /// The port DataHub should connect to.
    let port: Int
    /// `http://127.0.0.1:<port>`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    private let upstreamPort: Int
    private let listener: Int32
    private let state = Mutex<State>(State())

    private struct State {
        var mode: Mode = .pass
        var budget = 0
        var stopped = false
        var sockets: Set<Int32> = []
        var accepted = 0
    }

    /// Starts listening on a free loopback port, forwarding to 127.0.0.1:`upstreamPort`.
    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("TCPProxy: socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw TestFailure("TCPProxy: cannot listen on loopback")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
    }

    /// Changes what the proxy does; `.reset` also resets every open connection now.
    func setMode(_ mode: Mode) {
        let toReset: Set<Int32> = state.withLock { state in
            state.mode = mode
            if case .stallAfter(let bytes) = mode { state.budget = bytes }
            return mode == .reset ? state.sockets : []
        }
        toReset.forEach(Self.resetSocket)
    }

    /// Connections accepted so far.
    var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Stops accepting and resets every connection. Safe to call more than once.
    func stop() {
        let sockets: Set<Int32>? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.sockets
        }
        guard let sockets else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        sockets.forEach(Self.resetSocket)
    }

    private func acceptLoop() {
        defer { close(listener) }
        while !state.withLock({ $0.stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let (mode, stopped) = state.withLock { state in
                state.accepted += 1
                return (state.mode, state.stopped)
            }
            guard !stopped, mode != .reset, let upstream = Self.connectUpstream(port: upstreamPort) else {
                Self.resetSocket(client)
                close(client)
                continue
            }
            state.withLock { $0.sockets.formUnion([client, upstream]) }
            let ends = PumpEnds()
            let pair = Thread { [self] in pump(from: client, to: upstream, fromStore: false, ends: ends) }
            let back = Thread { [self] in pump(from: upstream, to: client, fromStore: true, ends: ends) }
            pair.start()
            back.start()
        }
    }

    /// Copies bytes one way until either side closes; the store→client side is the one `stallAfter` counts.
    private func pump(from source: Int32, to sink: Int32, fromStore: Bool, ends: PumpEnds) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        defer {
            shutdown(sink, Int32(SHUT_WR))
            shutdown(source, Int32(SHUT_RD))
            // The second pump to finish closes both sockets.
            if ends.count.withLock({ count in
                count += 1
                return count == 2
            }) {
                state.withLock { $0.sockets.subtract([source, sink]) }
                close(source)
                close(sink)
            }
        }
        while true {
            let count = recv(source, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            var offset = 0
            while offset < count {
                guard let allowed = waitForPermission(bytes: count - offset, fromStore: fromStore, ends: ends) else { return }
                let sent = send(sink, Array(buffer[offset..<(offset + allowed)]), allowed, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    /// How many of `bytes` may go now; waits (bounded by `stop()`/mode changes) while stalled; `nil` to give up.
    private func waitForPermission(bytes: Int, fromStore: Bool, ends: PumpEnds) -> Int? {
        while true {
            let (mode, stopped, allowed): (Mode, Bool, Int) = state.withLock { state in
                if fromStore, case .stallAfter = state.mode {
                    let take = min(bytes, state.budget)
                    state.budget -= take
                    return (state.mode, state.stopped, take)
                }
                return (state.mode, state.stopped, bytes)
            }
            if stopped || mode == .reset { return nil }
            switch mode {
            case .pass, .reset: return bytes
            case .latency(let delay):
                Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
                return bytes
            case .stall:
                Thread.sleep(forTimeInterval: 0.02)
            case .stallAfter:
                if !fromStore { return bytes }
                if allowed > 0 { return allowed }
                Thread.sleep(forTimeInterval: 0.02)
            }
            // A stalled connection whose other side has gone is closed.
            if ends.count.withLock({ $0 }) > 0 { return nil }
        }
    }

    private static func resetSocket(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }

    private static func connectUpstream(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Counts the finished pumps of one proxied connection; the second one closes the sockets.
private final class PumpEnds: Sendable {
    let count = Mutex(0)
}
