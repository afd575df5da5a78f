import Synchronization
import Testing

@testable import DataHubService

/// The bounded window of the export: results in start order, never more than `width` in flight.
@Suite struct ExportWindowTests {
    @Test func resultsComeInStartOrderWhateverOrderTheyFinishIn() async throws {
        var window = ExportWindow(width: 4)
        var started = 0
        var taken: [String] = []
        while started < 10 || !window.isEmpty {
            while started < 10 && window.hasRoom {
                let index = started
                // Later fetches finish first.
                window.start {
                    try await Task.sleep(for: .milliseconds(40 - 4 * (index % 4)))
                    return .vanished(key: "k\(index)")
                }
                started += 1
            }
            guard case .vanished(let key) = try await window.next() else {
                Issue.record("unexpected item")
                return
            }
            taken.append(key)
        }
        #expect(taken == (0..<10).map { "k\($0)" })
    }

    @Test func holdsAtMostItsWidthAndCancelsWhatIsLeft() async throws {
        let cancelled = Atomic<Int>(0)
        var window = ExportWindow(width: 3)
        var count = 0
        while window.hasRoom {
            window.start {
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    cancelled.add(1, ordering: .relaxed)
                    throw error
                }
                return .vanished(key: "never")
            }
            count += 1
        }
        #expect(count == 3)
        window.cancelAll()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while cancelled.load(ordering: .relaxed) < 3 && clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(cancelled.load(ordering: .relaxed) == 3)
        await #expect(throws: CancellationError.self) { try await window.next() }
    }
}
