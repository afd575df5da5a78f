import Foundation

@testable import DataHubTUI

/// Shared test data: a model with rows and a status, at a fixed time in UTC.
enum Fixtures {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 ...
    static let utc = TimeZone(identifier: "UTC")!

    static func rows(_ count: Int, prefix: String = "") -> [ObjectRow] {
        (0..<count).map { (i: Int) -> ObjectRow in
            let key = prefix + String(format: "data_20261124_%06d_x%03d.json", i, i % 1000)
            let size = Int64(100 + (i * 37) % 5000)
            return ObjectRow(key: key, size: size, modified: start.addingTimeInterval(Double(i)))
        }
    }

    static func status(_ state: HealthView.State = .up, activity: [ActivityLine] = []) -> StatusView {
        var health = HealthView(since: start)
        health.state = state
        health.latencyMs = state == .up ? 4 : nil
        health.lastError = state == .down ? "connection refused" : nil
        return StatusView(
            health: health,
            requests: 312,
            status2xx: 300,
            status4xx: 10,
            status5xx: 2,
            status503: 1,
            activity: activity,
            startedAt: start
        )
    }

    static func model(rows count: Int = 30, done: Bool = true) -> DashboardModel {
        var model = DashboardModel(
            header: DashboardHeader(bucket: "analytics-data", endpoint: "file:./data", apiAddress: "http://127.0.0.1:5000"),
            status: status(activity: [
                ActivityLine(time: start.addingTimeInterval(60), text: "POST /data 201 6 ms", isError: false),
                ActivityLine(time: start.addingTimeInterval(30), text: "storage DOWN (connection refused)", isError: true),
            ])
        )
        let intents = model.start()
        guard case .refresh(_, _, let generation) = intents.first else { fatalError("start must refresh") }
        model.apply(.listPage(generation: generation, rows: rows(count), first: true, done: done))
        return model
    }

    static func render(_ model: DashboardModel, rows: Int, cols: Int) -> CellGrid {
        DashboardRenderer(timeZone: utc).render(model, now: start.addingTimeInterval(13 * 60 + 2), rows: rows, cols: cols)
    }

    static func type(_ text: String, into model: inout DashboardModel) -> [Intent] {
        text.flatMap { model.handle(.character($0)) }
    }
}
