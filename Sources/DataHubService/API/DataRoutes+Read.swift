import DataHubStorage
import Foundation
import Hummingbird

extension DataRoutes {
    /// `GET /data/<key>`: the stored JSON wrapped as `{"filename", "sha256", "data"}`, or with `?raw=true` the bytes.
    func read(key: String, request: Request, context: DataHubRequestContext) async throws -> Response {
        var raw = false
        if let value = request.uri.queryParameters["raw"] {
            switch value.lowercased() {
            case "true", "1": raw = true
            case "false", "0": raw = false
            default: throw APIError(.badRequest, code: "invalid_parameter", "raw must be true or false (got '\(value)')")
            }
        }
        if let pointer = request.uri.queryParameters["pointer"] {
            if raw { throw APIError(.badRequest, code: "invalid_parameter", "pointer cannot be combined with raw=true") }
            return try await readPointer(key: key, pointer: String(pointer))
        }
        return raw ? try await readRaw(key: key, request: request) : try await readWrapped(key: key)
    }

    /// The stored bytes are spliced into the wrapper, never parsed into a tree. Up to 8 MiB they are validated
    /// (and checked against their digest) before the first byte is sent; larger objects are checked on the way,
    /// and a failure aborts the connection, so a client never receives a well-formed but wrong body.
    /// `sha256` is the stored digest, `null` for objects stored without one.
    func readWrapped(key: String) async throws -> Response {
        let download = try await service.get(key: key)
        guard Self.isJSONContentType(download.info.contentType) else {
            throw APIError(
                .unprocessableContent,
                code: "not_json",
                "'\(key)' is stored as \(download.info.contentType ?? "an unknown type"), not application/json; fetch it with ?raw=true"
            )
        }
        let digest = download.info.sha256.map(JSONText.quote) ?? "null"
        let head = ByteBuffer(string: "{\"filename\":" + JSONText.quote(key) + ",\"sha256\":" + digest + ",\"data\":")
        let tail = ByteBuffer(string: "}")
        let size = download.info.size
        let length = head.readableBytes + Int(size) + tail.readableBytes
        // No Repr-Digest: the wrapper is another representation; the stored object's digest is in the body.
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if size <= Int64(DataService.inMemoryLimit) {
            // Validated chunk by chunk as it arrives: handlers run on the event loops, and one pass over 8 MiB
            // at once would hold a loop for milliseconds.
            let notJSON = { (error: any Error) in
                APIError(.unprocessableContent, code: "not_json", "'\(key)' is labelled JSON but is not valid JSON: \(error)")
            }
            var validator = JSONValidator()
            var body = try await Self.collect(download.body, expected: size) { chunk in
                do { try validator.feed(chunk) } catch { throw notJSON(error) }
            }
            do { try validator.finish() } catch { throw notJSON(error) }
            var out = head
            out.reserveCapacity(length)
            out.writeBuffer(&body)
            out.writeImmutableBuffer(tail)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: out))
        }
        let objectBody = download.body
        return Response(
            status: .ok,
            headers: headers,
            body: .init(contentLength: length) { writer in
                try await writer.write(head)
                var validator = JSONValidator()
                var seen: Int64 = 0
                for try await chunk in objectBody {
                    try validator.feed(chunk)
                    seen += Int64(chunk.readableBytes)
                    try await writer.write(chunk)
                }
                try validator.finish()
                guard seen == size else { throw StorageError(.unavailable, "object changed size while streaming") }
                try await writer.write(tail)
                try await writer.finish(nil)
            }
        )
    }

    /// `?raw=true`: the bytes with `ETag`, `Last-Modified`, `Content-Length`; `If-None-Match` → 304,
    /// `Range` → 206 (416 when unsatisfiable).
    func readRaw(key: String, request: Request) async throws -> Response {
        let ifNoneMatch = request.headers[.ifNoneMatch]
        let rangeHeader = request.headers[.range]
        var range: ClosedRange<Int64>?
        if ifNoneMatch != nil || rangeHeader != nil {
            let info = try await service.head(key: key)
            if let ifNoneMatch, ByteRanges.etagMatches(ifNoneMatch, etag: info.etag) {
                var headers = Self.objectHeaders(info)
                headers[.contentLength] = nil
                return Response(status: .notModified, headers: headers)
            }
            if let rangeHeader {
                switch ByteRanges.parse(rangeHeader, size: info.size) {
                case .none: break
                case .satisfiable(let r): range = r
                case .unsatisfiable:
                    var error = APIError(
                        .rangeNotSatisfiable,
                        code: "range_not_satisfiable",
                        "the range \(rangeHeader) is outside the object's \(info.size) bytes"
                    )
                    error.headers[.contentRange] = "bytes */\(info.size)"
                    throw error
                }
            }
        }
        let download = try await service.get(key: key, range: range)
        var headers = Self.objectHeaders(download.info)
        var status = HTTPResponse.Status.ok
        var length = download.info.size
        if let served = download.range {
            status = .partialContent
            length = served.upperBound - served.lowerBound + 1
            headers[.contentRange] = "bytes \(served.lowerBound)-\(served.upperBound)/\(download.info.size)"
        }
        headers[.contentLength] = nil
        let expected = length
        let body = download.body
        // A checked body up to 8 MiB is read whole, so a damaged object is a 502 and none of its bytes is sent.
        let checkedWhole = download.range == nil && download.info.sha256 != nil && length <= Int64(DataService.inMemoryLimit)
        if length <= Self.rawWholeLimit || checkedWhole {
            // Small objects go out in one write with their headers, not through the streaming writer.
            return Response(status: status, headers: headers, body: .init(byteBuffer: try await Self.collect(body, expected: length)))
        }
        return Response(
            status: status,
            headers: headers,
            body: .init(contentLength: Int(length)) { writer in
                var seen: Int64 = 0
                for try await chunk in body {
                    seen += Int64(chunk.readableBytes)
                    try await writer.write(chunk)
                }
                guard seen == expected else { throw StorageError(.unavailable, "object changed size while streaming") }
                try await writer.finish(nil)
            }
        )
    }

    /// Raw objects up to this size are read whole before answering; larger ones are streamed.
    static let rawWholeLimit: Int64 = 256 * 1024

    /// `HEAD /data/<key>`: the headers a raw GET would send.
    func head(key: String) async throws -> Response {
        let info = try await service.head(key: key)
        return Response(status: .ok, headers: Self.objectHeaders(info))
    }

    static func objectHeaders(_ info: ObjectInfo) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = info.contentType ?? "application/octet-stream"
        headers[.eTag] = "\"\(info.etag)\""
        headers[.lastModified] = JSONText.httpDate(info.lastModified)
        headers[.acceptRanges] = "bytes"
        headers[.contentLength] = String(info.size)
        // It describes the whole representation, also on a 206 or a 304 (RFC 9530).
        if let sha256 = info.sha256 { headers[.reprDigest] = UploadDigests.fieldValue(sha256: sha256) }
        return headers
    }

    /// Collects a small body completely, checking it has the announced size.
    /// - Parameter inspect: sees each chunk as it arrives (and may throw to stop).
    static func collect(
        _ body: ObjectBody,
        expected: Int64,
        inspect: (ByteBuffer) throws -> Void = { _ in }
    ) async throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Int(expected))
        for try await var chunk in body {
            guard Int64(buffer.readableBytes + chunk.readableBytes) <= expected else {
                throw StorageError(.unavailable, "object grew while reading it; retry")
            }
            try inspect(chunk)
            buffer.writeBuffer(&chunk)
        }
        guard Int64(buffer.readableBytes) == expected else { throw StorageError(.unavailable, "object was cut short; retry") }
        return buffer
    }
}
