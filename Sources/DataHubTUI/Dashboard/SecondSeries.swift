/// The newest values of one quantity, one per second, oldest first; `nil` marks a second with no value
/// (storage down, for a latency).
struct SecondSeries: Equatable, Sendable {
    /// Two minutes: the longest history a pane shows.
    static let capacity = 120

    /// Oldest first, at most `capacity`.
    private(set) var values: [Int?] = []

    /// Appends the newest second, dropping the oldest beyond `capacity`.
    mutating func append(_ value: Int?) {
        values.append(value)
        if values.count > Self.capacity { values.removeFirst(values.count - Self.capacity) }
    }

    /// The newest `count` values, oldest first.
    func newest(_ count: Int) -> ArraySlice<Int?> {
        values.suffix(max(0, count))
    }
}
