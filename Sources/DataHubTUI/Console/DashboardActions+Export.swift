import DataHubService
import DataHubStorage
import Foundation
import NIOConcurrencyHelpers

/// `e`: the export to a local file, run as a task that posts its progress at most ten times a second.
extension DashboardActions {
    /// Progress is posted at most this often, so a fast export does not flood the screen loop.
    static let exportProgressInterval = Duration.milliseconds(100)

    func startExport(path: String, target: ExportTarget, overwrite: Bool) {
        let expanded = LocalFile.expandTilde(path)
        if !overwrite && FileManager.default.fileExists(atPath: expanded) {
            mailbox.post(.exportNeedsOverwrite(path: path, target: target))
            return
        }
        let selection: FileExport.Selection =
            switch target {
            case .folder(let prefix): .folder(prefix)
            case .rows(let rows): .objects(rows.map { ObjectInfo(key: $0.key, size: $0.size, lastModified: $0.modified, etag: "") })
            }
        mailbox.post(.exportStarted(path: path, target: target))
        let task = Task { await self.export(FileExport(service: service, selection: selection), to: expanded, shownAs: path, label: target.label) }
        exporting.withLockedValue { old in
            old?.cancel()
            old = task
        }
    }

    private func export(_ export: FileExport, to path: String, shownAs shown: String, label: String) async {
        let clock = ContinuousClock()
        let start = clock.now
        let lastPost = NIOLockedValueBox(start)
        let mailbox = self.mailbox
        do {
            let result = try await export.run(to: path) { progress in
                let now = clock.now
                let due = lastPost.withLockedValue { last in
                    guard last.duration(to: now) >= Self.exportProgressInterval else { return false }
                    last = now
                    return true
                }
                if due { mailbox.post(.exportProgress(done: progress.done, total: progress.total, elapsed: Self.seconds(start.duration(to: now)))) }
            }
            service.status.record(
                .info,
                "console exported \(Format.grouped(result.documents)) documents of \(label) (\(Format.bytes(result.bytes))) to \(shown)"
            )
            mailbox.post(.exportFinished(path: shown, documents: result.documents, bytes: result.bytes))
        } catch is CancellationError {
            service.status.record(.info, "console export to \(shown) cancelled; no file written")
            mailbox.post(.exportCancelled(path: shown))
        } catch {
            // A cancel can surface as the store's error for the read it interrupted.
            if Task.isCancelled {
                service.status.record(.info, "console export to \(shown) cancelled; no file written")
                mailbox.post(.exportCancelled(path: shown))
                return
            }
            let text = Self.describe(error).replacingOccurrences(of: path, with: shown)
            service.status.record(.info, "console export to \(shown) failed: \(text)", isError: true)
            mailbox.post(.exportFailed(message: text))
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
