import DataHubStorage
import Digests
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DataHubService

/// `POST /data` on FileStorage: the SHA-256 stored and answered, and the client's digests (RFC 9530) checked.
@Suite struct DigestUploadRouteTests {
    static let body = #"{"city":"Cape Town","readings":[1,2.5,"naïve"]}"#

    /// `sha-256=:<base64>:` of `bytes`, computed here with OpenSSL's one-shot SHA-256.
    static func field(_ bytes: [UInt8]) -> String { "sha-256=:" + Data(Digest.sha256(bytes)).base64EncodedString() + ":" }

    static func headers(_ extra: [String: String]) -> HTTPFields {
        var headers = jsonHeaders
        for (name, value) in extra { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return headers
    }

    @Test func theStoredDigestIsTheSHA256OfTheBytesSent() async throws {
        let app = APITestApp()
        try await app.test { client in
            let bytes = Array(Self.body.utf8)
            let response = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .created)
            let expected = Digest.hex(Digest.sha256(bytes))
            #expect(response.json["sha256"] as? String == expected)
            #expect(response.headers[.reprDigest] == Self.field(bytes))
            #expect(response.headers[.contentDigest] == nil)
            let name = try #require(response.json["filename"] as? String)
            let info = try await app.service.storage.head(key: name)
            #expect(info.sha256 == expected)
            let download = try await app.service.storage.get(key: name, range: nil)
            #expect(download.info.sha256 == expected)
        }
    }

    @Test func theReprDigestHeaderDecodesToTheDigestBytes() async throws {
        try await APITestApp().test { client in
            let response = try await client.execute(uri: "/data", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{}"))
            // SHA-256 of `{}` from Python's hashlib, not from our own code.
            #expect(response.headers[.reprDigest] == "sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:")
            #expect(response.json["sha256"] as? String == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        }
    }

    @Test func rightClientDigestsAreAccepted() async throws {
        try await APITestApp().test { client in
            let right = Self.field(Array(Self.body.utf8))
            let sha512 = "sha-512=:" + Data(repeating: 9, count: 64).base64EncodedString() + ":"
            for extra in [
                ["Repr-Digest": right], ["Content-Digest": right + ";p=1"], ["Repr-Digest": sha512 + ", " + right, "Content-Digest": right],
            ] {
                let response = try await client.execute(
                    uri: "/data",
                    method: .post,
                    headers: Self.headers(extra),
                    body: ByteBuffer(string: Self.body)
                )
                #expect(response.status == .created, "\(extra): \(response.text)")
            }
        }
    }

    @Test func otherAlgorithmsAloneAreIgnored() async throws {
        try await APITestApp().test { client in
            let sha512 = "sha-512=:" + Data(repeating: 9, count: 64).base64EncodedString() + ":"
            let headers = Self.headers(["Repr-Digest": sha512, "Content-Digest": "md5=:AAAA:"])
            let response = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(string: Self.body))
            #expect(response.status == .created)
        }
    }

    @Test func aWrongDigestIs400AndStoresNothing() async throws {
        let app = APITestApp()
        try await app.test { client in
            let wrong = Self.field(Array("{}".utf8))
            for name in ["Repr-Digest", "Content-Digest"] {
                let response = try await client.execute(
                    uri: "/data",
                    method: .post,
                    headers: Self.headers([name: wrong]),
                    body: ByteBuffer(string: Self.body)
                )
                #expect(response.status == .badRequest)
                #expect(response.json["code"] as? String == "digest_mismatch")
            }
            // One right field does not excuse a wrong one.
            let both = Self.headers(["Repr-Digest": Self.field(Array(Self.body.utf8)), "Content-Digest": wrong])
            let response = try await client.execute(uri: "/data", method: .post, headers: both, body: ByteBuffer(string: Self.body))
            #expect(response.json["code"] as? String == "digest_mismatch")
            let page = try await app.service.storage.list(prefix: "", cursor: nil, limit: 1000)
            #expect(page.objects.isEmpty)
        }
    }

    @Test(arguments: ["sha-256=:not base64:", "sha-256=:AAAA:", "sha-256=abc", "sha-256=:AAAA:,", "SHA-256=:AAAA:"])
    func malformedDigestsAre400InvalidDigest(_ value: String) async throws {
        let app = APITestApp()
        try await app.test { client in
            let response = try await client.execute(
                uri: "/data",
                method: .post,
                headers: Self.headers(["Repr-Digest": value]),
                body: ByteBuffer(string: "{}")
            )
            #expect(response.status == .badRequest)
            #expect(response.json["code"] as? String == "invalid_digest")
            #expect(try await app.service.storage.list(prefix: "", cursor: nil, limit: 1000).objects.isEmpty)
        }
    }

    @Test func wantContentDigestIsAnsweredWhenSHA256IsWanted() async throws {
        try await APITestApp().test { client in
            let bytes = Array(Self.body.utf8)
            for (want, answered) in [("sha-256=1, sha-512=3", true), ("sha-512=3", false), ("sha-256=0", false)] {
                let headers = Self.headers(["Want-Content-Digest": want, "Want-Repr-Digest": want])
                let response = try await client.execute(uri: "/data", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
                #expect(response.status == .created)
                #expect(response.headers[.contentDigest] == (answered ? Self.field(bytes) : nil), "\(want)")
                #expect(response.headers[.reprDigest] == Self.field(bytes))
            }
        }
    }
}
