import CCurl
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// One thread that runs every transfer of a `CurlClient` with libcurl's multi interface.
///
/// Requests arrive from any thread through a small locked inbox and a `curl_multi_wakeup`; the thread adds
/// them to the multi handle (at most `maxTransfers` at once, the rest wait in order), drives them with
/// `curl_multi_perform` / `curl_multi_poll`, and resumes each waiter when its transfer ends. No call ever
/// blocks on one transfer, so thousands of requests cost one thread, and under load one wake-up serves many
/// transfers. Connections live in the multi handle's cache and are reused (keep-alive).
///
/// The loop also enforces what libcurl does not: the idle limit (no byte moved for `idleTimeout`), a consumer
/// that leaves a full body queue unread for `stallLimit`, and requests that waited a whole timeout for a slot.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var attention: [CurlTransfer] = []
        var closing = false
        var sleeping = false
        var finished = false
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The only state shared with other threads; held for an append or a swap, never across a curl call.
    private let inbox = NIOLockedValueBox(Inbox())
    private let multi: UnsafeMutableRawPointer?
    private let maxTransfers: Int
    private let stallLimit: Duration
    private let closingError: any Error

    // Loop-thread state.
    private var waiting = CircularBuffer<CurlTransfer>()
    private var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [CurlEasy] = []
    private var lastSweep = ContinuousClock.now
    private static let sweepInterval: Duration = .milliseconds(100)

    /// Starts the loop's thread.
    /// - Parameters:
    ///   - maxTransfers: transfers in flight at once (and so connections to the store); more requests wait.
    ///   - stallLimit: how long a streamed body may sit unread while its queue is full before it is dropped.
    ///   - closingError: what requests still in flight fail with when the loop shuts down.
    init(name: String, maxTransfers: Int, stallLimit: Duration, closingError: any Error) {
        self.maxTransfers = max(1, maxTransfers)
        self.stallLimit = stallLimit
        self.closingError = closingError
        self.multi = curlGlobalInitResult == CURLE_OK ? curl_multi_init() : nil
        if let multi {
            _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, self.maxTransfers)
        }
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues a transfer; it fails at once when the loop is closing or libcurl could not start.
    func submit(_ transfer: CurlTransfer) {
        if !enqueue(transfer, on: \.submitted) || multi == nil { transfer.failNotRun() }
    }

    /// Asks the loop to look at a running transfer: it was aborted, or its consumer drained or left the body queue.
    func poke(_ transfer: CurlTransfer) {
        _ = enqueue(transfer, on: \.attention)
    }

    /// Appends `transfer` to one of the inbox's lists and wakes the thread if it sleeps in `curl_multi_poll`.
    /// - Returns: `false` (and nothing queued) when the loop is closing.
    private func enqueue(_ transfer: CurlTransfer, on list: WritableKeyPath<Inbox, [CurlTransfer]>) -> Bool {
        let (accepted, wake) = inbox.withLockedValue { inbox -> (Bool, Bool) in
            if inbox.closing { return (false, false) }
            inbox[keyPath: list].append(transfer)
            defer { inbox.sleeping = false }
            return (true, inbox.sleeping)
        }
        if wake, let multi { curl_multi_wakeup(multi) }
        return accepted
    }

    /// Asks the thread to fail what is queued or running and to exit; does not wait.
    func close() {
        let wake = inbox.withLockedValue { inbox -> Bool in
            defer { inbox.closing = true }
            return !inbox.closing
        }
        if wake, let multi { curl_multi_wakeup(multi) }
    }

    /// Closes the loop and waits until its thread has released every transfer, handle and connection.
    func shutdown() async {
        close()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = inbox.withLockedValue { inbox -> Bool in
                if inbox.finished { return true }
                inbox.finishWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    // MARK: - The loop thread

    private func run() {
        guard let multi else {
            drainAfterClose(nil)
            return
        }
        var stillRunning: Int32 = 0
        while true {
            let (submitted, attention, closing) = inbox.withLockedValue { inbox in
                defer {
                    inbox.submitted.removeAll(keepingCapacity: true)
                    inbox.attention.removeAll(keepingCapacity: true)
                }
                return (inbox.submitted, inbox.attention, inbox.closing)
            }
            if closing { break }
            for transfer in submitted { waiting.append(transfer) }
            for transfer in attention { look(at: transfer) }
            startWaiting()
            curl_multi_perform(multi, &stillRunning)
            let ended = collectEnded()
            let now = ContinuousClock.now
            if lastSweep.duration(to: now) >= Self.sweepInterval {
                lastSweep = now
                sweep(now)
            }
            // Slots freed just now go to waiting requests before sleeping.
            if ended && !waiting.isEmpty && running.count < maxTransfers { continue }
            let mayPoll = inbox.withLockedValue { inbox -> Bool in
                if !inbox.submitted.isEmpty || !inbox.attention.isEmpty || inbox.closing { return false }
                inbox.sleeping = true
                return true
            }
            if mayPoll {
                let timeout: Int32 = running.isEmpty && waiting.isEmpty ? 1000 : 100
                curl_multi_poll(multi, nil, 0, timeout, nil)
                inbox.withLockedValue { $0.sleeping = false }
            }
        }
        drainAfterClose(multi)
    }

    /// Fails everything still queued or running, releases handles and the multi handle, and wakes `shutdown()`.
    private func drainAfterClose(_ multi: UnsafeMutableRawPointer?) {
        let submitted = inbox.withLockedValue { inbox in
            defer { inbox.submitted = [] }
            return inbox.submitted
        }
        for transfer in submitted { transfer.failNotRun() }
        while let transfer = waiting.popFirst() { transfer.abort(with: closingError) }
        for transfer in Array(running.values) {
            transfer.abort(with: closingError)
            remove(transfer, code: CURLE_ABORTED_BY_CALLBACK)
        }
        idleHandles = []
        if let multi { curl_multi_cleanup(multi) }
        let waiters = inbox.withLockedValue { inbox in
            inbox.finished = true
            defer { inbox.finishWaiters = [] }
            return inbox.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Starts waiting transfers while there are free slots.
    private func startWaiting() {
        guard let multi else { return }
        while running.count < maxTransfers, let transfer = waiting.popFirst() {
            if failedForWaitingTooLong(transfer, now: .now) { continue }
            guard let handle = idleHandles.popLast() ?? CurlEasy() else {
                transfer.failNotRun()
                continue
            }
            let attention: @Sendable () -> Void = { [weak self, weak transfer] in
                if let self, let transfer { self.poke(transfer) }
            }
            guard transfer.begin(with: handle, attention: attention) else {
                recycle(handle)
                continue
            }
            guard curl_multi_add_handle(multi, handle.handle) == CURLM_OK else {
                transfer.end(CURLE_FAILED_INIT, errorText: "libcurl could not add the transfer")
                recycle(handle)
                continue
            }
            running[handle.handle] = transfer
        }
    }

    /// Ends the transfers libcurl reports as done; `true` when any ended.
    private func collectEnded() -> Bool {
        guard let multi else { return false }
        var ended = false
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            var code = CURLE_OK
            guard let easy = CCurl_multi_done(message, &code), let transfer = running[easy] else { continue }
            remove(transfer, code: code)
            ended = true
        }
        return ended
    }

    /// An aborted transfer, or one whose consumer left, is removed; a paused one whose consumer drained goes on.
    private func look(at transfer: CurlTransfer) {
        guard let handle = transfer.handle, running[handle.handle] === transfer else { return }
        if transfer.isAbortRequested || transfer.channel?.isConsumerGone == true {
            return remove(transfer, code: CURLE_ABORTED_BY_CALLBACK)
        }
        if transfer.paused, transfer.channel?.pausedDuration(at: .now) == nil {
            transfer.paused = false
            transfer.lastMoveAt = .now
            // libcurl may deliver the held bytes right here, and the write callback may pause again.
            curl_easy_pause(handle.handle, CURLPAUSE_CONT)
        }
    }

    /// Idle transfers, consumers that left a full queue unread, and requests that waited too long for a slot.
    private func sweep(_ now: ContinuousClock.Instant) {
        for transfer in Array(running.values) {
            if transfer.paused {
                if let paused = transfer.channel?.pausedDuration(at: now), paused >= stallLimit {
                    // A consumer that holds the body but never reads would pin a slot forever.
                    transfer.channel?.cancel()
                    remove(transfer, code: CURLE_ABORTED_BY_CALLBACK)
                }
            } else if transfer.lastMoveAt.duration(to: now) >= transfer.request.idleTimeout {
                transfer.idleTimedOut = true
                remove(transfer, code: CURLE_ABORTED_BY_CALLBACK)
            }
        }
        if let first = waiting.first, first.queuedAt.duration(to: now) >= first.queueLimit {
            var kept = CircularBuffer<CurlTransfer>(initialCapacity: waiting.count)
            while let transfer = waiting.popFirst() {
                if !failedForWaitingTooLong(transfer, now: now) { kept.append(transfer) }
            }
            waiting = kept
        }
    }

    /// Fails a request that waited a whole timeout for a slot (it is then not sent); `true` when it did.
    private func failedForWaitingTooLong(_ transfer: CurlTransfer, now: ContinuousClock.Instant) -> Bool {
        let waited = transfer.queuedAt.duration(to: now)
        guard waited >= transfer.queueLimit else { return false }
        transfer.failQueuedTooLong(waited)
        return true
    }

    /// Takes a transfer off the multi handle, ends it with `code`, and keeps its easy handle for reuse.
    private func remove(_ transfer: CurlTransfer, code: CURLcode) {
        guard let handle = transfer.handle else { return }
        if let multi { curl_multi_remove_handle(multi, handle.handle) }
        running[handle.handle] = nil
        let text = code == CURLE_OK ? "" : handle.errorText(for: code)
        transfer.end(code, errorText: text)
        recycle(handle)
    }

    private func recycle(_ handle: CurlEasy) {
        if idleHandles.count < maxTransfers { idleHandles.append(handle) }
    }
}
