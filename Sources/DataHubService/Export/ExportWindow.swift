/// A bounded window of concurrent fetches whose results are taken in the order they were started.
///
/// Up to `width` fetches run at once while the oldest is awaited, so the store's latency overlaps without
/// the export ever holding more than `width` results.
struct ExportWindow: Sendable {
    /// The most fetches in flight.
    let width: Int
    private var tasks: [Task<ExportItem, any Error>] = []

    /// Creates an empty window.
    init(width: Int) {
        self.width = width
    }

    /// Whether another fetch may start.
    var hasRoom: Bool { tasks.count < width }
    /// Whether nothing is in flight.
    var isEmpty: Bool { tasks.isEmpty }

    /// Starts one fetch at the end of the window.
    mutating func start(_ fetch: @escaping @Sendable () async throws -> ExportItem) {
        tasks.append(Task { try await fetch() })
    }

    /// Waits for the oldest fetch and removes it from the window; cancelling the caller cancels it.
    /// - Throws: whatever that fetch threw.
    mutating func next() async throws -> ExportItem {
        let task = tasks.removeFirst()
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Cancels every fetch still in flight (the export failed or the client left).
    func cancelAll() {
        for task in tasks { task.cancel() }
    }
}
