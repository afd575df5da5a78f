import DataHubStorage
import Foundation

extension DataService {
    /// One page of one folder level under `prefix`, without DataHub's reserved markers (as `listPage`).
    public func listFolderPage(prefix: String, cursor: String?, limit: Int) async throws -> FolderPage {
        var cursor = cursor
        for _ in 0..<100 {
            let current = cursor
            var page = try await call("list") { try await self.storage.listFolder(prefix: prefix, cursor: current, limit: limit) }
            page.objects.removeAll { $0.key.hasBytePrefix(Self.reservedPrefix) }
            page.folders.removeAll { $0.hasBytePrefix(Self.reservedPrefix) }
            if !page.objects.isEmpty || !page.folders.isEmpty || page.nextCursor == nil { return page }
            cursor = page.nextCursor
        }
        return FolderPage(folders: [], objects: [], nextCursor: cursor)
    }
}
