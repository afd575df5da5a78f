import DataHubStorage
import Testing

@testable import DataHubService

/// The metric handles are cached per label set: counts must still add up, and hostile methods must not
/// create new series.
@Suite struct APIMetricsTests {
    @Test func cachedCountersKeepCountingPerLabelSet() {
        let metrics = APIMetrics()
        for _ in 0..<3 { metrics.recordRequest(method: "GET", route: "/data", status: 200, duration: .milliseconds(2)) }
        metrics.recordRequest(method: "GET", route: "/data", status: 503, duration: .milliseconds(1))
        metrics.recordRequest(method: "POST", route: "/data", status: 201, duration: .milliseconds(4))
        metrics.recordStorageCall("get", outcome: "ok", duration: .milliseconds(1))
        metrics.recordStorageCall("get", outcome: "ok", duration: .milliseconds(3))
        let text = metrics.render()
        #expect(text.contains(#"datahub_http_requests_total{method="GET",route="/data",status="200"} 3"#))
        #expect(text.contains(#"datahub_http_requests_total{method="GET",route="/data",status="503"} 1"#))
        #expect(text.contains(#"datahub_http_requests_total{method="POST",route="/data",status="201"} 1"#))
        #expect(text.contains(#"datahub_http_request_duration_seconds_count{route="/data"} 5"#))
        #expect(text.contains(#"datahub_storage_call_duration_seconds_count{operation="get",outcome="ok"} 2"#))
    }

    @Test func unknownMethodsShareOneSeries() {
        let metrics = APIMetrics()
        for index in 0..<50 { metrics.recordRequest(method: "X\(index)", route: "unmatched", status: 404, duration: .zero) }
        let text = metrics.render()
        #expect(text.contains(#"datahub_http_requests_total{method="other",route="unmatched",status="404"} 50"#))
        #expect(!text.contains(#"method="X1""#))
    }

    @Test func concurrentRecordingLosesNothing() async {
        let metrics = APIMetrics()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 { metrics.recordRequest(method: "GET", route: "/health", status: 200, duration: .microseconds(50)) }
                }
            }
        }
        #expect(metrics.render().contains(#"datahub_http_requests_total{method="GET",route="/health",status="200"} 4000"#))
    }
}
