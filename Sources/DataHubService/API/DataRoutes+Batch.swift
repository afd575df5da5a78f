import DataHubStorage
import Foundation
import HTTPTypes
import Hummingbird

extension DataRoutes {
    /// `POST /data/batch`: one object per non-empty NDJSON line. The body is spooled and every line validated
    /// before the first PUT; then the documents are read back from the spool by offset and stored.
    func uploadBatch(_ request: Request, context: DataHubRequestContext) async throws -> Response {
        guard Self.isContentType(request.headers[.contentType], "application/x-ndjson") else {
            throw APIError(
                .unsupportedMediaType,
                code: "unsupported_media_type",
                "a batch is one JSON document per line sent with Content-Type: application/x-ndjson (got \(request.headers[.contentType] ?? "none"))"
            )
        }
        let prefix = try Self.prefix(request)
        let limit = service.configuration.maxUploadBytes
        if let declared = request.headers[.contentLength].flatMap(Int64.init), declared > Int64(limit) {
            throw UploadError.tooLarge(limit: limit)
        }
        let idempotencyKey = try Self.idempotencyKey(request)
        try service.requireAvailable()
        await context.acceptBody(of: request)
        let batch = try await BatchSpool.collect(
            request.body,
            maxBytes: limit,
            maxLines: service.configuration.maxBatchLines,
            maxLineBytes: DataService.inMemoryLimit,
            spoolDirectory: spoolDirectory
        )
        let created: [CreatedObject]
        do {
            created = try await service.createBatch(batch, prefix: prefix, idempotencyKey: idempotencyKey)
            await batch.remove()
        } catch {
            await batch.remove()
            throw error
        }
        let body = JSONText.object([
            "bucket": JSONText.quote(service.bucket), "count": String(created.count), "files": CreatedObject.filesJSON(created),
        ])
        return .json(.created, body)
    }
}
