import Foundation
import Testing

@testable import DataHubService
@testable import DataHubStorage

@Suite struct HealthStateMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    @Test func firstSuccessGoesUpWithoutOutage() {
        var machine = HealthStateMachine(now: t0)
        #expect(machine.health.status == .unknown)
        #expect(machine.probeSucceeded(latency: .milliseconds(4), at: t0) == .wentUp(outage: nil))
        #expect(machine.probeSucceeded(latency: .milliseconds(5), at: t0 + 1) == HealthStateMachine.Transition.none)
        #expect(machine.health.latency == .milliseconds(5))
    }

    @Test func outageIsMeasuredFromTheFirstFailure() {
        var machine = HealthStateMachine(now: t0)
        _ = machine.probeSucceeded(latency: .milliseconds(4), at: t0)
        #expect(machine.probeFailed("connection refused", at: t0 + 10) == .wentDown)
        #expect(machine.probeFailed("connection refused", at: t0 + 11) == HealthStateMachine.Transition.none)
        #expect(machine.health.since == t0 + 10)
        #expect(machine.health.lastError == "connection refused")
        #expect(machine.probeSucceeded(latency: .milliseconds(3), at: t0 + 17.5) == .wentUp(outage: .milliseconds(7500)))
        #expect(machine.health.status == .up)
        #expect(machine.health.since == t0 + 17.5)
    }

    @Test func statusCenterFeedRecordsTransitionsNewestFirst() {
        let center = StatusCenter(now: t0)
        center.recordProbe(.success(.milliseconds(2)), at: t0)
        center.recordProbe(.failure(StorageError(.unavailable, "connection refused")), at: t0 + 1)
        center.recordRequest(method: "GET", route: "/data", path: "/data", status: 503, duration: .milliseconds(1), at: t0 + 2)
        let snapshot = center.snapshot()
        #expect(snapshot.activity.map(\.text) == ["GET /data 503 1 ms", "storage DOWN (connection refused)", "storage UP"])
        #expect(snapshot.activity.map(\.kind) == [.request, .storageDown, .storageUp])
        #expect(snapshot.activity.map(\.isError) == [true, true, false])
        #expect(snapshot.activity[0].route == "/data" && snapshot.activity[0].status == 503 && snapshot.activity[0].method == "GET")
        #expect(snapshot.counters.status503 == 1)
        #expect(snapshot.counters.status5xx == 1)
        #expect(snapshot.health.status == .down)
    }
}

@Suite struct JSONTextTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (1_795_601_702.123, "2026-11-25T10:15:02.123Z"),
        (951_782_400.999, "2000-02-29T00:00:00.999Z"), (4_102_444_799.5, "2099-12-31T23:59:59.500Z"),
    ])
    func timestampsAreISO8601WithMilliseconds(seconds: Double, expected: String) {
        #expect(JSONText.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"), (1_795_601_702.9, "Wed, 25 Nov 2026 10:15:02 GMT"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT"), (4_102_444_799.0, "Thu, 31 Dec 2099 23:59:59 GMT"),
        (1_793_873_702.0, "Thu, 05 Nov 2026 10:15:02 GMT"),
    ])
    func httpDatesAreRFC9110AndParseBack(seconds: Double, expected: String) {
        let text = JSONText.httpDate(Date(timeIntervalSince1970: seconds))
        #expect(text == expected)
        #expect(S3Dates.parseHTTPDate(text)?.timeIntervalSince1970 == seconds.rounded(.down))
    }

    @Test func quotingEscapesControlsAndSeparators() {
        #expect(JSONText.quote("a\"b\\c\n\u{1}\u{2028}é") == #""a\"b\\c\n\u0001\u2028é""#)
    }
}
