import DataHubStorage
import NIOConcurrencyHelpers

/// Counts a folder's objects with a listing of its own, for a progress bar's total and ETA.
final class ObjectCounter: Sendable {
    private let total = NIOLockedValueBox<Int?>(nil)

    /// The count, once the listing has ended; `nil` before, or when the listing failed.
    var value: Int? { total.withLockedValue { $0 } }

    /// Lists `prefix` to the end, counting what the verifier will check.
    func count(storage: any Storage, prefix: String) async {
        var count = 0
        var cursor: String?
        repeat {
            guard !Task.isCancelled, let page = try? await storage.list(prefix: prefix, cursor: cursor, limit: 1000) else { return }
            count += page.objects.count { !$0.key.hasPrefix(DataService.reservedPrefix) }
            cursor = page.nextCursor
        } while cursor != nil
        total.withLockedValue { $0 = count }
    }
}
