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
