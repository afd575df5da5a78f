import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileStorage {
    /// One page of keys in UTF-8 byte order.
    ///
    /// The walk visits folders depth first, each sorted by name bytes with `/` appended to folder names, which
    /// yields exactly the keys' byte order. To resume after the cursor key it only descends along that key's
    /// path (binary search in each folder), so a page costs O(depth · log n + limit) once the folders are in
    /// `listingCache`, whatever the number of objects. Runs on the thread pool.
    func listPage(folder: (folder: [Substring], partial: Substring), after cursor: [UInt8]?, limit: Int) throws -> ListPage {
        try requireRoot()
        let base: [UInt8] = folder.folder.isEmpty ? [] : Array((folder.folder.joined(separator: "/") + "/").utf8)
        var rest: [UInt8]?
        if let cursor {
            if FileStorageBytes.hasPrefix(cursor, base) {
                rest = Array(cursor.dropFirst(base.count))
            } else if !FileStorageBytes.less(cursor, base) {
                return ListPage(objects: [], nextCursor: nil)  // the cursor lies past everything under the prefix
            }
        }
        var keys: [[UInt8]] = []
        try walk(folder: base, partial: Array(folder.partial.utf8), after: rest, into: &keys, max: limit + 1)
        let page = keys.prefix(limit)
        let next = keys.count > limit ? page.last.map(FileStorageCursor.encode) : nil
        return ListPage(objects: try page.compactMap(describe), nextCursor: next)
    }

    /// One level of a folder: entries after the cursor (a full key or folder prefix), folders as prefixes.
    /// Runs on the thread pool.
    func folderPage(folder: (folder: [Substring], partial: Substring), after cursor: [UInt8]?, limit: Int) throws -> FolderPage {
        try requireRoot()
        let base: [UInt8] = folder.folder.isEmpty ? [] : Array((folder.folder.joined(separator: "/") + "/").utf8)
        let partial = Array(folder.partial.utf8)
        guard let entries = try listingCache.entries(of: root + "/" + String(decoding: base, as: UTF8.self)) else {
            return FolderPage(folders: [], objects: [], nextCursor: nil)
        }
        var start = Self.firstIndex(in: entries) { !FileStorageBytes.less($0.sortKey, partial) }
        if let cursor {
            start = Swift.max(start, Self.firstIndex(in: entries) { FileStorageBytes.less(cursor, base + $0.sortKey) })
        }
        var folders: [String] = []
        var objects: [ObjectInfo] = []
        var last: [UInt8]?
        var index = start
        while index < entries.count, folders.count + objects.count < limit {
            let entry = entries[index]
            guard FileStorageBytes.hasPrefix(entry.sortKey, partial) else { break }
            let full = base + entry.sortKey
            if entry.isDirectory {
                folders.append(String(decoding: full, as: UTF8.self))
            } else if let info = try describe(full) {
                objects.append(info)
            }
            last = full
            index += 1
        }
        let more = index < entries.count && FileStorageBytes.hasPrefix(entries[index].sortKey, partial)
        return FolderPage(folders: folders, objects: objects, nextCursor: more ? last.map(FileStorageCursor.encode) : nil)
    }

    private func walk(folder: [UInt8], partial: [UInt8], after rest: [UInt8]?, into keys: inout [[UInt8]], max: Int) throws {
        guard let entries = try listingCache.entries(of: root + "/" + String(decoding: folder, as: UTF8.self)) else { return }
        var start = Self.firstIndex(in: entries) { !FileStorageBytes.less($0.sortKey, partial) }
        if let rest {
            var resume = Self.firstIndex(in: entries) { FileStorageBytes.less(rest, $0.sortKey) }
            if resume > 0, entries[resume - 1].isDirectory, FileStorageBytes.hasPrefix(rest, entries[resume - 1].sortKey) {
                resume -= 1  // the cursor lies inside this folder: resume inside it
            }
            start = Swift.max(start, resume)
        }
        for entry in entries[start...] {
            guard FileStorageBytes.hasPrefix(entry.sortKey, partial) else { break }
            if entry.isDirectory {
                let inner = rest.flatMap { FileStorageBytes.hasPrefix($0, entry.sortKey) ? Array($0.dropFirst(entry.sortKey.count)) : nil }
                try walk(folder: folder + entry.sortKey, partial: [], after: inner, into: &keys, max: max)
            } else {
                keys.append(folder + entry.sortKey)
            }
            if keys.count >= max { return }
        }
    }

    /// The first index whose entry satisfies `predicate`, which must be false then true along the array.
    private static func firstIndex(in entries: [FileStorageEntry], where predicate: (FileStorageEntry) -> Bool) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(entries[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The listing row of a key; `nil` when the object vanished meanwhile or its name is not a valid key.
    private func describe(_ bytes: [UInt8]) throws -> ObjectInfo? {
        guard let name = String(validating: bytes, as: UTF8.self), let key = try? FileStorageKey(name),
            let object = try openObject(key)
        else { return nil }
        close(object.fd)
        var info = object.info
        // As S3 listings: the content type and the stored digest come from HEAD.
        info.contentType = nil
        info.sha256 = nil
        return info
    }
}
