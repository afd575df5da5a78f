import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DataHubService

@Suite struct APIContractTests {
    @Test func uploadReadRawHeadDeleteRoundTrip() async throws {
        try await APITestApp().test { client in
            let body = #"{"city": "Cape Town", "readings": [1, 2.5e3, null, "ü"]}"#
            let created = try await client.execute(
                uri: "/data?prefix=reports/2026",
                method: .post,
                headers: jsonHeaders,
                body: ByteBuffer(string: body)
            )
            #expect(created.status == .created)
            let name = try #require(created.json["filename"] as? String)
            #expect(name.wholeMatch(of: /reports\/2026\/data_\d{8}_\d{6}_\d{6}_[a-z0-9]{8}\.json/) != nil)
            #expect(created.headers[.location] == "/data/" + name)
            #expect(created.json["size"] as? Int == body.utf8.count)
            #expect(created.json["bucket"] as? String == "analytics-data")
            #expect(created.headers[.requestID]?.isEmpty == false)

            let wrapped = try await client.execute(uri: "/data/" + name, method: .get)
            #expect(wrapped.status == .ok)
            let sha256 = try #require(created.json["sha256"] as? String)
            #expect(wrapped.text == "{\"filename\":\"\(name)\",\"sha256\":\"\(sha256)\",\"data\":\(body)}")

            let raw = try await client.execute(uri: "/data/\(name)?raw=true", method: .get)
            #expect(raw.text == body)
            let etag = try #require(raw.headers[.eTag])
            #expect(etag == "\"" + (created.json["etag"] as? String ?? "") + "\"")
            #expect(raw.headers[.lastModified]?.hasSuffix("GMT") == true)

            let notModified = try await client.execute(uri: "/data/\(name)?raw=true", method: .get, headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified)
            let partial = try await client.execute(uri: "/data/\(name)?raw=true", method: .get, headers: [.range: "bytes=1-6"])
            #expect(partial.status == .partialContent)
            #expect(partial.text == String(body.dropFirst().prefix(6)))
            #expect(partial.headers[.contentRange] == "bytes 1-6/\(body.utf8.count)")
            let unsatisfiable = try await client.execute(uri: "/data/\(name)?raw=true", method: .get, headers: [.range: "bytes=9999-"])
            #expect(unsatisfiable.status == .rangeNotSatisfiable)
            #expect(unsatisfiable.headers[.contentRange] == "bytes */\(body.utf8.count)")

            let head = try await client.execute(uri: "/data/" + name, method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.eTag] == etag)

            let deleted = try await client.execute(uri: "/data/" + name, method: .delete)
            #expect(deleted.status == .ok)
            #expect(deleted.json["message"] as? String == "File deleted")
            let again = try await client.execute(uri: "/data/" + name, method: .delete)
            #expect(again.status == .notFound)
            #expect(again.json["code"] as? String == "not_found")
        }
    }

    /// A `/` followed by an emoji modifier is one grapheme ("/🏻"): names must still split there.
    @Test func slashBeforeACombiningScalarStillSeparatesFolders() async throws {
        try await APITestApp().test { client in
            let created = try await client.execute(
                uri: "/data?prefix=a%2F%F0%9F%8F%BBb",
                method: .post,
                headers: jsonHeaders,
                body: ByteBuffer(string: "[]")
            )
            #expect(created.status == .created)
            let name = try #require(created.json["filename"] as? String)
            #expect(name.hasPrefix("a/\u{1F3FB}b/data_"))
            #expect(try await client.execute(uri: "/data/" + DataRoutes.pathEncode(name), method: .get).status == .ok)
            let reserved = try await client.execute(uri: "/data/.datahub%2F%F0%9F%8F%BBx", method: .get)
            #expect(reserved.json["code"] as? String == "invalid_name")
            let badRaw = try await client.execute(uri: "/data/\(DataRoutes.pathEncode(name))?raw=maybe", method: .get)
            #expect(badRaw.status == .badRequest)
        }
    }

    @Test func anyJSONValueIsAcceptedAndStoredByteForByte() async throws {
        try await APITestApp().test { client in
            for body in ["42", "\"text\"", "null", "[ ]", " {\"a\" : [true,false]}\n", "1e400"] {
                let created = try await client.execute(
                    uri: "/data",
                    method: .post,
                    headers: [.contentType: "application/json; charset=utf-8"],
                    body: ByteBuffer(string: body)
                )
                #expect(created.status == .created, "\(body)")
                let name = created.json["filename"] as? String ?? ""
                let raw = try await client.execute(uri: "/data/\(name)?raw=true", method: .get)
                #expect(raw.text == body)
            }
        }
    }

    @Test func badUploadsGetClearErrors() async throws {
        try await APITestApp { $0.maxUploadBytes = 10 }.test { client in
            let invalid = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{\"a\":}"))
            #expect(invalid.status == .badRequest)
            #expect(invalid.json["code"] as? String == "invalid_json")
            #expect((invalid.json["error"] as? String)?.contains("byte 5") == true)
            let empty = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer())
            #expect(empty.status == .badRequest)
            #expect(empty.json["code"] as? String == "empty_body")
            let wrongType = try await client.execute(
                uri: "/data",
                method: .post,
                headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "{}")
            )
            #expect(wrongType.status == .unsupportedMediaType)
            let exact = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "[1,2,3,4 ]"))
            #expect(exact.status == .created)
            let over = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "[1,2,3,4  ]"))
            #expect(over.status == .contentTooLarge)
            #expect(over.json["code"] as? String == "payload_too_large")
            let list = try await client.execute(uri: "/data", method: .get)
            #expect(list.json["count"] as? Int == 1)
        }
    }

    @Test(arguments: ["/data/a//b", "/data/./x", "/data/%2E%2E/x", "/data/a/", "/data/.datahub/marker", "/data/a%00b", "/data//", "/data/a%2F%2Fb"])
    func invalidNamesAreRefusedBeforeStorage(path: String) async throws {
        try await APITestApp().test { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .badRequest)
            #expect(response.json["code"] as? String == "invalid_name")
        }
    }

    @Test func wrongMethodIs405WithAllowAndUnknownPathIs404Envelope() async throws {
        try await APITestApp().test { client in
            let put = try await client.execute(uri: "/data", method: .put)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, POST")
            #expect(put.json["code"] as? String == "method_not_allowed")
            let post = try await client.execute(uri: "/health", method: .post)
            #expect(post.status == .methodNotAllowed)
            let missing = try await client.execute(uri: "/nope", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.json["code"] as? String == "not_found")
            #expect(missing.json["request_id"] as? String == missing.headers[.requestID])
        }
    }

    @Test func clientRequestIDIsKeptWhenSane() async throws {
        try await APITestApp().test { client in
            let kept = try await client.execute(uri: "/health", method: .get, headers: [.requestID: "abc-123.X"])
            #expect(kept.headers[.requestID] == "abc-123.X")
            let replaced = try await client.execute(uri: "/health", method: .get, headers: [.requestID: "bad id\u{7f}"])
            #expect(replaced.headers[.requestID] != "bad id\u{7f}")
            #expect(replaced.headers[.requestID]?.count == 32)
        }
    }

    @Test func pagedListingReachesEveryObjectAndHidesReservedMarkers() async throws {
        let app = APITestApp()
        try await app.test { client in
            // Lists, not sets: a set would fold two equal names (or two missing ones) into one and still compare equal.
            var names = [String]()
            for i in 0..<7 {
                let r = try await client.execute(uri: "/data?prefix=p", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "[\(i)]"))
                names.append(r.json["filename"] as? String ?? "")
            }
            #expect(Set(names).count == 7 && !names.contains(""), "\(names)")
            _ = try await app.service.storage.put(
                key: ".datahub/idem/x",
                body: .buffer(ByteBuffer(string: "{}")),
                contentType: "application/json",
                createOnly: true
            )
            var seen = [String]()
            var cursor: String?
            repeat {
                let query = cursor.map { "&cursor=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? ""
                let page = try await client.execute(uri: "/data?prefix=p/&limit=3" + query, method: .get)
                #expect(page.status == .ok)
                let files = page.json["files"] as? [[String: Any]] ?? []
                #expect(page.json["count"] as? Int == files.count)
                seen += files.compactMap { $0["filename"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(seen.sorted() == names.sorted())
            let all = try await client.execute(uri: "/data", method: .get)
            #expect(all.json["count"] as? Int == 7)
            #expect(all.text.hasSuffix("\"count\":7,\"next_cursor\":null}"))
            let badLimit = try await client.execute(uri: "/data?limit=0", method: .get)
            #expect(badLimit.json["code"] as? String == "invalid_limit")
        }
    }

    @Test func storageDownAnswers503WithRetryAfterButHealthStays200() async throws {
        let app = APITestApp()
        try await app.test { client in
            app.service.status.recordProbe(.failure(StorageError(.unavailable, "connection refused")))
            let post = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{}"))
            #expect(post.status == .serviceUnavailable)
            #expect(post.headers[.retryAfter] == "2")
            #expect(post.json["code"] as? String == "storage_unavailable")
            for (uri, method) in [("/data", HTTPRequest.Method.get), ("/data/x.json", .get), ("/data/x.json", .delete)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .serviceUnavailable, "\(method) \(uri)")
            }
            let storage = try await client.execute(uri: "/storage/health", method: .get)
            #expect(storage.status == .serviceUnavailable)
            #expect(storage.json["status"] as? String == "unhealthy")
            #expect(storage.json["storage"] as? String == "disconnected")
            #expect(storage.json["since"] is String)
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.json["service"] as? String == "data-analytics-service")
            app.service.status.recordProbe(.success(.milliseconds(3)))
            let healthy = try await client.execute(uri: "/storage/health", method: .get)
            #expect(healthy.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("datahub_storage_up 1"))
            #expect(healthy.json["storage"] as? String == "connected")
        }
    }

    @Test func apiKeysProtectDataAndMetricsOnly() async throws {
        let key = "k3y-0123456789abcdef"
        try await APITestApp { $0.apiKeys = [key] }.test { client in
            let missing = try await client.execute(uri: "/data", method: .get)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.execute(uri: "/data", method: .get, headers: [.authorization: "Bearer k3y-0123456789abcdeX"])
            #expect(wrong.status == .unauthorized)
            let malformed = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: key])
            #expect(malformed.status == .unauthorized)
            let good = try await client.execute(uri: "/data", method: .get, headers: [.authorization: "Bearer " + key])
            #expect(good.status == .ok)
            for open in ["/", "/health", "/openapi.json"] {
                #expect(try await client.execute(uri: open, method: .get).status == .ok)
            }
            #expect(!missing.text.contains(key))
        }
    }

    @Test func nonJSONObjectsAre422UnlessRaw() async throws {
        let app = APITestApp()
        try await app.test { client in
            _ = try await app.service.storage.put(
                key: "notes.txt",
                body: .buffer(ByteBuffer(string: "hello")),
                contentType: "text/plain",
                createOnly: true
            )
            let wrapped = try await client.execute(uri: "/data/notes.txt", method: .get)
            #expect(wrapped.status == .unprocessableContent)
            #expect(wrapped.json["code"] as? String == "not_json")
            let raw = try await client.execute(uri: "/data/notes.txt?raw=true", method: .get)
            #expect(raw.text == "hello")
            #expect(raw.headers[.contentType] == "text/plain")
        }
    }

    @Test func openAPIDocumentIsValidJSONAndCoversEveryRoute() async throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.text().utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        #expect(
            Set(paths.keys) == ["/", "/health", "/storage/health", "/data", "/data/{key}", "/data/batch", "/export", "/metrics", "/openapi.json"]
        )
        #expect(Set(paths["/data"]!.keys) == ["get", "post"])
        #expect(Set(paths["/data/{key}"]!.keys) == ["get", "head", "delete"])
        #expect(Set(paths["/data/batch"]!.keys) == ["get", "head", "post", "delete"])
        #expect(Set(paths["/export"]!.keys) == ["get", "head"])
    }

    /// Error responses are written once, under `components/responses`, and every `$ref` points at something.
    @Test func openAPIErrorResponsesAreComponentsAndEveryReferenceResolves() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.text().utf8)) as? [String: Any])
        var references: [String] = []
        var inlineErrors: [String] = []
        func walk(_ value: Any, at path: String) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                if path.hasPrefix("/paths"), path.contains("/responses/"), let content = object["content"] as? [String: Any],
                    let json = content["application/json"] as? [String: Any], let schema = json["schema"] as? [String: Any],
                    schema["$ref"] as? String == "#/components/schemas/Error"
                {
                    inlineErrors.append(path)
                }
                for (key, child) in object { walk(child, at: path + "/" + key) }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { walk(child, at: path + "/\(index)") }
            }
        }
        walk(doc, at: "")
        #expect(inlineErrors.isEmpty, "error responses written inline: \(inlineErrors)")
        #expect(references.contains("#/components/responses/StorageUnavailable"))
        for ref in Set(references) {
            var node: Any? = doc
            for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
            #expect(node != nil, "unresolved reference \(ref)")
        }
    }
}
