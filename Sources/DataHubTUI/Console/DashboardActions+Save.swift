import DataHubService
import DataHubStorage
import Dispatch
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// `w`: an object's stored bytes streamed to a local file, the file calls on a queue of their own.
extension DashboardActions {
    /// Bytes gathered before one write call: few thread hops, bounded memory.
    static let saveBatch = 1 << 20

    /// Saves `key` to the local `path` (as typed); asks back when the file exists and `overwrite` is false.
    func save(key: String, path: String, overwrite: Bool) async {
        let queue = DispatchQueue(label: "datahub.console.save")
        let expanded = LocalFile.expandTilde(path)
        // Messages name paths as the user typed them: `~` for the home directory.
        let home = LocalFile.home
        let shown = { (text: String) in
            path.hasPrefix("~") ? text.replacingOccurrences(of: home, with: "~") : text.replacingOccurrences(of: expanded, with: path)
        }
        let name = DashboardModel.baseName(key)
        do {
            let target = try await Self.onQueue(queue) { try LocalSaveFile.resolve(expanded, name: name) }
            if target.exists && !overwrite {
                mailbox.post(.saveNeedsOverwrite(key: key, path: shown(target.path)))
                return
            }
            let download = try await service.get(key: key)
            let file = try await Self.onQueue(queue) { try LocalSaveFile.create(destination: target.path) }
            savesInFlight.withLockedValue { _ = $0.insert(file.temporaryPath) }
            defer { savesInFlight.withLockedValue { _ = $0.remove(file.temporaryPath) } }
            let written: Int64
            do {
                written = try await stream(download, to: file, on: queue)
                guard written == download.info.size else {
                    throw LocalSaveFile.Failure(message: "the store sent \(written) of \(download.info.size) bytes; nothing written")
                }
                try await Self.onQueue(queue) { try file.commit(replacing: overwrite) }
            } catch {
                await Self.onQueue(queue) { file.discard() }
                throw error
            }
            let savedPath = shown(target.path)
            service.status.record(.info, "console saved \(Format.grouped(Int(written))) bytes to \(savedPath) from \(key)")
            mailbox.post(.saved(key: key, path: savedPath, bytes: written))
        } catch let failure as LocalSaveFile.Failure {
            mailbox.post(.saveFailed(key: key, message: shown(failure.message)))
        } catch let error as DataServiceError {
            // Integrity failures among them: the reason is long, so the outcome goes first.
            mailbox.post(.saveFailed(key: key, message: "nothing written: " + error.message))
        } catch {
            mailbox.post(.saveFailed(key: key, message: "nothing written: " + Self.describe(error)))
        }
    }

    /// Writes the body in batches of about `saveBatch` bytes; returns the bytes written.
    private func stream(_ download: ObjectDownload, to file: LocalSaveFile, on queue: DispatchQueue) async throws -> Int64 {
        var pending = ByteBuffer()
        var written: Int64 = 0
        for try await chunk in download.body {
            if pending.readableBytes == 0 { pending = chunk } else { pending.writeImmutableBuffer(chunk) }
            if pending.readableBytes >= Self.saveBatch {
                let batch = pending
                try await Self.onQueue(queue) { try file.write(batch) }
                written += Int64(batch.readableBytes)
                pending = ByteBuffer()
            }
        }
        if pending.readableBytes > 0 {
            let batch = pending
            try await Self.onQueue(queue) { try file.write(batch) }
            written += Int64(batch.readableBytes)
        }
        return written
    }

    /// Runs a blocking call on `queue` (a Dispatch thread, never the cooperative pool or the screen thread).
    static func onQueue<T: Sendable>(_ queue: DispatchQueue, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs a non-throwing blocking call on `queue`.
    static func onQueue(_ queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { continuation in
            queue.async {
                work()
                continuation.resume()
            }
        }
    }
}
