import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Runs the model's intents as tasks against the service layer (never on the screen thread) and posts
/// their results to the mailbox.
final class DashboardActions: Sendable {
    /// The preview reads at most this many bytes of an object.
    static let previewLimit = 262_144
    /// Rows per listing page.
    static let pageSize = 1000
    /// Upper bound of pages in one listing (10 million rows).
    static let maxPages = 10_000

    let service: DataService
    let mailbox: DashboardMailbox
    private let listing = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let exporting = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// Temporary files of saves in progress, removed by `cancelAll` when the console closes mid-save.
    let savesInFlight = NIOLockedValueBox<Set<String>>([])
    private let shutdown: @Sendable () -> Void

    /// Creates the runner.
    /// - Parameters:
    ///   - service: the service layer.
    ///   - mailbox: where results go.
    ///   - shutdown: starts the graceful shutdown of the process (`q`).
    init(service: DataService, mailbox: DashboardMailbox, shutdown: @escaping @Sendable () -> Void) {
        self.service = service
        self.mailbox = mailbox
        self.shutdown = shutdown
    }

    /// Starts the work for one intent and returns at once.
    func run(_ intent: Intent) {
        switch intent {
        case .refresh(let prefix, let mode, let generation): list(prefix: prefix, mode: mode, generation: generation)
        case .loadPreview(let row): Task { await self.preview(row) }
        case .upload(let path, let prefix): Task { await self.upload(path: path, prefix: prefix) }
        case .delete(let key): Task { await self.delete(key: key) }
        case .export(let path, let target, let overwrite): startExport(path: path, target: target, overwrite: overwrite)
        case .cancelExport: exporting.withLockedValue { $0?.cancel() }
        case .save(let key, let path, let overwrite): Task { await self.save(key: key, path: path, overwrite: overwrite) }
        case .copyJSON(let row): Task { await self.copyJSON(row) }
        case .quit: shutdown()
        }
    }

    /// Cancels a listing in progress and removes the temporary files of saves still running.
    func cancelAll() {
        listing.withLockedValue { $0?.cancel() }
        if let export = exporting.withLockedValue({ $0 }) {
            // The export removes its partial file when it sees the cancel; wait a little for that before the
            // process exits (the screen loop has ended, so nothing waits on this thread).
            export.cancel()
            let ended = DispatchSemaphore(value: 0)
            Task {
                await export.value
                ended.signal()
            }
            _ = ended.wait(timeout: .now() + 3)
        }
        for path in savesInFlight.withLockedValue({ $0 }) { unlink(path) }
    }

    /// Lists `prefix` page after page: the first page is posted at once, the rest as it arrives.
    private func list(prefix: String, mode: ListingMode, generation: Int) {
        let task = Task {
            var cursor: String?
            for page in 0..<Self.maxPages {
                if Task.isCancelled { return }
                do {
                    let (rows, nextCursor) = try await listPage(prefix: prefix, mode: mode, cursor: cursor)
                    if Task.isCancelled { return }
                    mailbox.post(.listPage(generation: generation, rows: rows, first: page == 0, done: nextCursor == nil))
                    guard let next = nextCursor else { return }
                    cursor = next
                } catch {
                    mailbox.post(.listFailed(generation: generation, message: Self.describe(error)))
                    return
                }
            }
        }
        listing.withLockedValue { old in
            old?.cancel()
            old = task
        }
    }

    /// One page of rows: one folder level (its sub-folders, then its objects) or the flat listing.
    private func listPage(prefix: String, mode: ListingMode, cursor: String?) async throws -> (rows: [ObjectRow], next: String?) {
        let row = { (info: ObjectInfo) in ObjectRow(key: info.key, size: info.size, modified: info.lastModified) }
        switch mode {
        case .flat:
            let page = try await service.listPage(prefix: prefix, cursor: cursor, limit: Self.pageSize)
            return (page.objects.map(row), page.nextCursor)
        case .folder:
            let page = try await service.listFolderPage(prefix: prefix, cursor: cursor, limit: Self.pageSize)
            return (page.folders.map(ObjectRow.folder) + page.objects.map(row), page.nextCursor)
        }
    }

    private func preview(_ row: ObjectRow) async {
        do {
            let range: ClosedRange<Int64>? = row.size > Int64(Self.previewLimit) ? 0...Int64(Self.previewLimit - 1) : nil
            let download = try await service.get(key: row.key, range: range)
            var bytes: [UInt8] = []
            for try await chunk in download.body {
                bytes.append(contentsOf: chunk.readableBytesView.prefix(Self.previewLimit - bytes.count))
                if bytes.count >= Self.previewLimit { break }
            }
            let size = download.info.size
            let content = JSONPrettyPrinter().format(bytes, truncated: Int64(bytes.count) < size, totalSize: size)
            // A whole read with a stored digest has been checked by the service by the time the loop ends.
            let digest: PreviewDigest = download.info.sha256 == nil ? .absent : range == nil ? .verified : .partial
            mailbox.post(.preview(key: row.key, content: content, fetched: bytes.count, size: size, digest: digest))
        } catch let error as DataServiceError where error.code == .integrityError {
            mailbox.post(.previewFailed(key: row.key, message: error.message, digest: .mismatch))
        } catch {
            mailbox.post(.previewFailed(key: row.key, message: Self.describe(error)))
        }
    }

    private func upload(path: String, prefix: String) async {
        let expanded = LocalFile.expandTilde(path)
        let bytes: [UInt8]
        switch await LocalFile.read(expanded, limit: service.configuration.maxUploadBytes) {
        case .failure(let error):
            // Name the file as the user typed it (shorter than the expanded path).
            mailbox.post(.uploadFailed(message: error.message.replacingOccurrences(of: expanded, with: path)))
            return
        case .success(let read): bytes = read
        }
        let buffer = ByteBuffer(bytes: bytes)
        do {
            var validator = JSONValidator()
            try validator.feed(buffer)
            try validator.finish()
        } catch {
            // The validator throws only JSONValidationError (typed throws).
            mailbox.post(.uploadFailed(message: "not valid JSON: \(error.message); nothing uploaded (\(path))"))
            return
        }
        do {
            let sha256 = buffer.withUnsafeReadableBytes { Digest.sha256Hex($0) }
            let created = try await service.createObject(body: .buffer(buffer), prefix: prefix, sha256: sha256)
            service.status.record(.dataChanged, "console uploaded \(created.key) (\(Format.bytes(created.size)))")
            mailbox.post(.uploaded(ObjectRow(key: created.key, size: created.size, modified: Date())))
        } catch {
            mailbox.post(.uploadFailed(message: Self.describe(error)))
        }
    }

    private func delete(key: String) async {
        do {
            try await service.deleteObject(key: key)
            service.status.record(.dataChanged, "console deleted \(key)")
            mailbox.post(.deleted(key: key))
        } catch {
            mailbox.post(.deleteFailed(key: key, message: Self.describe(error)))
        }
    }

    /// The message a user sees for an error: a `StorageError`'s message, never its cause.
    static func describe(_ error: any Error) -> String {
        if let storage = error as? StorageError { return storage.message }
        return String(describing: error)
    }
}
