import DataHubStorage
import Hummingbird

/// Exports a folder, or a chosen set of objects, to a local NDJSON file: the same lines as `GET /export` (one
/// compacted document per line, non-JSON objects skipped, each object checked against its digest), written to a
/// temporary file beside the destination and renamed over it at the end. A failure or a cancellation removes
/// the temporary file, so the destination is either the whole export or untouched.
public struct FileExport: Sendable {
    /// What to export.
    public enum Selection: Sendable {
        /// Every object under a folder (`""` for the bucket), in listing order.
        case folder(String)
        /// These objects, in this order (the console's filtered rows).
        case objects([ObjectInfo])
    }

    let service: DataService
    let selection: Selection

    /// Creates an export over the service layer.
    public init(service: DataService, selection: Selection) {
        self.service = service
        self.selection = selection
    }

    /// Writes the export to `path`, replacing what is there only once it is complete.
    /// - Parameter progress: told how far it has got after each object (on a background task).
    /// - Throws: `FileExportError` for the local file, `StorageError` or `DataServiceError` for the store,
    ///   `CancellationError` when the task is cancelled; in every case no file is left behind.
    @discardableResult
    public func run(to path: String, progress: @escaping @Sendable (FileExportProgress) -> Void) async throws -> FileExportResult {
        let writer = try await FileExportWriter(destination: path)
        let counter = ObjectCounter()
        let counting: Task<Void, Never>?
        let listing: ExportListing
        let total: @Sendable () -> Int?
        do {
            switch selection {
            case .folder(let prefix):
                listing = try await ExportListing(service: service, options: ExportOptions(prefix: prefix))
                let storage = service.storage
                counting = Task { await counter.count(storage: storage, prefix: prefix) }
                total = { counter.value }
            case .objects(let objects):
                listing = ExportListing(service: service, options: ExportOptions(prefix: ""), objects: objects)
                counting = nil
                total = { objects.count }
            }
        } catch {
            await writer.discard()
            throw error
        }
        defer { counting?.cancel() }
        var stream = ExportStream(service: service, options: ExportOptions(prefix: ""), logger: service.logger, requestID: "console-export")
        stream.progress = { done in progress(FileExportProgress(done: done, total: total())) }
        var body: any ResponseBodyWriter = writer
        do {
            let documents = try await stream.run(listing, writer: &body)
            return FileExportResult(documents: documents, bytes: writer.bytes)
        } catch {
            await writer.discard()
            throw error
        }
    }
}
