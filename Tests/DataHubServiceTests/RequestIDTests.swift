import DataHubStorage
import Testing

@testable import DataHubService

@Suite struct RequestIDTests {
    @Test func newIDsAre32LowerHexDigitsAndNeverRepeat() {
        let ids = (0..<10_000).map { _ in APIMiddleware.newRequestID() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            #expect(id.utf8.count == 32)
            #expect(id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        }
    }

    @Test func aClientIDIsKeptOnlyWhenSane() {
        #expect(APIMiddleware.saneRequestID("abc-123_x.y:z") == "abc-123_x.y:z")
        #expect(APIMiddleware.saneRequestID("") == nil)
        #expect(APIMiddleware.saneRequestID("has space") == nil)
        #expect(APIMiddleware.saneRequestID(String(repeating: "a", count: 129)) == nil)
    }
}
