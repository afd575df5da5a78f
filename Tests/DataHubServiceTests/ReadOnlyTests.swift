import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DataHubService

/// `--read-only` / `DATAHUB_READ_ONLY`: POST and DELETE on `/data…` answer 403 `read_only`; reads still work.
@Suite struct ReadOnlyTests {
    @Test func theFlagAndTheVariableTurnItOn() throws {
        let resolver = ConfigurationResolver(environment: [:]) { _ in "" }
        #expect(try resolver.resolve(ConfigurationFlags()).readOnly == false)
        var flags = ConfigurationFlags()
        flags.readOnly = true
        #expect(try resolver.resolve(flags).readOnly == true)
        let fromEnvironment = ConfigurationResolver(environment: ["DATAHUB_READ_ONLY": "1"]) { _ in "" }
        #expect(try fromEnvironment.resolve(ConfigurationFlags()).readOnly == true)
        let off = ConfigurationResolver(environment: ["DATAHUB_READ_ONLY": "0"]) { _ in "" }
        #expect(try off.resolve(ConfigurationFlags()).readOnly == false)
    }

    @Test func writesUnderDataAnswer403AndReadsStillWork() async throws {
        let app = APITestApp { $0.readOnly = true }
        try await app.test { client in
            _ = try await app.service.storage.put(
                key: "kept.json",
                body: .buffer(ByteBuffer(string: "{}")),
                contentType: "application/json",
                createOnly: true
            )
            let headers: HTTPFields = [.contentType: "application/json"]
            // `/data/batch` stands for routes added later: the middleware refuses by path, not per route.
            for (uri, method) in [("/data", HTTPRequest.Method.post), ("/data/kept.json", .delete), ("/data/batch", .post), ("/data/a/b", .post)] {
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "{}"))
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(response.json["code"] as? String == "read_only", "\(method) \(uri)")
                #expect(response.json["request_id"] is String)
            }
            #expect(try await client.execute(uri: "/data/kept.json", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/data", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            #expect((try? await app.service.storage.head(key: "kept.json")) != nil, "the refused DELETE must not delete")
        }
    }

    @Test func withoutTheFlagWritesGoThrough() async throws {
        let app = APITestApp()
        try await app.test { client in
            let headers: HTTPFields = [.contentType: "application/json"]
            let response = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(response.status == .created)
        }
    }

    @Test func refusesByMethodAndPath() {
        #expect(ReadOnlyMiddleware.isRefused(method: .post, path: "/data"))
        #expect(ReadOnlyMiddleware.isRefused(method: .delete, path: "/data/x/y.json"))
        #expect(ReadOnlyMiddleware.isRefused(method: .post, path: "/data/batch"))
        #expect(!ReadOnlyMiddleware.isRefused(method: .get, path: "/data/x"))
        #expect(!ReadOnlyMiddleware.isRefused(method: .post, path: "/database"))
        #expect(!ReadOnlyMiddleware.isRefused(method: .post, path: "/export"))
    }
}
