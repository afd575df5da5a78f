import CCurl
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of one request while a curl worker thread runs it, and the bridge back to the awaiting task.
///
/// Everything except `abort()` is touched only by the worker thread that runs the transfer; libcurl calls
/// the callbacks on that same thread, during `perform`.
final class CurlTransfer: @unchecked Sendable {
    /// Where an upload's bytes come from.
    enum UploadSource {
        case buffer(ByteBuffer)
        case file(descriptor: Int32)
    }

    let request: CurlRequest
    private let mapError: @Sendable (CurlTransportError) -> any Error
    private let streamLimit: Int
    private let stallLimit: Duration
    private typealias Waiter = CheckedContinuation<CurlResponse, any Error>

    // Worker-thread state, read by the callbacks in CurlTransfer+Callbacks.swift.
    var status = 0
    var headers: [(name: String, value: String)] = []
    var collected = ByteBuffer()
    var collectOverflow = false
    var upload: UploadSource?
    var uploadReadFailed = false
    var lastMovedBytes: Int64 = -1
    var lastMoveAt = ContinuousClock.now
    var idleTimedOut = false
    var channel: CurlBodyChannel?

    /// The waiter, taken exactly once by whoever resumes it; and whether the worker has started.
    private struct Shared {
        var waiter: Waiter?
        var channel: CurlBodyChannel?
        var abortRequested = false
        var abortError: (any Error)?
        var started = false
    }

    private let shared: NIOLockedValueBox<Shared>

    /// Creates a transfer that will resume `continuation` exactly once: with the head for streamed 2xx
    /// responses, else with the whole response or the failure.
    init(
        request: CurlRequest,
        streamLimit: Int,
        stallLimit: Duration,
        mapError: @escaping @Sendable (CurlTransportError) -> any Error,
        continuation: CheckedContinuation<CurlResponse, any Error>
    ) {
        self.request = request
        self.streamLimit = streamLimit
        self.stallLimit = stallLimit
        self.mapError = mapError
        self.shared = NIOLockedValueBox(Shared(waiter: continuation))
    }

    /// Asks the transfer to stop (task cancelled, storage shutting down); safe from any thread.
    /// A transfer still queued for a worker fails at once with `error`; a running one stops at its next callback.
    func abort(with error: any Error = CancellationError()) {
        let (queuedWaiter, channel) = shared.withLockedValue { shared -> (Waiter?, CurlBodyChannel?) in
            shared.abortRequested = true
            shared.abortError = shared.abortError ?? error
            guard !shared.started else { return (nil, shared.channel) }
            defer { shared.waiter = nil }
            return (shared.waiter, nil)
        }
        queuedWaiter?.resume(throwing: error)
        // A worker blocked on a full body queue wakes up and stops.
        channel?.cancel()
    }

    /// Whether `abort()` was called.
    var isAbortRequested: Bool {
        shared.withLockedValue { $0.abortRequested }
    }

    private func takeWaiter() -> Waiter? {
        shared.withLockedValue { shared in
            defer { shared.waiter = nil }
            return shared.waiter
        }
    }

    /// The most bytes an error body or a collected body may hold.
    var collectLimit: Int {
        switch request.mode {
        case .collect(let limit): limit
        case .stream: 64 * 1024
        }
    }

    /// Runs the request on the calling (worker) thread with `handle`, then resumes the waiter.
    func run(with handle: CurlEasy) {
        shared.withLockedValue { $0.started = true }
        if isAbortRequested {
            return fail(CurlTransportError(kind: .cancelled, code: 0, text: "request cancelled before it started"))
        }
        if let failure = openUpload() { return fail(failure) }
        defer { closeUpload() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        do {
            headerList = try configure(handle)
        } catch {
            return fail(CurlTransportError(kind: .other, code: error.code, text: error.description))
        }
        let code = handle.perform()
        if code == CURLE_OK {
            succeed()
        } else {
            fail(transportError(code, text: handle.errorText(for: code)))
        }
    }

    /// Fails a transfer that no worker will run (the storage is shutting down, or libcurl cannot make a handle).
    func failNotRun() {
        takeWaiter()?.resume(throwing: StorageError(.unavailable, "The storage is shutting down or out of resources; the request was not sent."))
    }

    /// Fails a transfer that waited too long for a free worker, without sending it (the store is too slow to keep up).
    func failQueuedTooLong(_ waited: Duration) {
        takeWaiter()?.resume(throwing: StorageError(
            .unavailable, "The storage is too slow: the request waited \(waited) for a free connection and was not sent; retry later."))
    }

    /// Called by the header callback at the end of the final header block.
    func headersComplete() {
        guard case .stream = request.mode, (200..<300).contains(status), channel == nil, let waiter = takeWaiter() else { return }
        let channel = CurlBodyChannel(limit: streamLimit, stallLimit: stallLimit)
        self.channel = channel
        if shared.withLockedValue({ shared in
            shared.channel = channel
            return shared.abortRequested
        }) {
            channel.cancel()
        }
        waiter.resume(returning: CurlResponse(status: status, headers: headers, body: ByteBuffer(), stream: CurlBodySequence(channel: channel)))
    }

    private func succeed() {
        if let channel {
            channel.finish(.success(()))
        } else if let waiter = takeWaiter() {
            waiter.resume(returning: CurlResponse(status: status, headers: headers, body: collected, stream: nil))
        }
    }

    private func fail(_ failure: CurlTransportError) {
        let abortError: (any Error)? = shared.withLockedValue { $0.abortError }
        let error: any Error = failure.kind == .cancelled ? abortError ?? CancellationError() : mapError(failure)
        if let channel {
            channel.finish(.failure(error))
        } else if let waiter = takeWaiter() {
            waiter.resume(throwing: error)
        }
    }

    private func transportError(_ code: CURLcode, text: String) -> CurlTransportError {
        let number = Int(code.rawValue)
        let kind: CurlTransportError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT: kind = .connect
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .resolve
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_ABORTED_BY_CALLBACK: kind = idleTimedOut ? .idle : .cancelled
        case CURLE_WRITE_ERROR: kind = collectOverflow ? .tooLarge : .cancelled
        case CURLE_READ_ERROR: kind = uploadReadFailed ? .localFile : .other
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            kind = .tls
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY,
            CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .connectionLost
        default: kind = .other
        }
        if kind == .cancelled && !isAbortRequested && channel?.isConsumerGone != true {
            // An abort we did not ask for is a plain failure, not a cancellation.
            return CurlTransportError(kind: .other, code: number, text: text)
        }
        return CurlTransportError(kind: kind, code: number, text: text)
    }

    private func openUpload() -> CurlTransportError? {
        switch request.body {
        case nil: upload = nil
        case .buffer(let buffer): upload = .buffer(buffer)
        case .file(let path, _):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                return CurlTransportError(kind: .localFile, code: 0, text: "cannot open the upload's spool file: \(reason)")
            }
            upload = .file(descriptor: descriptor)
        }
        return nil
    }

    private func closeUpload() {
        if case .file(let descriptor) = upload { close(descriptor) }
        upload = nil
    }
}
