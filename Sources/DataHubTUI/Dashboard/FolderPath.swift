/// Folder arithmetic on object keys ("reports/2026/data.json"): a folder is a prefix ending in `/`, the
/// bucket's root is "".
enum FolderPath {
    /// The folder above `prefix`: "reports/2026/" → "reports/", "reports/" → "", and `nil` at the root.
    static func parent(of prefix: String) -> String? {
        guard !prefix.isEmpty else { return nil }
        let trimmed = prefix.utf8.last == UInt8(ascii: "/") ? prefix.dropLast() : Substring(prefix)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return String(trimmed[...slash])
    }

    /// A key's name inside `prefix`: "reports/2026/a.json" in "reports/" is "2026/a.json".
    static func name(of key: String, in prefix: String) -> String {
        guard !prefix.isEmpty, key.utf8.starts(with: prefix.utf8) else { return key }
        return String(Substring(key.utf8.dropFirst(prefix.utf8.count)))
    }

    /// True when `key` lies directly in `prefix` (not in a sub-folder of it).
    static func isDirectlyInside(_ key: String, _ prefix: String) -> Bool {
        key.utf8.starts(with: prefix.utf8) && !key.utf8.dropFirst(prefix.utf8.count).contains(UInt8(ascii: "/"))
    }

    /// "analytics-data / reports / 2026 /"; when longer than `width` columns, the first parts give way to "…"
    /// ("… / 2026 / 11 /"): the end says where you are.
    static func breadcrumb(bucket: String, prefix: String, width: Int = .max) -> String {
        var parts = [bucket] + prefix.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        let whole = parts.joined(separator: " / ") + " /"
        guard CharWidth.width(of: whole) > width else { return whole }
        func cut() -> String { "… / " + parts.joined(separator: " / ") + " /" }
        while parts.count > 1, CharWidth.width(of: cut()) > width { parts.removeFirst() }
        return CharWidth.truncate(cut(), to: width)
    }
}
