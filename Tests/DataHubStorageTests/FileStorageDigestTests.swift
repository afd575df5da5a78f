import DataHubStorage
import Foundation
import NIOCore
import Testing

/// FileStorage keeps an upload's SHA-256 in the object's sidecar.
@Suite struct FileStorageDigestTests {
    static let digest = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

    private func put(_ storage: FileStorage, _ key: String, sha256: String?) async throws {
        _ = try await storage.put(
            key: key,
            body: .buffer(ByteBuffer(string: "{}")),
            contentType: "application/json",
            createOnly: true,
            sha256: sha256
        )
    }

    @Test func theDigestIsWrittenToTheSidecar() async throws {
        try await withFiles { storage, directory in
            try await put(storage, "a/b.json", sha256: Self.digest)
            let sidecar = try String(contentsOfFile: directory + "/.bucket.meta/a/b.json", encoding: .utf8)
            #expect(sidecar.contains("\"sha256\":\"\(Self.digest)\""))
            #expect(try await storage.head(key: "a/b.json").sha256 == Self.digest)
        }
    }

    @Test func aSidecarFromBeforeDigestsReadsAsNoDigest() async throws {
        try await withFiles { storage, directory in
            try await put(storage, "old.json", sha256: Self.digest)
            let path = directory + "/.bucket.meta/old.json"
            var fields = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            fields["sha256"] = nil
            try JSONSerialization.data(withJSONObject: fields).write(to: URL(fileURLWithPath: path))
            let info = try await storage.head(key: "old.json")
            #expect(info.sha256 == nil)
            #expect(info.etag == "99914b932bd37a50b983c5e7c90ae93b")
        }
    }

    @Test func aFileChangedBehindTheStoreKeepsTheUploadedDigest() async throws {
        try await withFiles { storage, directory in
            try await put(storage, "x.json", sha256: Self.digest)
            try Data("[1]".utf8).write(to: URL(fileURLWithPath: directory + "/bucket/x.json"))
            let info = try await storage.head(key: "x.json")
            // The ETag follows the new bytes; the digest still says what was uploaded, so a read can tell them apart.
            #expect(info.etag != "99914b932bd37a50b983c5e7c90ae93b")
            #expect(info.sha256 == Self.digest)
        }
    }
}
