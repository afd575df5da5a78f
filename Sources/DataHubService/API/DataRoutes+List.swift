import DataHubStorage
import Foundation
import Hummingbird

extension DataRoutes {
    /// `GET /data`: without `limit`, the complete listing streamed page after page (the first page is fetched
    /// before the 200, so an outage then is a 503; a failure later aborts the connection rather than end a
    /// cut list that looks whole). With `limit`, one page and an opaque `next_cursor`.
    func list(_ request: Request, context: DataHubRequestContext) async throws -> Response {
        let prefix = try Self.prefix(request)
        let query = request.uri.queryParameters
        let cursor = query["cursor"].map(String.init)
        if let cursor, cursor.isEmpty || cursor.utf8.count > 4096 {
            throw APIError(.badRequest, code: "invalid_cursor", "the cursor is empty or too long; pass back next_cursor as it was given")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let bucketField = "{\"bucket\":" + JSONText.quote(service.bucket) + ",\"files\":["
        if let delimiter = query["delimiter"] {
            guard delimiter == "/" else {
                throw APIError(.badRequest, code: "invalid_delimiter", "delimiter must be '/' (got '\(delimiter)')")
            }
            return try await folderPage(prefix: prefix, cursor: cursor, limit: query["limit"].map(String.init), headers: headers)
        }
        if let rawLimit = query["limit"] {
            guard let limit = Int(rawLimit), (1...1000).contains(limit) else {
                throw APIError(.badRequest, code: "invalid_limit", "limit must be a whole number from 1 to 1000 (got '\(rawLimit)')")
            }
            let page = try await service.listPage(prefix: prefix, cursor: cursor, limit: limit)
            var text = bucketField + page.objects.map(Self.fileJSON).joined(separator: ",")
            text += "],\"count\":\(page.objects.count),\"next_cursor\":" + (page.nextCursor.map(JSONText.quote) ?? "null") + "}"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let first = try await service.listPage(prefix: prefix, cursor: cursor, limit: 1000)
        let service = self.service
        return Response(
            status: .ok,
            headers: headers,
            body: .init { writer in
                var page = first
                var count = 0
                var separator = ""
                try await writer.write(ByteBuffer(string: bucketField))
                while true {
                    if !page.objects.isEmpty {
                        try await writer.write(ByteBuffer(string: separator + page.objects.map(Self.fileJSON).joined(separator: ",")))
                        separator = ","
                        count += page.objects.count
                    }
                    guard let next = page.nextCursor else { break }
                    page = try await service.listPage(prefix: prefix, cursor: next, limit: 1000)
                }
                try await writer.write(ByteBuffer(string: "],\"count\":\(count),\"next_cursor\":null}"))
                try await writer.finish(nil)
            }
        )
    }

    /// `GET /data?delimiter=/`: one page (1000 entries unless `limit` says fewer) of one folder level.
    private func folderPage(prefix: String, cursor: String?, limit rawLimit: String?, headers: HTTPFields) async throws -> Response {
        var limit = 1000
        if let rawLimit {
            guard let value = Int(rawLimit), (1...1000).contains(value) else {
                throw APIError(.badRequest, code: "invalid_limit", "limit must be a whole number from 1 to 1000 (got '\(rawLimit)')")
            }
            limit = value
        }
        let page = try await service.listFolderPage(prefix: prefix, cursor: cursor, limit: limit)
        var text = "{\"bucket\":" + JSONText.quote(service.bucket) + ",\"prefix\":" + JSONText.quote(prefix)
        text += ",\"folders\":[" + page.folders.map(JSONText.quote).joined(separator: ",") + "],\"files\":["
        text += page.objects.map(Self.fileJSON).joined(separator: ",") + "],\"count\":\(page.objects.count),\"next_cursor\":"
        text += (page.nextCursor.map(JSONText.quote) ?? "null") + "}"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func fileJSON(_ info: ObjectInfo) -> String {
        "{\"filename\":" + JSONText.quote(info.key) + ",\"size\":\(info.size),\"last_modified\":\""
            + JSONText.timestamp(info.lastModified) + "\",\"etag\":" + JSONText.quote(info.etag) + "}"
    }
}
