import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DataHubService

/// `GET /data?prefix=P&delimiter=/`: one folder level, paged.
@Suite struct FolderRouteTests {
    @Test func listsOneLevelAndPagesIt() async throws {
        let app = APITestApp()
        try await app.test { client in
            let keys = ["r/2026/a.json", "r/2026/b.json", "r/2025/c.json", "r/top.json", "r/x/y/z.json", ".datahub/m.json", "other.json"]
            for key in keys {
                _ = try await app.service.storage.put(
                    key: key,
                    body: .buffer(ByteBuffer(string: "{}")),
                    contentType: "application/json",
                    createOnly: true
                )
            }
            let level = try await client.execute(uri: "/data?prefix=r/&delimiter=/", method: .get)
            #expect(level.status == .ok)
            #expect(level.json["prefix"] as? String == "r/")
            #expect(level.json["folders"] as? [String] == ["r/2025/", "r/2026/", "r/x/"])
            #expect((level.json["files"] as? [[String: Any]])?.compactMap { $0["filename"] as? String } == ["r/top.json"])
            #expect(level.json["count"] as? Int == 1)
            #expect(level.json["next_cursor"] is NSNull)
            let root = try await client.execute(uri: "/data?delimiter=/", method: .get)
            #expect(root.json["folders"] as? [String] == ["r/"], "the reserved .datahub/ folder must stay hidden")
            var folders: [String] = []
            var files: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "&cursor=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? ""
                let page = try await client.execute(uri: "/data?prefix=r/&delimiter=/&limit=1" + query, method: .get)
                #expect(page.status == .ok)
                folders += page.json["folders"] as? [String] ?? []
                files += (page.json["files"] as? [[String: Any]])?.compactMap { $0["filename"] as? String } ?? []
                cursor = page.json["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 20
            #expect(folders == ["r/2025/", "r/2026/", "r/x/"])
            #expect(files == ["r/top.json"])
            let bad = try await client.execute(uri: "/data?delimiter=,", method: .get)
            #expect(bad.status == .badRequest)
            #expect(bad.json["code"] as? String == "invalid_delimiter")
        }
    }
}
