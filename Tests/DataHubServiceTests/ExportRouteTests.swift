import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

@testable import DataHubService

/// `GET /export` and `HEAD /export` on FileStorage, through the router.
@Suite struct ExportRouteTests {
    /// Stored out of order, spaced out, in a folder tree, with a neighbour outside the folder.
    private static let documents: [(key: String, body: String)] = [
        ("f/b.json", "{ \"b\" : [ 1 , 2.50 ] }"), ("f/a.json", "\n[ \"x y\" , 1e400 ]\n"), ("f/sub/c.json", "\"c \\\" d\""),
        ("f/a2.json", "{\"\u{00e9}\": null}"), ("g/outside.json", "{ }"),
    ]

    private func store(_ app: APITestApp, _ documents: [(key: String, body: String)], contentType: String = "application/json") async throws {
        for (key, body) in documents {
            _ = try await app.service.storage.put(key: key, body: .buffer(ByteBuffer(string: body)), contentType: contentType, createOnly: true)
        }
    }

    @Test func ndjsonIsOneCompactedLinePerObjectInByteOrder() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, Self.documents)
            let response = try await client.execute(uri: "/export?prefix=f", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-ndjson")
            #expect(response.headers[.requestID]?.isEmpty == false)
            #expect(response.text == "[\"x y\",1e400]\n{\"\u{00e9}\":null}\n{\"b\":[1,2.50]}\n\"c \\\" d\"\n")
            let whole = try await client.execute(uri: "/export", method: .get)
            #expect(whole.text.split(separator: "\n").count == 5)
        }
    }

    @Test func jsonArrayWrapAndAfter() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, Self.documents)
            let array = try await client.execute(uri: "/export?prefix=f/&format=json", method: .get)
            #expect(array.headers[.contentType] == "application/json; charset=utf-8")
            #expect(array.text == "[[\"x y\",1e400],{\"\u{00e9}\":null},{\"b\":[1,2.50]},\"c \\\" d\"]")
            let wrapped = try await client.execute(uri: "/export?prefix=f&format=json&wrap=true&after=f/a2.json", method: .get)
            #expect(wrapped.text == "[{\"filename\":\"f/b.json\",\"data\":{\"b\":[1,2.50]}},{\"filename\":\"f/sub/c.json\",\"data\":\"c \\\" d\"}]")
            let lines = try await client.execute(uri: "/export?prefix=f&wrap=1&after=f/b.json", method: .get)
            #expect(lines.text == "{\"filename\":\"f/sub/c.json\",\"data\":\"c \\\" d\"}\n")
            let parsed = try JSONSerialization.jsonObject(with: Data(buffer: wrapped.body)) as? [[String: Any]]
            #expect(parsed?.map { $0["filename"] as? String } == ["f/b.json", "f/sub/c.json"])
            let none = try await client.execute(uri: "/export?prefix=f&format=json&after=f/z", method: .get)
            #expect(none.text == "[]")
            let empty = try await client.execute(uri: "/export?prefix=nothing", method: .get)
            #expect(empty.status == .ok)
            #expect(empty.text == "")
        }
    }

    /// More objects than the window is wide, and some larger than the whole-read limit: all in order.
    @Test func manyAndLargeObjectsKeepListingOrder() async throws {
        let app = APITestApp()
        try await app.test { client in
            let big = "{ \"pad\" : \"" + String(repeating: "x y ", count: 100_000) + "\" , \"n\" : [ 1 , 2 ] }"
            var documents: [(key: String, body: String)] = []
            for index in 0..<60 {
                documents.append((String(format: "m/doc%03d.json", index), index % 20 == 7 ? big : "{ \"i\" : \(index) }"))
            }
            try await store(app, documents)
            let response = try await client.execute(uri: "/export?prefix=m", method: .get)
            let lines = response.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 61 && lines.last == "")
            for (index, line) in lines.dropLast().enumerated() {
                let expected = index % 20 == 7 ? "{\"pad\":\"" + String(repeating: "x y ", count: 100_000) + "\",\"n\":[1,2]}" : "{\"i\":\(index)}"
                #expect(line == expected, "line \(index)")
            }
        }
    }

    @Test func objectsNotStoredAsJSONAreSkippedAndCounted() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, [("s/a.json", "[1]"), ("s/c.json", "[3]")])
            try await store(app, [("s/b.txt", "hello"), ("s/big.bin", String(repeating: "z", count: 300_000))], contentType: "text/plain")
            let response = try await client.execute(uri: "/export?prefix=s", method: .get)
            #expect(response.text == "[1]\n[3]\n")
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("datahub_export_skipped_total 2"))
        }
    }

    /// A document labelled JSON that is not JSON never ends a well-formed export: the body breaks off.
    @Test func invalidStoredJSONAbortsTheExport() async throws {
        for format in ["ndjson", "json"] {
            let app = APITestApp()
            try await app.test { client in
                try await store(app, [("v/a.json", "[1]"), ("v/b.json", "{\"broken\": "), ("v/c.json", "[3]")])
                await #expect(throws: (any Error).self, "format \(format)") {
                    let response = try await client.execute(uri: "/export?prefix=v&format=\(format)", method: .get)
                    Issue.record("a complete answer: \(response.status) \(response.text)")
                }
            }
        }
    }

    @Test func headAnswersTheHeadersWithoutABody() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, Self.documents)
            let head = try await client.execute(uri: "/export?prefix=f&format=json", method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.contentType] == "application/json; charset=utf-8")
            #expect(head.body.readableBytes == 0)
            let bad = try await client.execute(uri: "/export?format=csv", method: .head)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func storageDownIs503WithRetryAfter() async throws {
        let app = APITestApp()
        try await app.test { client in
            try await store(app, Self.documents)
            app.service.status.recordProbe(.failure(StorageError(.unavailable, "connection refused")))
            for method in [HTTPRequest.Method.get, .head] {
                let response = try await client.execute(uri: "/export?prefix=f", method: method)
                #expect(response.status == .serviceUnavailable, "\(method)")
                #expect(response.headers[.retryAfter] == "2")
            }
            let response = try await client.execute(uri: "/export", method: .get)
            #expect(response.json["code"] as? String == "storage_unavailable")
        }
    }

    @Test func badParametersAre400WithACode() async throws {
        try await APITestApp().test { client in
            let cases = [
                ("format=csv", "invalid_parameter"), ("wrap=maybe", "invalid_parameter"), ("after=/x", "invalid_name"),
                ("after=", "invalid_name"), ("after=a//b", "invalid_name"), ("prefix=../x", "invalid_name"), ("prefix=.datahub", "invalid_name"),
            ]
            for (query, code) in cases {
                let response = try await client.execute(uri: "/export?" + query, method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.json["code"] as? String == code, "\(query)")
                #expect(response.json["request_id"] is String)
            }
        }
    }

    @Test func wrongMethodIs405AndKeysAreRequired() async throws {
        let key = "k3y-0123456789abcdef"
        try await APITestApp { $0.apiKeys = [key] }.test { client in
            let post = try await client.execute(uri: "/export", method: .post, headers: [.authorization: "Bearer " + key])
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET, HEAD")
            #expect(post.json["code"] as? String == "method_not_allowed")
            for method in [HTTPRequest.Method.get, .head] {
                let missing = try await client.execute(uri: "/export", method: method)
                #expect(missing.status == .unauthorized)
                #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let good = try await client.execute(uri: "/export", method: .get, headers: [.authorization: "Bearer " + key])
            #expect(good.status == .ok)
        }
    }
}
