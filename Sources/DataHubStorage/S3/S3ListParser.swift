import Foundation

/// Reads a ListObjectsV2 answer (`ListBucketResult`) into a `ListPage`.
enum S3ListParser {
    /// Parses one page.
    /// - Throws: `.unavailable` when the answer is not a listing, or is truncated without a continuation token.
    static func parse(_ xml: String, endpoint: String) throws -> ListPage {
        let body = Substring(xml)
        guard S3XML.contains("<ListBucketResult", in: body) else {
            throw StorageError(.unavailable, "S3 at \(endpoint) answered a listing with something else; retry later.", cause: String(xml.prefix(200)))
        }
        var objects: [ObjectInfo] = []
        for entry in S3XML.elements("Contents", in: body) {
            guard let key = S3XML.value("Key", in: entry) else { continue }
            let size = S3XML.value("Size", in: entry).flatMap { Int64($0) } ?? 0
            let modified = S3XML.value("LastModified", in: entry).flatMap(S3Dates.parseISO8601) ?? Date(timeIntervalSince1970: 0)
            let etag = S3Storage.unquote(S3XML.value("ETag", in: entry) ?? "")
            objects.append(ObjectInfo(key: key, size: size, lastModified: modified, etag: etag))
        }
        // Only the top-level flag counts; `<Contents>` never holds an `IsTruncated`.
        let truncated = S3XML.value("IsTruncated", in: body) == "true"
        let token = S3XML.value("NextContinuationToken", in: body).flatMap { $0.isEmpty ? nil : $0 }
        if truncated && token == nil {
            throw StorageError(
                .unavailable,
                "S3 at \(endpoint) returned a cut listing without a continuation token; retry later.",
                cause: "IsTruncated=true without NextContinuationToken"
            )
        }
        return ListPage(objects: objects, nextCursor: truncated ? token : nil)
    }

    /// Parses one page of a `delimiter=/` listing: `<CommonPrefixes>` become folders.
    /// - Throws: as `parse`.
    static func parseFolder(_ xml: String, endpoint: String) throws -> FolderPage {
        let page = try parse(xml, endpoint: endpoint)
        var folders: [String] = []
        for entry in S3XML.elements("CommonPrefixes", in: Substring(xml)) {
            if let prefix = S3XML.value("Prefix", in: entry), !prefix.isEmpty { folders.append(prefix) }
        }
        return FolderPage(folders: folders, objects: page.objects, nextCursor: page.nextCursor)
    }
}
