#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A day's signing key, held as its two HMAC pads so that a signature costs two SHA-256 calls and nothing more.
///
/// HMAC-SHA-256 (RFC 2104) of `m` under a key `K` of at most 64 bytes is `SHA-256((K0 ⊕ opad) ‖ SHA-256((K0 ⊕ ipad) ‖ m))`,
/// where `K0` is `K` zero-padded to the 64-byte block. The pads depend on the key only, so they are computed once.
/// Neither `description` nor the mirror shows key material.
final class SigningKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The `YYYYMMDD` day the key was derived for.
    let day: String
    /// `K0 ⊕ 0x36…`, the 64-byte block that opens the inner hash.
    private let innerPad: [UInt8]
    /// `K0 ⊕ 0x5c…`, the 64-byte block that opens the outer hash.
    private let outerPad: [UInt8]

    /// The block size of SHA-256, in bytes.
    private static let blockSize = 64

    /// Prepares `key` (the output of `SigV4Signer.signingKey(day:)`, 32 bytes) for signing on `day`.
    init(day: String, key: [UInt8]) {
        precondition(key.count <= Self.blockSize, "HMAC keys longer than a block are hashed first; signing keys never are")
        let padded = key + [UInt8](repeating: 0, count: Self.blockSize - key.count)
        self.day = day
        innerPad = padded.map { $0 ^ 0x36 }
        outerPad = padded.map { $0 ^ 0x5c }
    }

    /// Appends the lower-case hex HMAC-SHA-256 under this key (64 digits) of the message `message` writes.
    /// - Parameters:
    ///   - out: The buffer to append the hex digits to.
    ///   - capacity: The expected message length, so the working buffer is allocated once.
    ///   - message: Appends the message to the buffer it is given (which already holds the inner pad).
    func appendHMACHex(to out: inout [UInt8], capacity: Int, message: (inout [UInt8]) -> Void) {
        var buffer = [UInt8]()
        buffer.reserveCapacity(Self.blockSize + max(capacity, 32))
        buffer.append(contentsOf: innerPad)
        message(&buffer)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { inner in
            Bytes.sha256(buffer, into: inner)
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: outerPad)
            buffer.append(contentsOf: inner)
        }
        Bytes.appendSHA256Hex(of: buffer, to: &out)
    }

    /// The day only; the key stays hidden.
    var description: String { "SigningKey(day: \(day), key: ***)" }

    /// The day only, so `dump` and debuggers cannot show the key either.
    var customMirror: Mirror { Mirror(self, children: ["day": day], displayStyle: .class) }
}

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
