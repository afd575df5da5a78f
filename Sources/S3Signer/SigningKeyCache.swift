#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The signing key of the most recent day a signer was asked for, so the four-HMAC derivation runs about once a day
/// rather than once a request.
///
/// One entry, so memory stays constant. A signer's secret, region and service never change, and each signer makes its
/// own cache, so the day alone identifies the key. The lock covers reading or replacing the entry only: derivation runs
/// outside it, so threads crossing midnight together may each derive the same key, which is harmless.
/// Shows no key material in `description` or its mirror.
final class SigningKeyCache: @unchecked Sendable, CustomStringConvertible, CustomReflectable {
    // @unchecked: `current` is only read or written with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var current: SigningKey?

    /// An empty cache.
    init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// The key for `day`: the cached one when it is that day's, else `derive()`'s result, which then replaces it.
    /// - Parameters:
    ///   - day: `YYYYMMDD`.
    ///   - derive: Derives the key for `day`; called without the lock held.
    /// - Returns: The key for `day`.
    func key(day: String, derive: () -> SigningKey) -> SigningKey {
        if let cached = withLock({ current }), cached.day == day { return cached }
        let fresh = derive()
        withLock { current = fresh }
        return fresh
    }

    private func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// No key material, and no day either (reading it would take the lock).
    var description: String { "SigningKeyCache(key: ***)" }

    /// No children, so `dump` and debuggers cannot show the cached key.
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
