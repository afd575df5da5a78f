import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a folder, as the listing walks it.
struct FileStorageEntry: Sendable {
    /// The name's bytes, followed by `/` for a folder: sorting these bytes gives the keys' byte order,
    /// since every key under folder `a` starts with `a/`.
    let sortKey: [UInt8]
    /// Whether the entry is a folder.
    let isDirectory: Bool

    /// The name without the trailing `/` of a folder.
    var name: ArraySlice<UInt8> { isDirectory ? sortKey.dropLast() : sortKey[...] }
}
