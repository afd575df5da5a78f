import Digests

// Byte-level helpers for the signing hot path: the canonical request, the string to sign and the Authorization value
// are built in `[UInt8]` buffers and turned into a `String` once, at the end.

/// ASCII rules and buffer writers shared by the canonical request, the string to sign and the signature.
enum Bytes {
    /// Runs `body` over the UTF-8 bytes of `string` without copying them when the string is stored contiguously.
    @inline(__always)
    static func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// True for the ASCII whitespace SigV4's Trimall removes: space, tab, LF, VT, FF and CR.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0d).contains(byte)
    }

    /// True for the bytes S3 URI encoding leaves alone: `A-Za-z0-9-._~`.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Three-way byte-wise comparison of two ranges of `bytes`: negative, zero or positive, as C's `memcmp` then length.
    ///
    /// On ASCII this is the order of Swift's `String` `<`, which the canonical query and header sorting rely on.
    @inline(__always)
    static func compare(_ a: Range<Int>, _ b: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        var offset = 0
        while offset < common {
            let x = bytes[a.lowerBound + offset]
            let y = bytes[b.lowerBound + offset]
            if x != y { return x < y ? -1 : 1 }
            offset += 1
        }
        return a.count - b.count
    }

    /// Writes the SHA-256 of `input` into `output`, which must hold 32 bytes.
    @inline(__always)
    static func sha256(_ input: [UInt8], into output: UnsafeMutableBufferPointer<UInt8>) {
        input.withUnsafeBufferPointer { Digest.sha256($0, into: output) }
    }

    /// Appends the lower-case hex SHA-256 of `input` (64 digits), without a heap allocation for the digest.
    static func appendSHA256Hex(of input: [UInt8], to out: inout [UInt8]) {
        // 32 bytes of digest, then its 64 hex digits, copied to `out` in one go.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 96) { scratch in
            sha256(input, into: UnsafeMutableBufferPointer(rebasing: scratch[0..<32]))
            Hex.write(of: UnsafeBufferPointer(rebasing: scratch[0..<32]), to: UnsafeMutableBufferPointer(rebasing: scratch[32..<96]))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[32..<96]))
        }
    }
}
