import Digests
import Foundation
import NIOCore
import NIOHTTP1
import S3Signer

extension S3Storage {
    /// The user metadata field holding the upload's SHA-256 (lower-case hex).
    static let sha256MetadataHeader = "x-amz-meta-datahub-sha256"

    /// A signed request for the bucket (`key == nil`) or one object, with the configured timeouts.
    /// - Parameters:
    ///   - total: the overall limit, or `nil` for transfers with a body (they have the idle limit only).
    func request(
        method: String,
        key: String?,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: PutBody? = nil,
        payloadHash: String = SigV4Signer.emptyPayloadHash,
        total: Duration?
    ) -> StoreRequest {
        let path = key.map { "/\(bucket)/\($0)" } ?? "/\(bucket)"
        let signable = SignableRequest(method: method, host: endpoint.host, path: path, query: query, headers: headers)
        let signed = signer.signedHeaders(for: signable, payloadHash: payloadHash, date: Date())
        var target = SigV4Signer.encodePath(path)
        if !query.isEmpty { target += "?" + SigV4Signer.canonicalQuery(query) }
        var fields = HTTPHeaders()
        fields.reserveCapacity(1 + headers.count + signed.count)
        fields.add(name: "Host", value: endpoint.host)
        for header in headers { fields.add(name: header.name, value: header.value) }
        for header in signed { fields.add(name: header.name, value: header.value) }
        return StoreRequest(
            method: method,
            base: endpoint.base,
            target: target,
            headers: fields,
            body: body,
            mode: .collect(limit: 1 << 20),
            connectTimeout: configuration.connectTimeout,
            idleTimeout: configuration.idleTimeout,
            totalTimeout: total,
            caFile: configuration.caFile
        )
    }

    /// Object metadata from HEAD/GET response headers, and the byte range served (from `Content-Range`).
    /// - Throws: `.unavailable` when the store's answer lacks the headers every S3 store sends.
    func objectInfo(key: String, response: StoreResponse) throws -> (info: ObjectInfo, served: ClosedRange<Int64>?) {
        let lastModified = response.header("last-modified").flatMap(S3Dates.parseHTTPDate) ?? Date(timeIntervalSince1970: 0)
        let etag = Self.unquote(response.header("etag") ?? "")
        let contentType = response.header("content-type")
        let sha256 = response.header(Self.sha256MetadataHeader).flatMap(Self.sha256Hex(metadata:))
        if let contentRange = response.header("content-range"), let parsed = Self.parseContentRange(contentRange) {
            let info = ObjectInfo(key: key, size: parsed.size, lastModified: lastModified, etag: etag, contentType: contentType, sha256: sha256)
            return (info, parsed.range)
        }
        guard let length = response.header("content-length").flatMap({ Int64($0) }) else {
            throw StorageError(
                .unavailable,
                "The store at \(location) answered without a Content-Length for '\(key)'; check that the endpoint is an S3 store.",
                cause: "HTTP \(response.status) without Content-Length"
            )
        }
        let info = ObjectInfo(key: key, size: length, lastModified: lastModified, etag: etag, contentType: contentType, sha256: sha256)
        return (info, length > 0 ? 0...(length - 1) : nil)
    }

    /// Parses `bytes first-last/size`.
    static func parseContentRange(_ value: String) -> (range: ClosedRange<Int64>, size: Int64)? {
        guard value.hasPrefix("bytes ") else { return nil }
        let spec = value.dropFirst("bytes ".count)
        let halves = spec.split(separator: "/", maxSplits: 1)
        guard halves.count == 2, let size = Int64(halves[1]) else { return nil }
        let bounds = halves[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first <= last else { return nil }
        return (first...last, size)
    }

    /// Refuses keys that are empty, too long, absolute, or that hold `.`/`..` segments (which could leave the bucket).
    static func checkKey(_ key: String) throws {
        let bad = key.isEmpty || key.utf8.count > 1024 || key.hasBytePrefix("/") || key.hasDotSegment
        if bad {
            throw StorageError(.invalidName, "The object name '\(key)' is not allowed: use 1 to 1024 bytes, no leading '/', no '.' or '..' parts.")
        }
    }

    /// A stored digest as lower-case hex, or `nil` when the metadata is not 64 hex digits (set by hand or another tool).
    static func sha256Hex(metadata value: String) -> String? {
        let hex = value.lowercased()
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return hex
    }

    /// SHA-256 hex of a buffer's readable bytes (the signed payload hash).
    static func sha256Hex(_ buffer: ByteBuffer) -> String {
        buffer.withUnsafeReadableBytes { Digest.sha256Hex($0) }
    }

    /// An ETag without its quotes (and without a weak `W/` marker).
    static func unquote(_ etag: String) -> String {
        // On bytes: this runs on every answer, and Substring's prefix checks compare characters.
        var value = Substring(etag).utf8
        if value.starts(with: "W/".utf8) { value = value.dropFirst(2) }
        if value.first == UInt8(ascii: "\"") { value = value.dropFirst() }
        if value.last == UInt8(ascii: "\"") { value = value.dropLast() }
        return value.count == etag.utf8.count ? etag : String(Substring(value))
    }
}
