import DataHubStorage

/// The objects of an export in listing order, page after page, with the keys up to `after` left out.
///
/// Keys are filtered here rather than by the store: the `Storage` protocol takes only its own opaque cursors,
/// and SeaweedFS does not list in byte order, so a start-after in the store would not mean the same everywhere.
struct ExportListing: Sendable {
    private let service: DataService
    private let options: ExportOptions
    private var page: ListPage
    private var index = 0
    /// The page after `page`, listed while this one's objects are fetched, so the fetch window never waits for a
    /// listing at a page's end. Started by the first `next()`, so a HEAD (which only needs the first page) lists
    /// nothing more.
    private var nextPage: Task<ListPage, any Error>?
    private var prefetching = false

    /// The page size asked of the store.
    static let pageSize = 1000

    /// Fetches the first page, so that an outage is reported before the response starts.
    /// - Throws: `StorageError` from the store (`.unavailable` becomes a 503).
    init(service: DataService, options: ExportOptions) async throws {
        self.service = service
        self.options = options
        self.page = try await service.listPage(prefix: options.prefix, cursor: nil, limit: Self.pageSize)
    }

    /// A listing of objects already chosen (the console's filtered rows), exported in the order given.
    init(service: DataService, options: ExportOptions, objects: [ObjectInfo]) {
        self.service = service
        self.options = options
        self.page = ListPage(objects: objects, nextCursor: nil)
    }

    /// The next object to export, fetching the next page when this one is used up; `nil` at the end.
    /// - Throws: `StorageError` when a later page cannot be listed.
    mutating func next() async throws -> ObjectInfo? {
        if !prefetching {
            prefetching = true
            nextPage = Self.prefetch(after: page, service: service, prefix: options.prefix)
        }
        while true {
            while index < page.objects.count {
                let info = page.objects[index]
                index += 1
                if options.includes(info.key) { return info }
            }
            guard let listing = nextPage else { return nil }
            page = try await withTaskCancellationHandler {
                try await listing.value
            } onCancel: {
                listing.cancel()
            }
            nextPage = Self.prefetch(after: page, service: service, prefix: options.prefix)
            index = 0
        }
    }

    /// Starts listing the page after `page`, if there is one.
    private static func prefetch(after page: ListPage, service: DataService, prefix: String) -> Task<ListPage, any Error>? {
        guard let cursor = page.nextCursor else { return nil }
        return Task { try await service.listPage(prefix: prefix, cursor: cursor, limit: pageSize) }
    }
}
