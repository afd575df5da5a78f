import CCrypto

/// SHA-256, HMAC-SHA-256 and MD5 over OpenSSL's libcrypto, with hex rendering.
public enum Digest {
    /// The SHA-256 digest of `bytes`.
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        withContiguous(bytes) { ptr in CCrypto_sha256(ptr.baseAddress, ptr.count, &out) }
        return out
    }

    /// HMAC-SHA-256 of `data` under `key`.
    public static func hmacSHA256(key: some Collection<UInt8>, data: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        withContiguous(key) { k in
            withContiguous(data) { d in CCrypto_hmac_sha256(k.baseAddress, k.count, d.baseAddress, d.count, &out) }
        }
        return out
    }

    /// Lower-case hex of the SHA-256 digest of `bytes`: a signed request's payload hash, made without a
    /// generic collection or an intermediate array (it runs for every uploaded body).
    public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            CCrypto_sha256(bytes.baseAddress, bytes.count, digest.baseAddress)
            return String(unsafeUninitializedCapacity: 64) { out in
                Hex.write(of: UnsafeBufferPointer(digest), to: out)
                return 64
            }
        }
    }

    /// Writes the SHA-256 of `input` into `output`, which must hold 32 bytes (the signer's hot path: no array).
    public static func sha256(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(output.count >= 32, "a SHA-256 digest needs 32 bytes")
        CCrypto_sha256(input.baseAddress, input.count, output.baseAddress)
    }

    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var chars = [UInt8]()
        chars.reserveCapacity(2 * bytes.underestimatedCount)
        for byte in bytes {
            chars.append(Hex.digit(byte >> 4))
            chars.append(Hex.digit(byte & 0x0f))
        }
        return String(decoding: chars, as: UTF8.self)
    }

    private static func withContiguous<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }
}
