import Testing

@testable import DataHubTUI

@Suite struct ProgressBarTests {
    @Test func theBarCountRateAndETAFollowTheNumbers() {
        let bar = ProgressBar(done: 2_500, total: 10_000, elapsed: 5)
        #expect(bar.rate == 500)
        #expect(bar.secondsLeft == 15)
        let line = bar.line(width: 80)
        #expect(line.hasPrefix("[" + String(repeating: "█", count: 7) + String(repeating: "░", count: 23) + "] "))
        #expect(line.hasSuffix("2,500/10,000 objects  500/s  ETA 15 s"))
        #expect(line.count <= 80)
    }

    @Test func withoutATotalThereIsNoBarAndNoETA() {
        let line = ProgressBar(done: 1_234, total: nil, elapsed: 2).line(width: 80)
        #expect(line == "1,234 objects  617/s")
    }

    @Test func aNarrowLineDropsTheBarAndNeverOverflows() {
        let bar = ProgressBar(done: 10, total: 20, elapsed: 10)
        #expect(!bar.line(width: 30).contains("["))
        #expect(bar.line(width: 12).count == 12)
        #expect(ProgressBar(done: 20, total: 20, elapsed: 1).line(width: 80).hasPrefix("[" + String(repeating: "█", count: 30) + "]"))
    }

    @Test func durationsReadAsAPersonWouldSayThem() {
        #expect(ProgressBar.duration(45) == "45 s")
        #expect(ProgressBar.duration(185) == "3 min 5 s")
        #expect(ProgressBar.duration(7_440) == "2 h 4 min")
    }
}
