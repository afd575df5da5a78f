import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object opened for reading, with its metadata.
struct OpenObject: Sendable {
    /// The open descriptor; the receiver closes it.
    let fd: Int32
    /// What a HEAD reports.
    let info: ObjectInfo
}
