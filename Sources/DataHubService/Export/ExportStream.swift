import DataHubStorage
import Hummingbird
import Logging
import NIOCore

/// Writes one export: the listed objects fetched through a bounded window, compacted, validated and written
/// in listing order, with bounded memory.
///
/// Any failure after the 200 (a later listing page, a GET, an object labelled JSON that is not valid JSON, a
/// cut body) throws out of the body writer, which aborts the connection: the client sees no clean end, never
/// a well-formed but incomplete export.
struct ExportStream: Sendable {
    let service: DataService
    let options: ExportOptions
    let logger: Logger
    let requestID: String
    /// Told the number of listed objects dealt with so far (exported, skipped or vanished), after each one.
    var progress: (@Sendable (Int) -> Void)? = nil

    /// GETs in flight at once.
    static let windowWidth = 16
    /// Objects up to this size are read whole inside the window; larger ones are streamed at their turn.
    static let wholeLimit: Int64 = 256 * 1024
    /// Output is written in pieces of about this size.
    static let flushSize = 64 * 1024

    /// Streams the export to `writer`, starting with the listing whose first page is already fetched.
    /// - Returns: the number of documents written.
    /// - Throws: the first failure, after logging it; the caller's writer then aborts the connection.
    @discardableResult
    func run(_ listing: ExportListing, writer: inout any ResponseBodyWriter) async throws -> Int {
        var listing = listing
        var window = ExportWindow(width: Self.windowWidth)
        defer { window.cancelAll() }
        var out = ByteBuffer()
        var count = 0
        var handled = 0
        do {
            if options.format == .json { out.writeStaticString("[") }
            var listed = true
            while true {
                while listed && window.hasRoom {
                    guard let info = try await listing.next() else {
                        listed = false
                        break
                    }
                    let service = self.service
                    window.start { try await Self.fetch(info, service: service) }
                }
                if window.isEmpty { break }
                switch try await window.next() {
                case .whole(let key, let body):
                    var compactor = JSONCompactor()
                    open(key: key, index: count, into: &out)
                    try compactor.feed(body, into: &out)
                    try compactor.finish()
                    close(into: &out)
                    count += 1
                case .large(let info):
                    if try await streamLarge(info, index: count, out: &out, writer: &writer) { count += 1 }
                case .notJSON(let key, let contentType): skipped(key: key, contentType: contentType)
                case .vanished(let key): vanished(key: key)
                }
                handled += 1
                progress?(handled)
                if out.readableBytes >= Self.flushSize { try await flush(&out, to: &writer) }
            }
            if options.format == .json { out.writeStaticString("]") }
            try await flush(&out, to: &writer)
            try await writer.finish(nil)
            return count
        } catch {
            // A warning, not an error: a client leaving part-way ends an export the same way.
            logger.warning(
                "export aborted part-way: an HTTP export's connection is cut so that no client takes it for complete, a file export's partial file removed",
                metadata: ["request_id": "\(requestID)", "documents_written": "\(count)", "error": "\(error)"]
            )
            throw error
        }
    }

    /// Reads a small object whole inside the window; anything else is left for its turn.
    static func fetch(_ info: ObjectInfo, service: DataService) async throws -> ExportItem {
        if info.size > wholeLimit { return .large(info) }
        let download: ObjectDownload
        do {
            download = try await service.get(key: info.key)
        } catch let error as StorageError where error.code == .notFound {
            return .vanished(key: info.key)
        }
        guard DataRoutes.isJSONContentType(download.info.contentType) else {
            return .notJSON(key: info.key, contentType: download.info.contentType)
        }
        // It grew since the listing: dropping the body aborts this read, and it is streamed at its turn.
        guard download.info.size <= wholeLimit else { return .large(info) }
        return .whole(key: info.key, body: try await DataRoutes.collect(download.body, expected: download.info.size))
    }

    /// Fetches a large object at its turn and streams it through the compactor.
    /// - Returns: whether it was exported (`false` when it is not JSON or has vanished).
    private func streamLarge(_ info: ObjectInfo, index: Int, out: inout ByteBuffer, writer: inout any ResponseBodyWriter) async throws -> Bool {
        let download: ObjectDownload
        do {
            download = try await service.get(key: info.key)
        } catch let error as StorageError where error.code == .notFound {
            vanished(key: info.key)
            return false
        }
        guard DataRoutes.isJSONContentType(download.info.contentType) else {
            skipped(key: info.key, contentType: download.info.contentType)
            return false
        }
        let size = download.info.size
        var seen: Int64 = 0
        var compactor = JSONCompactor()
        open(key: info.key, index: index, into: &out)
        for try await chunk in download.body {
            seen += Int64(chunk.readableBytes)
            guard seen <= size else { throw StorageError(.unavailable, "'\(info.key)' grew while exporting it") }
            try compactor.feed(chunk, into: &out)
            if out.readableBytes >= Self.flushSize { try await flush(&out, to: &writer) }
        }
        guard seen == size else { throw StorageError(.unavailable, "'\(info.key)' was cut short while exporting it") }
        try compactor.finish()
        close(into: &out)
        return true
    }

    private func open(key: String, index: Int, into out: inout ByteBuffer) {
        if options.format == .json && index > 0 { out.writeStaticString(",") }
        if options.wrap { out.writeString("{\"filename\":" + JSONText.quote(key) + ",\"data\":") }
    }

    private func close(into out: inout ByteBuffer) {
        if options.wrap { out.writeStaticString("}") }
        if options.format == .ndjson { out.writeStaticString("\n") }
    }

    private func vanished(key: String) {
        logger.info("export: object deleted while exporting", metadata: ["request_id": "\(requestID)", "key": "\(key)"])
    }

    private func skipped(key: String, contentType: String?) {
        service.metrics.recordExportSkipped()
        logger.info(
            "export skipped an object not stored as JSON",
            metadata: ["request_id": "\(requestID)", "key": "\(key)", "content_type": "\(contentType ?? "none")"]
        )
    }

    private func flush(_ out: inout ByteBuffer, to writer: inout any ResponseBodyWriter) async throws {
        guard out.readableBytes > 0 else { return }
        try await writer.write(out)
        out.clear()
    }
}
