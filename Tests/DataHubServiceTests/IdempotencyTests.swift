import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DataHubService

@Suite struct IdempotencyTests {
    @Test func retryReplaysOriginalAndAnotherBodyIs422() async throws {
        try await APITestApp().test { client in
            var headers = jsonHeaders
            headers[.idempotencyKey] = "order-42-attempt"
            let first = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(string: #"{"a":1}"#))
            #expect(first.status == .created)
            #expect(first.headers[.idempotentReplayed] == nil)
            let retry = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(string: #"{"a":1}"#))
            #expect(retry.status == .created)
            #expect(retry.headers[.idempotentReplayed] == "true")
            #expect(retry.json["filename"] as? String == first.json["filename"] as? String)
            let reused = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(string: #"{"a":2}"#))
            #expect(reused.status == .unprocessableContent)
            #expect(reused.json["code"] as? String == "idempotency_key_reused")
            let list = try await client.execute(uri: "/data", method: .get)
            #expect(list.json["count"] as? Int == 1)
            #expect(!list.text.contains(".datahub"))
        }
    }

    @Test func concurrentRequestsWithOneKeyAgreeOnOneObject() async throws {
        let app = APITestApp()
        try await app.test { client in
            let names = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        var headers = jsonHeaders
                        headers[.idempotencyKey] = "same-key"
                        let r = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(string: "[1,2,3]"))
                        return r.status == .created ? (r.json["filename"] as? String ?? "?") : "status \(r.status.code)"
                    }
                }
                var all = Set<String>()
                for try await name in group { all.insert(name) }
                return all
            }
            #expect(names.count == 1)
            let page = try await app.service.listPage(prefix: "", cursor: nil, limit: 1000)
            #expect(page.objects.count == 1)
        }
    }

    @Test func expiredMarkersAreForgotten() async throws {
        let app = APITestApp { $0.idempotencyTTL = .seconds(60) }
        try await app.test { _ in
            let body = PutBody.buffer(ByteBuffer(string: "{}"))
            let md5 = "99914b932bd37a50b983c5e7c90ae93b"
            let old = try await app.service.createObjectIdempotently(
                body: body,
                md5: md5,
                prefix: "",
                idempotencyKey: "k",
                now: Date(timeIntervalSinceNow: -3600)
            )
            let fresh = try await app.service.createObjectIdempotently(body: body, md5: md5, prefix: "", idempotencyKey: "k")
            #expect(!fresh.replayed)
            #expect(fresh.object.key != old.object.key)
        }
    }
}
