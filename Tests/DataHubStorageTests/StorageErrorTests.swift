import DataHubStorage
import Testing

@Suite struct StorageErrorTests {
    @Test func codesCompareAndDescribe() {
        let error = StorageError(.unavailable, "Storage is unreachable; retry later.", cause: "curl 7")
        #expect(error.code == .unavailable)
        #expect(error.code != .notFound)
        #expect(error.description == "unavailable: Storage is unreachable; retry later. (curl 7)")
    }
}
