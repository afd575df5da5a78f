import DataHubStorage
import Digests
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DataHubService

/// Reads on FileStorage checked against the stored SHA-256: `Repr-Digest` on every raw answer, `sha256` in the
/// wrapper, and an object changed behind DataHub's back refused (502) or cut short, counted and shown.
@Suite struct IntegrityReadRouteTests {
    static let body = #"{"city":"Cape Town","readings":[1,2,3]}"#

    /// Uploads `body` through the API; returns its name and the SHA-256 the 201 reported.
    static func upload(_ client: any TestClientProtocol, _ body: String = body) async throws -> (name: String, sha256: String) {
        let response = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body))
        #expect(response.status == .created)
        return (try #require(response.json["filename"] as? String), try #require(response.json["sha256"] as? String))
    }

    /// Rewrites the stored file in place with other bytes of the same length, as a rotting disk would.
    static func corrupt(_ app: APITestApp, _ name: String) throws {
        let path = app.directory + "/" + app.service.bucket + "/" + name
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "1")))
        bytes[index] = UInt8(ascii: "7")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// `sha-256=:<base64>:` of `hex`, decoded here independently of `UploadDigests`.
    static func field(hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return "sha-256=:" + Data(bytes).base64EncodedString() + ":"
    }

    @Test func everyRawAnswerCarriesTheStoredDigest() async throws {
        try await APITestApp().test { client in
            let (name, sha256) = try await Self.upload(client)
            #expect(sha256 == Digest.hex(Digest.sha256(Array(Self.body.utf8))))
            let expected = Self.field(hex: sha256)
            let raw = try await client.execute(uri: "/data/\(name)?raw=true", method: .get)
            #expect(raw.status == .ok)
            #expect(raw.headers[.reprDigest] == expected)
            #expect(raw.text == Self.body)
            let head = try await client.execute(uri: "/data/\(name)", method: .head)
            #expect(head.headers[.reprDigest] == expected)
            // A part and a 304 still name the whole representation's digest (RFC 9530).
            let part = try await client.execute(uri: "/data/\(name)?raw=true", method: .get, headers: [.range: "bytes=0-3"])
            #expect(part.status == .partialContent)
            #expect(part.headers[.reprDigest] == expected)
            let etag = try #require(raw.headers[.eTag])
            let notModified = try await client.execute(uri: "/data/\(name)?raw=true", method: .get, headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified)
            #expect(notModified.headers[.reprDigest] == expected)
            let wrapped = try await client.execute(uri: "/data/\(name)", method: .get)
            #expect(wrapped.json["sha256"] as? String == sha256)
            #expect(wrapped.headers[.reprDigest] == nil, "the wrapper is another representation")
            #expect(wrapped.text == "{\"filename\":\"\(name)\",\"sha256\":\"\(sha256)\",\"data\":\(Self.body)}")
        }
    }

    @Test func anObjectWithoutADigestIsServedAsBefore() async throws {
        let app = APITestApp()
        try await app.test { client in
            _ = try await app.service.storage.put(
                key: "old.json",
                body: .buffer(ByteBuffer(string: "[1]")),
                contentType: "application/json",
                createOnly: true
            )
            let raw = try await client.execute(uri: "/data/old.json?raw=true", method: .get)
            #expect(raw.status == .ok)
            #expect(raw.headers[.reprDigest] == nil)
            let wrapped = try await client.execute(uri: "/data/old.json", method: .get)
            #expect(wrapped.text == #"{"filename":"old.json","sha256":null,"data":[1]}"#)
        }
    }

    @Test func aDamagedObjectIs502CountedAndShownInRed() async throws {
        let app = APITestApp()
        try await app.test { client in
            let (name, _) = try await Self.upload(client)
            try Self.corrupt(app, name)
            for uri in ["/data/\(name)", "/data/\(name)?raw=true"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badGateway, "\(uri)")
                #expect(response.json["code"] as? String == "integrity_error", "\(uri): \(response.text)")
                #expect(!response.text.contains("Cape Town"), "no byte of the damaged object is sent")
            }
            // A part cannot be checked against the whole's digest: served as stored.
            let part = try await client.execute(uri: "/data/\(name)?raw=true", method: .get, headers: [.range: "bytes=0-6"])
            #expect(part.status == .partialContent)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("datahub_integrity_failures_total 2"), "\(metrics.text)")
            let line = try #require(app.service.status.snapshot().activity.first { $0.kind == .integrityFailure })
            #expect(line.isError)
            #expect(line.text.contains(name))
        }
    }

    @Test func aDamagedObjectAbortsTheExport() async throws {
        let app = APITestApp()
        try await app.test { client in
            let (name, _) = try await Self.upload(client)
            _ = try await Self.upload(client, "[2]")
            try Self.corrupt(app, name)
            await #expect(throws: (any Error).self) {
                let response = try await client.execute(uri: "/export", method: .get)
                Issue.record("a complete export: \(response.status) \(response.text)")
            }
        }
    }
}
