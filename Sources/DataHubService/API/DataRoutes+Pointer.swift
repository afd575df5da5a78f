import DataHubStorage
import Foundation
import Hummingbird

extension DataRoutes {
    /// `GET /data/<key>?pointer=/a/0/b`: `{"filename","pointer","data"}` with the selected value's bytes spliced as
    /// stored. The document is validated and scanned chunk by chunk as it streams from the store (never held
    /// whole); only the selected value is kept, at most `DataService.inMemoryLimit` bytes (413 beyond that).
    /// The answer goes out after the whole object was read, so a document that turns out invalid is a 422.
    func readPointer(key: String, pointer text: String) async throws -> Response {
        let pointer = try JSONPointer(text)
        let download = try await service.get(key: key)
        let notJSON = { (detail: String) in APIError(.unprocessableContent, code: "not_json", "'\(key)' \(detail); fetch it with ?raw=true") }
        guard Self.isJSONContentType(download.info.contentType) else {
            throw notJSON("is stored as \(download.info.contentType ?? "an unknown type"), not application/json")
        }
        var validator = JSONValidator()
        var scanner = JSONPointerScanner(pointer: pointer, maxValueBytes: DataService.inMemoryLimit)
        var seen: Int64 = 0
        for try await chunk in download.body {
            seen += Int64(chunk.readableBytes)
            // The validator first: the scanner relies on the bytes before it being valid JSON.
            do { try validator.feed(chunk) } catch { throw notJSON("is labelled JSON but is not valid JSON: \(error)") }
            try scanner.feed(chunk)
        }
        do { try validator.finish() } catch { throw notJSON("is labelled JSON but is not valid JSON: \(error)") }
        guard seen == download.info.size else { throw StorageError(.unavailable, "object was cut short; retry") }
        guard var value = scanner.finish() else {
            throw APIError(.notFound, code: "pointer_not_found", "'\(key)' has no value at the pointer '\(text)'")
        }
        var out = ByteBuffer(string: "{\"filename\":" + JSONText.quote(key) + ",\"pointer\":" + JSONText.quote(text) + ",\"data\":")
        out.writeBuffer(&value)
        out.writeString("}")
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: out))
    }
}
