import Foundation

/// A Dictionary Structured Field (RFC 8941 / RFC 9651 §3.2), as `Repr-Digest`, `Content-Digest` and their `Want-`
/// fields carry: `sha-256=:<base64>:, sha-512=:…:` or `sha-256=1, sha-512=3`.
///
/// The whole syntax is checked (keys, every bare item type, inner lists, parameters); only the values DataHub
/// reads are kept: byte sequences and integers. Parameters are parsed and dropped. A repeated key keeps its last
/// value, as the RFC says.
public struct StructuredFieldDictionary: Sendable, Equatable {
    /// A member's value, reduced to what DataHub uses.
    public enum Item: Sendable, Equatable {
        /// A byte sequence (`:base64:`), decoded.
        case bytes([UInt8])
        /// An integer.
        case integer(Int64)
        /// Any other valid value: decimal, string, token, boolean, date, inner list.
        case other
    }

    /// The members by key.
    public private(set) var members: [String: Item] = [:]

    /// Parses a field value (several field lines joined with `, `).
    /// - Returns: `nil` when the value is not a valid Dictionary.
    public init?(parsing field: String) {
        var parser = StructuredFieldParser(bytes: Array(field.utf8))
        guard let members = parser.dictionary() else { return nil }
        self.members = members
    }

    /// The value of `key`, if present.
    public subscript(key: String) -> Item? { members[key] }
}
