import DataHubStorage
import Foundation
import HTTPTypes
import Hummingbird

extension DataRoutes {
    /// `POST /data`: validate and hash while receiving, spool, check the client's digests, then one create-only PUT
    /// under a fresh name with the SHA-256 stored beside it.
    func upload(_ request: Request, context: DataHubRequestContext) async throws -> Response {
        guard Self.isJSONContentType(request.headers[.contentType]) else {
            throw APIError(
                .unsupportedMediaType,
                code: "unsupported_media_type",
                "the body must be JSON sent with Content-Type: application/json (got \(request.headers[.contentType] ?? "none"))"
            )
        }
        let prefix = try Self.prefix(request)
        let limit = service.configuration.maxUploadBytes
        if let declared = request.headers[.contentLength].flatMap(Int64.init), declared > Int64(limit) {
            throw UploadError.tooLarge(limit: limit)
        }
        let idempotencyKey = try Self.idempotencyKey(request)
        let digests = try Self.digests(request)
        try service.requireAvailable()
        await context.acceptBody(of: request)
        let spooled = try await collect(request.body, limit: limit)
        let created: CreatedObject
        var headers = HTTPFields()
        do {
            try digests.check(spooled.sha256)
            if let idempotencyKey {
                let result = try await service.createObjectIdempotently(
                    body: spooled.body,
                    md5: spooled.md5,
                    sha256: spooled.sha256,
                    prefix: prefix,
                    idempotencyKey: idempotencyKey
                )
                created = result.object
                if result.replayed { headers[.idempotentReplayed] = "true" }
            } else {
                created = try await service.createObject(body: spooled.body, prefix: prefix, sha256: spooled.sha256)
            }
            await spooled.remove()
        } catch {
            await spooled.remove()
            throw error
        }
        headers[.location] = "/data/" + Self.pathEncode(created.key)
        let sha256 = created.sha256 ?? spooled.sha256
        let digest = UploadDigests.fieldValue(sha256: sha256)
        headers[.reprDigest] = digest
        if digests.wantsContentDigest { headers[.contentDigest] = digest }
        return .json(.created, Self.createdJSON(created, sha256: sha256, bucket: service.bucket), headers: headers)
    }

    /// The client's `Repr-Digest` / `Content-Digest` and `Want-Content-Digest`; repeated lines are joined as one field.
    static func digests(_ request: Request) throws -> UploadDigests {
        let field: (HTTPField.Name) -> String? = { name in
            let values = request.headers[values: name]
            return values.isEmpty ? nil : values.joined(separator: ", ")
        }
        return try UploadDigests(
            reprDigest: field(.reprDigest),
            contentDigest: field(.contentDigest),
            wantContentDigest: field(.wantContentDigest)
        )
    }

    /// Collects and validates the body; an `UploadError` goes up to the one mapping in `APIError+Mapping.swift`.
    func collect(_ body: RequestBody, limit: Int) async throws -> SpooledUpload {
        try await UploadSpool.collect(body, maxBytes: limit, spoolDirectory: spoolDirectory)
    }

    /// The `Idempotency-Key` header: 1-255 printable ASCII characters, or absent.
    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard (1...255).contains(key.utf8.count), key.isVisibleASCII else {
            throw APIError(.badRequest, code: "invalid_idempotency_key", "Idempotency-Key must be 1-255 printable ASCII characters without spaces")
        }
        return key
    }

    /// The 201 body: `{"message","filename","bucket","size","etag","sha256"}`.
    static func createdJSON(_ created: CreatedObject, sha256: String, bucket: String) -> String {
        JSONText.object([
            "message": JSONText.quote("Data uploaded successfully"), "filename": JSONText.quote(created.key),
            "bucket": JSONText.quote(bucket), "size": String(created.size), "etag": JSONText.quote(created.etag),
            "sha256": JSONText.quote(sha256),
        ])
    }

    /// `application/json`, with any parameters (`; charset=utf-8`), case-insensitive.
    static func isJSONContentType(_ value: String?) -> Bool {
        isContentType(value, "application/json")
    }

    /// Whether a `Content-Type` is `expected` (lower-case), with any parameters, case-insensitive.
    static func isContentType(_ value: String?, _ expected: String) -> Bool {
        guard let value else { return false }
        // On bytes: every upload and every wrapped read asks this.
        let bytes = value.utf8
        var type = bytes[bytes.startIndex..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex)]
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        while let first = type.first, blank(first) { type = type.dropFirst() }
        while let last = type.last, blank(last) { type = type.dropLast() }
        return type.elementsEqual(expected.utf8) { byte, expected in
            ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == expected
        }
    }

    /// A key as a URL path: every byte but unreserved characters and `/` percent-encoded.
    static func pathEncode(_ key: String) -> String {
        var out = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
