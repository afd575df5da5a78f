import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DataHubService

/// `GET /data/<key>?pointer=` on FileStorage, through the router.
@Suite struct PointerReadRouteTests {
    private func store(_ app: APITestApp, _ key: String, _ body: String, contentType: String = "application/json") async throws {
        _ = try await app.service.storage.put(key: key, body: .buffer(ByteBuffer(string: body)), contentType: contentType, createOnly: true)
    }

    @Test func theValueIsSplicedAsStored() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, "r/doc.json", #"{ "a" : [ 1 , { "b" : 1.50e0 , "c/d" : "x\u00e9" } ] , "m~n" : null }"#)
            let nested = try await client.execute(uri: "/data/r/doc.json?pointer=/a/1/b", method: .get)
            #expect(nested.status == .ok)
            #expect(nested.headers[.contentType] == "application/json; charset=utf-8")
            #expect(nested.text == #"{"filename":"r/doc.json","pointer":"/a/1/b","data":1.50e0}"#)
            let escaped = try await client.execute(uri: "/data/r/doc.json?pointer=%2Fa%2F1%2Fc~1d", method: .get)
            #expect(escaped.text == #"{"filename":"r/doc.json","pointer":"/a/1/c~1d","data":"x\u00e9"}"#)
            let object = try await client.execute(uri: "/data/r/doc.json?pointer=/a/1", method: .get)
            #expect(object.text == #"{"filename":"r/doc.json","pointer":"/a/1","data":{ "b" : 1.50e0 , "c/d" : "x\u00e9" }}"#)
            let tilde = try await client.execute(uri: "/data/r/doc.json?pointer=/m~0n", method: .get)
            #expect(tilde.json["data"] is NSNull)
            let whole = try await client.execute(uri: "/data/r/doc.json?pointer=", method: .get)
            #expect(whole.text.hasPrefix(#"{"filename":"r/doc.json","pointer":"","data":{ "a" : [ 1 ,"#))
        }
    }

    @Test func missingInvalidRawAndNotJSON() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, "doc.json", #"{"a":[1,2]}"#)
            try await store(app, "text.txt", "plain", contentType: "text/plain")
            try await store(app, "bad.json", #"{"a":1,}"#)
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/data/doc.json?pointer=/a/2", .notFound, "pointer_not_found"), ("/data/doc.json?pointer=/b", .notFound, "pointer_not_found"),
                ("/data/doc.json?pointer=a", .badRequest, "invalid_pointer"), ("/data/doc.json?pointer=/a~2", .badRequest, "invalid_pointer"),
                ("/data/doc.json?pointer=/a&raw=true", .badRequest, "invalid_parameter"),
                ("/data/text.txt?pointer=/a", .unprocessableContent, "not_json"),
                ("/data/bad.json?pointer=/a", .unprocessableContent, "not_json"), ("/data/gone.json?pointer=/a", .notFound, "not_found"),
            ]
            for (uri, status, code) in cases {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == status, "\(uri)")
                #expect(response.json["code"] as? String == code, "\(uri): \(response.text)")
            }
            let plain = try await client.execute(uri: "/data/doc.json?pointer=/a/1&raw=false", method: .get)
            #expect(plain.json["data"] as? Int == 2)
        }
    }

    /// A 12 MiB document (spooled, streamed from the store): a small value after the bulk is found; selecting the
    /// bulk itself is over the 8 MiB limit and is 413.
    @Test func aLargeDocumentIsScannedAndAValueOverTheLimitIs413() async throws {
        let app = APITestApp()
        try await app.test { client in
            let bulk = String(repeating: "0123456789abcdef", count: 12 * 65_536)
            try await store(app, "big.json", #"{"bulk":""# + bulk + #"","tail":{"n":[4,5]}}"#)
            let tail = try await client.execute(uri: "/data/big.json?pointer=/tail/n/1", method: .get)
            #expect(tail.text == #"{"filename":"big.json","pointer":"/tail/n/1","data":5}"#)
            let whole = try await client.execute(uri: "/data/big.json?pointer=/bulk", method: .get)
            #expect(whole.status == .contentTooLarge)
            #expect(whole.json["code"] as? String == "value_too_large")
        }
    }
}
