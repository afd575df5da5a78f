import NIOConcurrencyHelpers

/// Idle libcurl easy handles kept for reuse, so that each request finds a warm keep-alive connection.
///
/// The lock is held only to push or pop an array element, never across a transfer.
final class CurlHandlePool: Sendable {
    private struct State {
        var idle: [CurlEasy] = []
        var closed = false
    }

    private let state = NIOLockedValueBox(State())
    private let maxIdle: Int

    /// Creates an empty pool that keeps at most `maxIdle` idle handles.
    init(maxIdle: Int) {
        self.maxIdle = max(1, maxIdle)
    }

    /// An idle handle, or a new one; `nil` when the pool is closed or libcurl cannot make a handle.
    func take() -> CurlEasy? {
        let (closed, reused) = state.withLockedValue { state in (state.closed, state.closed ? nil : state.idle.popLast()) }
        if closed { return nil }
        return reused ?? CurlEasy()
    }

    /// Hands a handle back for reuse (it is released instead when the pool is closed or full).
    func give(_ handle: CurlEasy) {
        // The handle drops (curl_easy_cleanup) outside the lock when it is not kept.
        let dropped: CurlEasy? = state.withLockedValue { state in
            if state.closed || state.idle.count >= maxIdle { return handle }
            state.idle.append(handle)
            return nil
        }
        _ = dropped
    }

    /// Releases every idle handle and refuses new ones.
    func close() {
        let released = state.withLockedValue { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        _ = released.count
    }
}
