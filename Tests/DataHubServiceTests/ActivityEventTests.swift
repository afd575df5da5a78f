import DataHubService
import DataHubStorage
import Foundation
import Testing

/// The feed's events are typed: whether one is an error or changed the bucket comes from its fields, not its text.
@Suite struct ActivityEventTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func request(_ method: String, _ route: String, _ status: Int, text: String = "whatever the text says") -> ActivityEvent {
        .request(time: now, method: method, route: route, status: status, text: text)
    }

    @Test func successfulUploadsAndDeletesChangeData() {
        #expect(request("POST", "/data", 201).changesData)
        #expect(request("DELETE", "/data/{key}", 200).changesData)
        #expect(ActivityEvent(time: now, kind: .dataChanged, text: "console deleted a.json").changesData)
    }

    @Test func readsFailuresAndOtherRoutesDoNot() {
        #expect(!request("GET", "/data", 200).changesData)
        #expect(!request("POST", "/data", 400).changesData)
        #expect(!request("POST", "/data", 503).changesData)
        #expect(!request("DELETE", "/data/{key}", 404).changesData)
        // The text alone decides nothing: a request whose shown path starts with "POST /data" but hit no route.
        #expect(!request("POST", "unmatched", 201, text: "POST /data 201 1 ms").changesData)
        #expect(!ActivityEvent(time: now, kind: .info, text: "POST /data 201").changesData)
    }

    @Test func errorsAreServerFailuresAndStorageGoingDown() {
        #expect(request("GET", "/data", 503).isError)
        #expect(request("GET", "/data", 500).isError)
        #expect(!request("GET", "/data/{key}", 404).isError)
        let center = StatusCenter(now: now)
        center.recordProbe(.success(.milliseconds(1)), at: now)
        center.recordProbe(.failure(StorageError(.unavailable, "UP is what it is not")), at: now + 1)
        let events = center.snapshot().activity
        #expect(events.map(\.kind) == [.storageDown, .storageUp])
        #expect(events.map(\.isError) == [true, false])
    }
}
