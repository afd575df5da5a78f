import CCrypto

/// An incremental digest (SHA-256 or MD5) for bodies that arrive in chunks.
public final class StreamingDigest {
    private let handle: OpaquePointer

    /// A SHA-256 digest.
    public static func sha256() -> StreamingDigest { StreamingDigest(CCrypto_digest_new_sha256()) }
    /// An MD5 digest (S3's ETag of a single-part object).
    public static func md5() -> StreamingDigest { StreamingDigest(CCrypto_digest_new_md5()) }

    private init(_ handle: OpaquePointer?) {
        guard let handle else { fatalError("OpenSSL could not allocate a digest context") }
        self.handle = handle
    }

    deinit { CCrypto_digest_free(handle) }

    /// Adds bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        CCrypto_digest_update(handle, bytes.baseAddress, bytes.count)
    }

    /// Finishes and returns the digest as lower-case hex. Call once.
    public func finalizeHex() -> String {
        var out = [UInt8](repeating: 0, count: 64)
        let count = CCrypto_digest_final(handle, &out)
        return Digest.hex(out.prefix(count))
    }
}
