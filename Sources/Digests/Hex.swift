/// Lower-case hex rendering of digests, into caller-provided buffers.
public enum Hex {
    /// The hex digit of `nibble` (0...15): lower-case (`a-f`), or upper-case when `upper`.
    @inlinable @inline(__always)
    public static func digit(_ nibble: UInt8, upper: Bool = false) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (upper ? UInt8(ascii: "A") : UInt8(ascii: "a")) &- 10
    }

    /// Writes the lower-case hex of `bytes` (two digits per byte) to the start of `out`.
    @inlinable
    public static func write(of bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>) {
        precondition(out.count >= 2 * bytes.count, "hex needs two bytes per byte")
        for (index, byte) in bytes.enumerated() {
            out[2 * index] = digit(byte >> 4)
            out[2 * index + 1] = digit(byte & 0x0f)
        }
    }
}
