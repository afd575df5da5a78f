import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The listing cursor: the last key of the previous page, base64url without padding. Opaque to clients.
enum FileStorageCursor {
    /// Encodes a key's bytes.
    static func encode(_ key: [UInt8]) -> String {
        Data(key).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor back into the key's bytes.
    /// - Throws: `.badRequest` when it is not one of ours.
    static func decode(_ cursor: String) throws -> [UInt8] {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard !cursor.contains("="), let data = Data(base64Encoded: text), !data.isEmpty, data.count <= FileStorageKey.maximumBytes else {
            throw StorageError(.badRequest, "The listing cursor is not valid; start again without one.")
        }
        return Array(data)
    }
}
