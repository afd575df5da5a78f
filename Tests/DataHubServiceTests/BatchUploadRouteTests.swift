import DataHubStorage
import Digests
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

@testable import DataHubService

/// `POST /data/batch` on FileStorage, through the router.
@Suite struct BatchUploadRouteTests {
    static let ndjson: HTTPFields = [.contentType: "application/x-ndjson"]

    /// Every key in the bucket, DataHub's own markers included.
    private func allKeys(_ app: APITestApp) async throws -> [String] {
        try await app.service.storage.list(prefix: "", cursor: nil, limit: 1000).objects.map(\.key)
    }

    private func post(
        _ client: any TestClientProtocol,
        _ body: String,
        uri: String = "/data/batch",
        headers: HTTPFields = ndjson
    ) async throws
        -> TestResponse
    {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func eachLineIsOneObjectNamedInLineOrderWithItsDigest() async throws {
        let app = APITestApp()
        try await app.test { client in
            let lines = (0..<40).map { #"{"i": \#($0), "s": "caf\#u{00e9} \#($0)"}"# }
            // Blank and whitespace-only lines are skipped; a CRLF end is not part of the document.
            let body = lines[0] + "\r\n\n  \n" + lines.dropFirst().joined(separator: "\n") + "\n"
            let response = try await post(client, body, uri: "/data/batch?prefix=in/")
            #expect(response.status == .created, "\(response.text)")
            #expect(response.json["count"] as? Int == 40)
            #expect(response.json["bucket"] as? String == app.service.bucket)
            let files = try #require(response.json["files"] as? [[String: Any]])
            let names = files.compactMap { $0["filename"] as? String }
            #expect(names.count == 40)
            #expect(names == names.sorted(), "names increase in line order")
            #expect(Set(names).count == 40 && names.allSatisfy { $0.hasPrefix("in/data_") })
            for (line, file) in zip(lines, files) {
                #expect(file["sha256"] as? String == Digest.hex(Digest.sha256(Array(line.utf8))))
                #expect(file["size"] as? Int == line.utf8.count)
                let raw = try await client.execute(uri: "/data/" + (file["filename"] as! String) + "?raw=true", method: .get)
                #expect(raw.text == line)
                #expect((file["etag"] as? String)?.count == 32)
            }
            #expect(try await allKeys(app).sorted() == names)
        }
    }

    @Test func anInvalidLineNamesLineAndByteAndStoresNothing() async throws {
        let app = APITestApp()
        try await app.test { client in
            let body = "{\"a\":1}\n\n[1,2]\n{\"b\": tru}\n{\"c\":3}\n"
            let response = try await post(client, body)
            #expect(response.status == .badRequest)
            #expect(response.json["code"] as? String == "invalid_json")
            #expect(response.json["line"] as? Int == 4)
            #expect(response.json["byte"] as? Int == 9)
            #expect((response.json["error"] as? String)?.hasPrefix("line 4: invalid JSON: unexpected '}' at byte 9") == true)
            // Two documents on one line are not one value.
            let two = try await post(client, "{\"a\":1} {\"b\":2}\n")
            #expect(two.json["line"] as? Int == 1)
            #expect(two.json["byte"] as? Int == 8)
            #expect(try await allKeys(app).isEmpty)
        }
    }

    @Test func emptyTooManyWrongTypeAndTooLarge() async throws {
        let app = APITestApp {
            $0.maxBatchLines = 3
            $0.maxUploadBytes = 1000
        }
        try await app.test { client in
            for body in ["", "\n\n", "  \r\n \n"] {
                let empty = try await post(client, body)
                #expect(empty.status == .badRequest)
                #expect(empty.json["code"] as? String == "empty_body")
            }
            let three = try await post(client, "1\n2\n3")
            #expect(three.status == .created)
            let four = try await post(client, "1\n2\n\n3\n4\n")
            #expect(four.status == .contentTooLarge)
            #expect(four.json["code"] as? String == "too_many_lines")
            let json = try await post(client, "1\n", headers: jsonHeaders)
            #expect(json.status == .unsupportedMediaType)
            #expect(json.json["code"] as? String == "unsupported_media_type")
            let large = try await post(client, String(repeating: "1\n", count: 501))
            #expect(large.status == .contentTooLarge)
            #expect(large.json["code"] as? String == "payload_too_large")
            #expect(try await allKeys(app).count == 3)
        }
    }

    @Test func aRetryWithTheSameKeyCompletesAndAnotherBodyIs422() async throws {
        let app = APITestApp()
        try await app.test { client in
            var headers = Self.ndjson
            headers[.idempotencyKey] = "load-2026-12-04"
            let body = (0..<30).map { "{\"n\":\($0)}" }.joined(separator: "\n")
            let first = try await post(client, body, headers: headers)
            #expect(first.status == .created)
            let names = try #require(first.json["files"] as? [[String: Any]]).compactMap { $0["filename"] as? String }
            // As if the first attempt had stopped part-way: some documents are gone.
            for name in names.enumerated().filter({ $0.offset % 3 == 0 }).map(\.element) {
                try await app.service.storage.delete(key: name)
            }
            #expect(try await allKeys(app).filter { !$0.hasPrefix(".datahub/") }.count == 20)
            let retry = try await post(client, body, headers: headers)
            #expect(retry.status == .created)
            #expect(try #require(retry.json["files"] as? [[String: Any]]).compactMap { $0["filename"] as? String } == names)
            #expect(retry.text == first.text, "the complete 201 again")
            #expect(try await allKeys(app).filter { !$0.hasPrefix(".datahub/") }.sorted() == names)
            let other = try await post(client, body + "\n{}", headers: headers)
            #expect(other.status == .unprocessableContent)
            #expect(other.json["code"] as? String == "idempotency_key_reused")
            #expect(try await allKeys(app).filter { !$0.hasPrefix(".datahub/") }.count == 30)
        }
    }

    @Test func getHeadAndDeleteOfDataBatchStillMeanTheObjectNamedBatch() async throws {
        let app = APITestApp()
        try await app.test { client in
            _ = try await app.service.storage.put(
                key: "batch",
                body: .buffer(ByteBuffer(string: "[7]")),
                contentType: "application/json",
                createOnly: true
            )
            let read = try await client.execute(uri: "/data/batch", method: .get)
            #expect(read.status == .ok)
            #expect(read.text == #"{"filename":"batch","sha256":null,"data":[7]}"#)
            #expect(try await client.execute(uri: "/data/batch", method: .head).status == .ok)
            let put = try await client.execute(uri: "/data/batch", method: .put)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, HEAD, POST, DELETE")
            #expect(try await client.execute(uri: "/data/batch/x.json", method: .post).status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/data/batch", method: .delete).status == .ok)
            #expect(try await client.execute(uri: "/data/batch", method: .get).status == .notFound)
        }
    }
}
