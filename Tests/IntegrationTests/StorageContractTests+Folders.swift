import DataHubService
import DataHubStorage
import Foundation
import Testing

/// The one-level listing (`delimiter` `/`), on every backend.
extension StorageContractTests {
    @Test(arguments: StorageBackend.allCases)
    func listsOneFolderLevel(_ backend: StorageBackend) async throws {
        let keys = ["f/a.json", "f/sub/b.json", "f/sub/deep/c.json", "f/sub2/d.json", "f/z.json", "f.json", "g/e.json"]
        try await withStorage(backend) { storage in
            for key in keys { try await putBytes(storage, key, Array(key.utf8)) }
            let root = try await storage.listFolder(prefix: "", cursor: nil, limit: 1000)
            #expect(root.folders == ["f/", "g/"])
            #expect(root.objects.map(\.key) == ["f.json"])
            #expect(root.nextCursor == nil)
            let inner = try await storage.listFolder(prefix: "f/", cursor: nil, limit: 1000)
            #expect(inner.folders == ["f/sub/", "f/sub2/"])
            #expect(inner.objects.map(\.key) == ["f/a.json", "f/z.json"])
            #expect(inner.objects.allSatisfy { $0.size == Int64($0.key.utf8.count) })
            let sub = try await storage.listFolder(prefix: "f/sub/", cursor: nil, limit: 1000)
            #expect(sub.folders == ["f/sub/deep/"])
            #expect(sub.objects.map(\.key) == ["f/sub/b.json"])
            let none = try await storage.listFolder(prefix: "nothing/", cursor: nil, limit: 10)
            #expect(none.folders.isEmpty && none.objects.isEmpty && none.nextCursor == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func pagesAFolderLevelWithoutDuplicates(_ backend: StorageBackend) async throws {
        // Folders that hold many objects each, between plain objects, so a folder straddles a page boundary.
        var keys: [String] = []
        for index in 0..<30 { keys.append("paged/obj-\(index).json") }
        for folder in 0..<12 {
            for index in 0..<5 { keys.append("paged/dir-\(folder)/x-\(index).json") }
        }
        try await withStorage(backend) { storage in
            try await forEachConcurrently(keys, width: 16) { key in try await putBytes(storage, key, Array(key.utf8)) }
            for limit in [1, 7, 1000] {
                var folders: [String] = []
                var objects: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let page = try await storage.listFolder(prefix: "paged/", cursor: cursor, limit: limit)
                    #expect(page.folders.count + page.objects.count <= limit)
                    folders += page.folders
                    objects += page.objects.map(\.key)
                    cursor = page.nextCursor
                    pages += 1
                } while cursor != nil && pages < 200
                #expect(folders == (0..<12).map { "paged/dir-\($0)/" }.sorted(), "limit \(limit)")
                #expect(Set(objects) == Set((0..<30).map { "paged/obj-\($0).json" }), "limit \(limit)")
                #expect(objects.count == 30, "an object was listed twice (limit \(limit))")
            }
        }
    }
}

/// Keys with XML's special characters and multi-byte text come back exactly from both listings: S3 answers them
/// escaped in XML, which `S3XML` scans as bytes.
extension StorageContractTests {
    @Test(arguments: StorageBackend.allCases)
    func keysWithXMLSpecialAndMultiByteCharactersListExactly(_ backend: StorageBackend) async throws {
        let keys = [
            "x/a&b.json", "x/lt<gt>.json", "x/quote\"s'.json", "x/amp;&amp;.json", "x/ü/é😀.json", "x/sp ace/+plus%.json",
        ]
        try await withStorage(backend) { storage in
            for key in keys { try await putBytes(storage, key, Array(key.utf8)) }
            let flat = try await storage.list(prefix: "x/", cursor: nil, limit: 1000)
            #expect(Set(flat.objects.map(\.key)) == Set(keys))
            #expect(flat.objects.allSatisfy { $0.size == Int64($0.key.utf8.count) })
            let level = try await storage.listFolder(prefix: "x/", cursor: nil, limit: 1000)
            #expect(Set(level.folders) == ["x/ü/", "x/sp ace/"])
            #expect(Set(level.objects.map(\.key)) == Set(keys.filter { $0.split(separator: "/").count == 2 }))
        }
    }
}
