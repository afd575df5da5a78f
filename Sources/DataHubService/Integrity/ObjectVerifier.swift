public import DataHubStorage
import Digests
import Foundation
import NIOCore

/// Walks a folder's objects and re-hashes each one against the SHA-256 stored with it, with a bounded number of
/// reads in flight and nothing kept per object but the outcome counts (and the names of the bad ones).
public struct ObjectVerifier: Sendable {
    /// The progress so far, handed to the caller's callback.
    public struct Progress: Sendable, Equatable {
        /// Objects checked.
        public var checked: Int
        /// Objects found damaged so far.
        public var mismatched: Int
        /// Bytes hashed.
        public var bytes: Int64
        /// How many objects the folder holds, once a separate listing has counted them.
        public var total: Int?

        /// Creates a progress report.
        public init(checked: Int, mismatched: Int, bytes: Int64, total: Int?) {
            self.checked = checked
            self.mismatched = mismatched
            self.bytes = bytes
            self.total = total
        }
    }

    let storage: any Storage
    let prefix: String
    /// Reads in flight at once (32 by default: with 16, a one-CPU store still idled between answers; see
    /// docs/performance.md).
    let width: Int

    /// Creates a verifier over `storage` for the folder `prefix` ("" for the whole bucket).
    public init(storage: any Storage, prefix: String, width: Int = 32) {
        self.storage = storage
        self.prefix = prefix
        self.width = width
    }

    /// Verifies every object; `progress` is called after each one (from the verifying task).
    /// - Parameter countTotal: also count the objects, for a progress bar's total and ETA; that is a second
    ///   listing of the folder, which a run nobody watches (cron, `--json`) is better without.
    public func run(countTotal: Bool = true, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> VerifyReport {
        let start = ContinuousClock.now
        let total = ObjectCounter()
        // The count runs beside the walk, so the walk need not wait for it or keep the keys.
        let counting = countTotal ? Task { [storage, prefix] in await total.count(storage: storage, prefix: prefix) } : nil
        defer { counting?.cancel() }
        var report = VerifyReport(prefix: prefix)
        await withTaskGroup(of: (ObjectInfo, VerifyOutcome).self) { group in
            // A store that stops answering ends the walk: every further read would only wait for its timeout.
            func take(_ done: ObjectInfo, _ outcome: VerifyOutcome) {
                report.add(key: done.key, size: done.size, outcome)
                if case .unreadable(let reason, true) = outcome, report.storageFailure == nil { report.storageFailure = reason }
                progress(Progress(report, total: total.value))
            }
            var inFlight = 0
            // The next page is listed while this one's objects are read, so the reads never wait for a listing.
            let storage = self.storage
            let prefix = self.prefix
            let list = { @Sendable (cursor: String?) in Task { try await storage.list(prefix: prefix, cursor: cursor, limit: 1000) } }
            var nextPage: Task<ListPage, any Error>? = list(nil)
            defer { nextPage?.cancel() }
            walk: while let listing = nextPage {
                let page: ListPage
                do {
                    page = try await listing.value
                } catch {
                    report.storageFailure = Self.describe(error)
                    break
                }
                nextPage = page.nextCursor.map { list($0) }
                for info in page.objects where !info.key.hasPrefix(DataService.reservedPrefix) {
                    if inFlight == width, let (done, outcome) = await group.next() {
                        inFlight -= 1
                        take(done, outcome)
                    }
                    if report.storageFailure != nil { break walk }
                    group.addTask { (info, await Self.verify(info.key, storage: storage)) }
                    inFlight += 1
                }
            }
            for await (done, outcome) in group { take(done, outcome) }
        }
        report.mismatched.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        report.unreadable.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let elapsed = ContinuousClock.now - start
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// Reads one object whole and compares its SHA-256 with the stored one.
    static func verify(_ key: String, storage: any Storage) async -> VerifyOutcome {
        do {
            let download = try await storage.get(key: key, range: nil)
            let hasher = StreamingDigest.sha256()
            var seen: Int64 = 0
            for try await chunk in download.body {
                chunk.withUnsafeReadableBytes { hasher.update($0) }
                seen += Int64(chunk.readableBytes)
            }
            guard seen == download.info.size else {
                return .unreadable(reason: "read \(seen) of \(download.info.size) bytes", storageDown: false)
            }
            guard let stored = download.info.sha256 else { return .noDigest }
            let actual = hasher.finalizeHex()
            return actual == stored ? .verified : .mismatch(stored: stored, actual: actual)
        } catch let error as StorageError where error.code == .notFound {
            return .vanished
        } catch let error as StorageError {
            return .unreadable(reason: error.message, storageDown: error.code == .unavailable)
        } catch {
            return .unreadable(reason: String(describing: error), storageDown: false)
        }
    }

    /// A storage error's message (never its cause, which may name internals).
    static func describe(_ error: any Error) -> String {
        (error as? StorageError)?.message ?? String(describing: error)
    }
}

extension ObjectVerifier.Progress {
    init(_ report: VerifyReport, total: Int?) {
        self.init(checked: report.checked, mismatched: report.mismatched.count, bytes: report.bytes, total: total)
    }
}
