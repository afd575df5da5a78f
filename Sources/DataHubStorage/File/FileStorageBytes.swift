import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-wise comparisons of keys (UTF-8 byte order, as S3 lists).
enum FileStorageBytes {
    /// Whether `a` sorts before `b` byte by byte (`memcmp`, as sorting 100,000 names must be quick).
    static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                guard let left = x.baseAddress, let right = y.baseAddress else { return x.count < y.count }
                let common = memcmp(left, right, min(x.count, y.count))
                return common != 0 ? common < 0 : x.count < y.count
            }
        }
    }

    /// Whether `bytes` starts with `prefix`.
    static func hasPrefix(_ bytes: some Collection<UInt8>, _ prefix: some Collection<UInt8>) -> Bool {
        bytes.count >= prefix.count && bytes.starts(with: prefix)
    }
}
