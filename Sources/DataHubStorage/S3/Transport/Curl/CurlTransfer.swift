import CCurl
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of one request while the curl loop runs it, and the bridge back to the awaiting task.
///
/// Everything except `abort()`, `isAbortRequested` and the waiter is touched only by the loop thread;
/// libcurl calls the callbacks on that same thread, inside `curl_multi_perform`.
final class CurlTransfer: @unchecked Sendable {
    /// Where an upload's bytes come from.
    enum UploadSource {
        case buffer(ByteBuffer)
        case file(descriptor: Int32)
    }

    let request: StoreRequest
    private let mapError: @Sendable (StoreTransportError) -> any Error
    private let streamLimit: Int
    /// When the request was handed to the client.
    let queuedAt = ContinuousClock.now
    /// A request that waited this long for a free slot fails unsent: with a stalled store the queue grows faster
    /// than it drains, and the wait would otherwise add to the transfer's own timeout without bound.
    var queueLimit: Duration { request.totalTimeout ?? request.idleTimeout }
    private typealias Waiter = CheckedContinuation<StoreResponse, any Error>

    // Worker-thread state, read by the callbacks in CurlTransfer+Callbacks.swift.
    var status = 0
    var headers = ResponseHeaders()
    var collected = ByteBuffer()
    var collectOverflow = false
    var upload: UploadSource?
    var uploadReadFailed = false
    var lastMoveAt = ContinuousClock.now
    var idleTimedOut = false
    var channel: BodyChannel?
    /// A streamed request whose 2xx body is small enough to hand over whole, at the end: no queue, one hop.
    var collectingWholeBody = false
    /// libcurl holds this transfer paused because the body queue is full (`CURL_WRITEFUNC_PAUSE`).
    var paused = false
    /// The handle running this transfer and its header list, while the loop runs it.
    var handle: CurlEasy?
    private var headerList: UnsafeMutablePointer<curl_slist>?

    /// The waiter, taken exactly once by whoever resumes it; and whether the worker has started.
    private struct Shared {
        var waiter: Waiter?
        var abortRequested = false
        var abortError: (any Error)?
        var started = false
        /// Asks the loop to look at this transfer (abort, unpause); set when the loop starts it.
        var attention: (@Sendable () -> Void)?
    }

    private let shared: NIOLockedValueBox<Shared>
    /// The event loop the caller waits on: the answer is handed over there (see `HomeLoop`).
    private let home: (any EventLoop)?

    /// Creates a transfer that will resume `continuation` exactly once: with the head for streamed 2xx
    /// responses, else with the whole response or the failure.
    init(
        request: StoreRequest,
        streamLimit: Int,
        mapError: @escaping @Sendable (StoreTransportError) -> any Error,
        continuation: CheckedContinuation<StoreResponse, any Error>
    ) {
        self.request = request
        self.streamLimit = streamLimit
        self.mapError = mapError
        self.shared = NIOLockedValueBox(Shared(waiter: continuation))
        self.home = HomeLoop.current
    }

    /// Asks the transfer to stop (task cancelled, storage shutting down); safe from any thread.
    /// A transfer still queued fails at once with `error`; a running one is removed by the loop, which is woken.
    func abort(with error: any Error = CancellationError()) {
        let (queuedWaiter, attention) = shared.withLockedValue { shared -> (Waiter?, (@Sendable () -> Void)?) in
            shared.abortRequested = true
            shared.abortError = shared.abortError ?? error
            guard !shared.started else { return (nil, shared.attention) }
            defer { shared.waiter = nil }
            return (shared.waiter, nil)
        }
        if let queuedWaiter { HomeLoop.resume(queuedWaiter, with: .failure(error), on: home) }
        attention?()
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

    /// Resumes the waiter, if it is still waiting, on the caller's event loop.
    private func resumeWaiter(with result: Result<StoreResponse, any Error>) {
        guard let waiter = takeWaiter() else { return }
        HomeLoop.resume(waiter, with: result, on: home)
    }

    /// The most bytes an error body or a collected body may hold.
    var collectLimit: Int { request.collectLimit }

    /// Prepares `handle` for this request (on the loop thread); `false` when the transfer already ended
    /// (aborted before it started, or a failed setup), in which case the waiter has been resumed.
    /// - Parameter attention: wakes the loop for this transfer (an abort, a consumer that drained or left).
    func begin(with handle: CurlEasy, attention: @escaping @Sendable () -> Void) -> Bool {
        let aborted = shared.withLockedValue { shared in
            shared.started = true
            shared.attention = attention
            return shared.abortRequested
        }
        if aborted {
            fail(StoreTransportError(kind: .cancelled, code: 0, text: "request cancelled before it started"))
            return false
        }
        if let failure = openUpload() {
            fail(failure)
            return false
        }
        do {
            headerList = try configure(handle)
        } catch {
            closeUpload()
            fail(StoreTransportError(kind: .other, code: error.code, text: error.description))
            return false
        }
        self.handle = handle
        lastMoveAt = .now
        return true
    }

    /// Ends the transfer with libcurl's result (on the loop thread, after the handle left the multi handle)
    /// and resumes the waiter or ends the body stream.
    func end(_ code: CURLcode, errorText: String) {
        curl_slist_free_all(headerList)
        headerList = nil
        closeUpload()
        handle = nil
        if code == CURLE_OK {
            succeed()
        } else {
            fail(transportError(code, text: errorText))
        }
    }

    /// Fails a transfer that will not run (the storage is shutting down, or libcurl cannot make a handle).
    func failNotRun() {
        resumeWaiter(with: .failure(StorageError.notSent(because: "the storage is shutting down or out of resources")))
    }

    /// Fails a transfer that waited too long for a free slot, without sending it (the store is too slow to keep up).
    func failQueuedTooLong(_ waited: Duration) {
        resumeWaiter(with: .failure(StorageError.queuedTooLong(waited)))
    }

    /// Called by the header callback at the end of the final header block: a streamed 2xx answer is handed
    /// over now with its body stream, unless its body is small, which is collected and handed over at the end.
    func headersComplete() {
        guard case .stream = request.mode, (200..<300).contains(status), channel == nil else { return }
        if request.collectsWhole(contentLength: headers.first(name: "content-length")) {
            collectingWholeBody = true
            return
        }
        startStream()
    }

    /// Hands the head over with a body stream (anything already collected goes first).
    private func startStream() {
        guard let waiter = takeWaiter() else { return }
        let (attention, aborted) = shared.withLockedValue { ($0.attention, $0.abortRequested) }
        let channel = BodyChannel(limit: streamLimit, home: home, onResume: attention ?? {})
        channel.preload(collected)
        collected = ByteBuffer()
        self.channel = channel
        if aborted { channel.cancel() }
        let response = StoreResponse(status: status, headers: headers, body: ByteBuffer(), stream: ObjectBody(BodySequence(channel: channel)))
        HomeLoop.resume(waiter, with: .success(response), on: home)
    }

    /// A small body that turned out bigger than announced switches to streaming.
    func collectedBodyOverflowed() {
        collectingWholeBody = false
        startStream()
    }

    private func succeed() {
        if let channel {
            channel.finish(.success(()))
        } else {
            resumeWaiter(with: .success(StoreResponse(status: status, headers: headers, body: collected, stream: nil)))
        }
    }

    private func fail(_ failure: StoreTransportError) {
        let abortError: (any Error)? = shared.withLockedValue { $0.abortError }
        let error: any Error = failure.kind == .cancelled ? abortError ?? CancellationError() : mapError(failure)
        if let channel {
            channel.finish(.failure(error))
        } else {
            resumeWaiter(with: .failure(error))
        }
    }

    private func transportError(_ code: CURLcode, text: String) -> StoreTransportError {
        let number = Int(code.rawValue)
        let kind: StoreTransportError.Kind
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
            return StoreTransportError(kind: .other, code: number, text: text)
        }
        return StoreTransportError(kind: kind, code: number, text: text)
    }

    private func openUpload() -> StoreTransportError? {
        switch request.body {
        case nil: upload = nil
        case .buffer(let buffer): upload = .buffer(buffer)
        case .file(let path, _):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                return StoreTransportError(kind: .localFile, code: 0, text: "cannot open the upload's spool file: \(reason)")
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
