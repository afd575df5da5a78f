import DataHubStorage
import Testing

@testable import DataHubService

/// Which `Content-Type` values count as JSON (uploads, and stored objects read wrapped).
@Suite struct ContentTypeTests {
    @Test(arguments: ["application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ;x=y", "\tapplication/json"])
    func jsonTypes(_ value: String) {
        #expect(DataRoutes.isJSONContentType(value))
    }

    @Test(arguments: [
        "", "text/plain", "application/jsonx", "application/json-seq", "application/x-json", "json", ";application/json",
        "application/ json", "applicatıon/json",
    ])
    func otherTypes(_ value: String) {
        #expect(!DataRoutes.isJSONContentType(value))
    }

    @Test func noTypeIsNotJSON() {
        #expect(!DataRoutes.isJSONContentType(nil))
    }
}
