import Foundation
import Testing

@testable import DataHubTUI

@Suite struct StatusHistoryTests {
    private func status(requests: Int, errors: Int, latency: Int? = 4, state: HealthView.State = .up) -> StatusView {
        var view = Fixtures.status(state)
        view.requests = requests
        view.status5xx = errors
        view.health.latencyMs = latency
        return view
    }

    @Test func eachSecondHoldsTheRequestsAnsweredInIt() {
        var history = StatusHistory()
        history.sample(second: 10, status: status(requests: 100, errors: 0))
        history.sample(second: 11, status: status(requests: 130, errors: 3))
        history.sample(second: 11, status: status(requests: 140, errors: 3))  // the same second again: not counted
        history.sample(second: 12, status: status(requests: 150, errors: 3))
        #expect(history.requests.values == [30, 20])
        #expect(history.errorShare.values == [10, 0])
        #expect(history.latency.values == [4, 4])
    }

    @Test func secondsSleptThroughAreIdleAndTheirAnswersLandInTheNewest() {
        var history = StatusHistory()
        history.sample(second: 0, status: status(requests: 0, errors: 0))
        history.sample(second: 3, status: status(requests: 9, errors: 9))
        #expect(history.requests.values == [0, 0, 9])
        #expect(history.errorShare.values == [nil, nil, 100])
    }

    @Test func latencyIsMissingWhileStorageIsDown() {
        var history = StatusHistory()
        history.sample(second: 0, status: status(requests: 0, errors: 0))
        history.sample(second: 1, status: status(requests: 0, errors: 0, latency: 7))
        history.sample(second: 2, status: status(requests: 0, errors: 0, latency: 7, state: .down))
        #expect(history.latency.values == [7, nil])
    }

    @Test func historyKeepsTwoMinutes() {
        var history = StatusHistory()
        for second in 0...500 { history.sample(second: second, status: status(requests: second, errors: 0)) }
        #expect(history.requests.values.count == SecondSeries.capacity)
        history.sample(second: 10_000, status: status(requests: 600, errors: 0))
        #expect(history.requests.values.count == SecondSeries.capacity)
        #expect(history.requests.values.last == 100, "the 100 answers of the seconds slept through land in the newest")
    }

    @Test func theHealthPaneDrawsTheSparklines() {
        var model = Fixtures.model(rows: 3)
        for second in 0..<30 {
            var view = Fixtures.status()
            view.requests = second * second
            _ = model.updateStatus(view)
            model.sampleHistory(now: Fixtures.start.addingTimeInterval(Double(second) + 0.5))
        }
        let lines = Fixtures.render(model, rows: 40, cols: 120).lines
        let layout = DashboardLayout(rows: 40, cols: 120)!
        let apiLine = lines[layout.bottomRow + 3]
        #expect(apiLine.contains("API  841 req  uptime 00:13:02"))
        #expect(apiLine.contains("█ 57/s"), "the newest second is the busiest: \(apiLine)")
        #expect(apiLine.contains("  ▄▄▄▅▅▅▅▆"), "the 20 newest seconds fit, the oldest of them quieter: \(apiLine)")
        #expect(lines[layout.bottomRow].contains("Storage  ● UP  4 ms  "))
        #expect(lines[layout.bottomRow + 4].contains("5xx 0%"))
        var ascii = DashboardRenderer(timeZone: Fixtures.utc)
        ascii.glyphs = .ascii
        let plain = ascii.render(model, now: Fixtures.start, rows: 40, cols: 120).lines[layout.bottomRow + 3]
        #expect(plain.contains("# 57/s"))
        #expect(!plain.contains("█"))
    }
}
