import Foundation
import Testing

/// `GET /data/<key>?pointer=` on the real binary over SeaweedFS, including a document large enough to stream.
@Suite(.serialized) struct PointerReadTests {
    @Test func pointersReadValuesAsStoredFromSmallAndLargeDocuments() async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        let small = #"{ "city" : "Cape Town" , "readings" : [ 21.50 , { "at" : "noon" , "a/b" : [ true ] } ] }"#
        let created = try await HTTP.upload(hub.baseURL, small, prefix: "ptr")
        let name = try #require(created.json["filename"] as? String)
        let read: (String) async throws -> HTTP.Response = { pointer in
            try await HTTP.request(
                "GET",
                hub.baseURL + "/data/" + name + "?pointer=" + pointer.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            )
        }
        #expect(try await read("/readings/0").text == #"{"filename":"\#(name)","pointer":"/readings/0","data":21.50}"#)
        #expect(try await read("/readings/1/a~1b/0").json["data"] as? Bool == true)
        #expect(try await read("/city").json["data"] as? String == "Cape Town")
        let missing = try await read("/readings/2")
        #expect(missing.status == 404 && missing.json["code"] as? String == "pointer_not_found")
        let invalid = try await read("readings")
        #expect(invalid.status == 400 && invalid.json["code"] as? String == "invalid_pointer")

        // 10 MiB: streamed from the store, scanned on the way; only the tail value is kept.
        let large = #"{"bulk":""# + String(repeating: "abcdefghij", count: 1_048_576) + #"","tail":{"n":[4,5]}}"#
        let big = try await HTTP.upload(hub.baseURL, large, prefix: "ptr")
        let bigName = try #require(big.json["filename"] as? String)
        let tail = try await HTTP.request("GET", hub.baseURL + "/data/" + bigName + "?pointer=/tail/n/1")
        #expect(tail.text == #"{"filename":"\#(bigName)","pointer":"/tail/n/1","data":5}"#)
        let bulk = try await HTTP.request("GET", hub.baseURL + "/data/" + bigName + "?pointer=/bulk")
        #expect(bulk.status == 413 && bulk.json["code"] as? String == "value_too_large")
        #expect(await hub.stop() == 0)
    }
}
