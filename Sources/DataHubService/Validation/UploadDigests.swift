import Digests
import Foundation

/// The digests a client sent with an upload (RFC 9530), and the ones it wants back.
///
/// With identity encoding `Repr-Digest` and `Content-Digest` both describe the body as sent, so a `sha-256` in
/// either (or both) is checked against the received bytes. Other algorithms are ignored, as the RFC allows.
public struct UploadDigests: Sendable, Equatable {
    /// The `sha-256` values the client sent (one per field that had one), 32 bytes each.
    public var expectedSHA256: [[UInt8]] = []
    /// Whether `Want-Content-Digest` asks for `sha-256` (a weight above 0).
    public var wantsContentDigest = false

    /// Reads the fields; each is `nil` when absent (several lines already joined with `, `).
    /// - Throws: `DataServiceError.Code.invalidDigest` for a field that is not a valid Dictionary, or whose
    ///   `sha-256` is not a 32-byte byte sequence.
    public init(reprDigest: String?, contentDigest: String?, wantContentDigest: String?) throws(DataServiceError) {
        for (name, value) in [("Repr-Digest", reprDigest), ("Content-Digest", contentDigest)] {
            guard let value else { continue }
            if let digest = try Self.sha256(in: value, field: name) { expectedSHA256.append(digest) }
        }
        wantsContentDigest = wantContentDigest.map(Self.wantsSHA256) ?? false
    }

    /// Throws `digestMismatch` unless every digest the client sent equals `sha256` (lower-case hex).
    public func check(_ sha256: String) throws(DataServiceError) {
        for expected in expectedSHA256 where Digest.hex(expected) != sha256 {
            throw DataServiceError(
                .digestMismatch,
                "the body's SHA-256 is \(Self.base64(hex: sha256)), not the \(Data(expected).base64EncodedString()) the request's digest "
                    + "field says; nothing was stored, send the body again"
            )
        }
    }

    /// `sha-256=:<base64>:`, the value of `Repr-Digest` and `Content-Digest` for a body with this digest.
    public static func fieldValue(sha256 hex: String) -> String {
        "sha-256=:" + base64(hex: hex) + ":"
    }

    /// Whether a `Want-…-Digest` value asks for `sha-256`; an unparsable one asks for nothing.
    public static func wantsSHA256(_ value: String) -> Bool {
        guard case .integer(let weight) = StructuredFieldDictionary(parsing: value)?["sha-256"] else { return false }
        return weight > 0
    }

    /// The `sha-256` member of a digest field, `nil` when it has none.
    private static func sha256(in value: String, field: String) throws(DataServiceError) -> [UInt8]? {
        guard let dictionary = StructuredFieldDictionary(parsing: value) else {
            throw DataServiceError(.invalidDigest, "the \(field) header is not a valid structured field; send e.g. sha-256=:<base64 of the digest>:")
        }
        guard let member = dictionary["sha-256"] else { return nil }
        guard case .bytes(let digest) = member, digest.count == 32 else {
            throw DataServiceError(.invalidDigest, "the sha-256 in \(field) must be the 32 bytes of the digest as :base64:")
        }
        return digest
    }

    private static func base64(hex: String) -> String { Data(bytes(hex: hex)).base64EncodedString() }

    private static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        let value: (UInt8) -> UInt8 = { $0 <= 0x39 ? $0 - 0x30 : ($0 | 0x20) - 0x61 + 10 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }
}
