public import Foundation

/// The result of `datahub verify`: counts, every mismatch by name, and whether the walk was complete.
public struct VerifyReport: Sendable, Equatable {
    /// One object whose bytes do not match its stored digest.
    public struct Mismatch: Sendable, Equatable {
        /// The object key.
        public var key: String
        /// The digest stored with it.
        public var stored: String
        /// The digest of the bytes read.
        public var actual: String
    }

    /// One object that could not be read.
    public struct Unreadable: Sendable, Equatable {
        /// The object key.
        public var key: String
        /// Why, as the store said.
        public var reason: String
    }

    /// The folder walked ("" for the whole bucket).
    public var prefix: String
    /// Objects whose bytes match their digest.
    public var verified = 0
    /// Objects stored without a digest.
    public var noDigest = 0
    /// Objects whose bytes do not match, each named.
    public var mismatched: [Mismatch] = []
    /// Objects that could not be read (the first `namedLimit` named).
    public var unreadable: [Unreadable] = []
    /// How many objects could not be read, named or not.
    public var unreadableCount = 0
    /// Bytes hashed.
    public var bytes: Int64 = 0
    /// Why the walk stopped early, when the store stopped answering; `nil` when every object was reached.
    public var storageFailure: String?
    /// Seconds the walk took.
    public var seconds: Double = 0

    /// Unreadable objects named in the report; the rest are only counted, so memory stays flat.
    public static let namedLimit = 1_000

    /// Creates an empty report for `prefix`.
    public init(prefix: String) {
        self.prefix = prefix
    }

    /// Objects checked, whatever the outcome.
    public var checked: Int { verified + noDigest + mismatched.count + unreadableCount }

    /// 1 when anything mismatched (the data is damaged: that matters most), 2 when the check could not be completed
    /// (storage unreachable, objects unreadable), else 0.
    public var exitCode: Int32 {
        if !mismatched.isEmpty { return 1 }
        return storageFailure != nil || unreadableCount > 0 ? 2 : 0
    }

    /// Adds one object's outcome.
    mutating func add(key: String, size: Int64, _ outcome: VerifyOutcome) {
        switch outcome {
        case .verified: verified += 1
        case .noDigest: noDigest += 1
        case .mismatch(let stored, let actual): mismatched.append(Mismatch(key: key, stored: stored, actual: actual))
        case .unreadable(let reason, _):
            unreadableCount += 1
            if unreadable.count < Self.namedLimit { unreadable.append(Unreadable(key: key, reason: reason)) }
        case .vanished: return
        }
        bytes += size
    }
}
