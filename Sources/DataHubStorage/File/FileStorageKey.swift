/// An object key checked to be safe as a relative path under FileStorage's directory.
///
/// The API checks names already (`ObjectName.validate`); this is the storage's own guard, so that no key
/// can ever reach outside the bucket's directory, whoever calls it.
struct FileStorageKey: Sendable, Equatable {
    /// The key as given.
    let key: String
    /// Its `/`-separated segments, none empty, `.` or `..`.
    let segments: [Substring]

    /// The longest key accepted, in UTF-8 bytes (as S3).
    static let maximumBytes = 1024
    /// The longest segment accepted, in UTF-8 bytes (the usual file-name limit).
    static let maximumSegmentBytes = 255

    /// Checks a key.
    /// - Throws: `.invalidName` saying which rule the key breaks.
    init(_ key: String) throws {
        guard !key.isEmpty else { throw Self.invalid(key, "is empty") }
        guard key.utf8.count <= Self.maximumBytes else { throw Self.invalid(key, "is longer than \(Self.maximumBytes) bytes") }
        guard !key.hasBytePrefix("/"), !key.hasByteSuffix("/") else { throw Self.invalid(key, "starts or ends with '/'") }
        self.key = key
        self.segments = key.splitAtSlashes()
        try Self.checkSegments(segments, of: key)
    }

    /// The folders holding the key, outermost first (`a/b/c` → `a`, `a/b`).
    var parentPaths: [String] {
        (1..<segments.count).map { segments[0..<$0].joined(separator: "/") }
    }

    /// The key's folder part (`a/b/c` → `a/b`), or `nil` at the top.
    var parentPath: String? { parentPaths.last }

    /// Checks the segments of a key or a folder prefix.
    static func checkSegments(_ segments: [Substring], of key: String) throws {
        for segment in segments {
            guard !segment.isEmpty else { throw invalid(key, "has an empty segment ('//')") }
            guard segment != ".", segment != ".." else { throw invalid(key, "has a '.' or '..' segment") }
            guard segment.utf8.count <= maximumSegmentBytes else {
                throw invalid(key, "has a segment longer than \(maximumSegmentBytes) bytes")
            }
            guard !segment.unicodeScalars.contains(where: isControl) else { throw invalid(key, "contains a control character") }
        }
    }

    /// Splits a listing prefix into its folder (`a/b`, checked like a key's folders) and the start of a name
    /// (`c` in `a/b/c`).
    /// - Throws: `.invalidName` when the folder part breaks a rule.
    static func splitPrefix(_ prefix: String) throws -> (folder: [Substring], partial: Substring) {
        guard !prefix.hasBytePrefix("/") else { throw invalid(prefix, "starts with '/'") }
        guard prefix.utf8.count <= maximumBytes else { throw invalid(prefix, "is longer than \(maximumBytes) bytes") }
        var parts = prefix.splitAtSlashes()
        let partial = parts.removeLast()
        try checkSegments(parts, of: prefix)
        guard !partial.unicodeScalars.contains(where: isControl) else { throw invalid(prefix, "contains a control character") }
        return (parts, partial)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    private static func invalid(_ key: String, _ rule: String) -> StorageError {
        let shown = key.unicodeScalars.map { isControl($0) ? "?" : String($0) }.joined().prefix(200)
        return StorageError(.invalidName, "The object name '\(shown)' \(rule); use '/'-separated names without empty, '.' or '..' parts.")
    }
}
