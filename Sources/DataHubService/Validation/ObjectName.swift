import DataHubStorage

/// DataHub's rules for object keys and folder prefixes (DESIGN.md, HTTP API, **Names**).
///
/// A key is made of `/`-separated segments: no empty, `.` or `..` segment, no leading or trailing `/`,
/// no control character (C0, DEL, C1), no segment over 255 bytes, at most 1,024 bytes in all, and
/// nothing under the reserved `.datahub/` folder.
public enum ObjectName {
    /// The longest key, in UTF-8 bytes.
    public static let maxKeyBytes = 1024
    /// The longest segment, in UTF-8 bytes.
    public static let maxSegmentBytes = 255
    /// The folder where DataHub keeps its own markers; never a user key or prefix.
    public static let reservedFolder = ".datahub"

    /// Checks a decoded key against the naming rules.
    /// - Throws: `ObjectNameError` naming the first rule the key breaks.
    public static func validateKey(_ key: String) throws(ObjectNameError) {
        if key.isEmpty { throw .invalid("the name is empty") }
        // Only a failure needs the quoted name: built on demand, so a valid key costs no copy.
        var quoted: String { ObjectNameError.quote(key) }
        let size = key.utf8.count
        if size > maxKeyBytes { throw .invalid("\(quoted) is \(size) bytes long; the limit is \(maxKeyBytes)") }
        if let control = key.unicodeScalars.first(where: isControl) {
            let code = String(control.value, radix: 16, uppercase: true)
            throw .invalid("control character U+\(String(repeating: "0", count: 4 - code.count))\(code) in \(quoted)")
        }
        if key.utf8.first == UInt8(ascii: "/") { throw .invalid("\(quoted) starts with '/'") }
        if key.utf8.last == UInt8(ascii: "/") { throw .invalid("\(quoted) ends with '/'") }
        if key == reservedFolder || key.hasBytePrefix(reservedFolder + "/") {
            throw .invalid("\(quoted) is under '\(reservedFolder)/', which is reserved for DataHub")
        }
        for segment in key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if segment.isEmpty { throw .invalid("empty segment in \(quoted)") }
            if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) {
                throw .invalid("'\(String(decoding: segment, as: UTF8.self))' segment in \(quoted)")
            }
            if segment.count > maxSegmentBytes {
                throw .invalid("a segment of \(segment.count) bytes in \(quoted); the limit is \(maxSegmentBytes)")
            }
        }
    }

    /// Turns a `?prefix=` value into a folder: `a/b` and `a/b/` both become `a/b/`; the empty prefix stays empty.
    /// - Returns: the folder, ending in `/`, or `""`.
    /// - Throws: `ObjectNameError` when the folder breaks the naming rules.
    public static func normalizePrefix(_ raw: String) throws(ObjectNameError) -> String {
        if raw.isEmpty { return "" }
        let folder = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        if folder.isEmpty { throw .invalid("prefix '/' starts with '/'") }
        try validateKey(folder)
        if folder.utf8.count + 1 > maxKeyBytes {
            throw .invalid("prefix \(ObjectNameError.quote(raw)) is longer than \(maxKeyBytes - 1) bytes")
        }
        return folder + "/"
    }

    /// Decodes the raw path that follows `/data/` in a request (as sent, not yet decoded) into a key:
    /// each `%XX` is decoded once (`%2F` becomes `/`), then the key is checked with `validateKey`.
    /// - Returns: the key.
    /// - Throws: `ObjectNameError` for a malformed `%` escape, bytes that are not UTF-8, or a bad key.
    public static func decodePathKey(_ rawPath: String) throws(ObjectNameError) -> String {
        let raw = Array(rawPath.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                index += 1
                continue
            }
            guard index + 2 < raw.count, let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else {
                throw .invalid("malformed percent-escape at byte \(index) of \(ObjectNameError.quote(rawPath))")
            }
            bytes.append(high << 4 | low)
            index += 3
        }
        guard let key = String(validating: bytes, as: UTF8.self) else {
            throw .invalid("\(ObjectNameError.quote(rawPath)) does not decode to UTF-8")
        }
        try validateKey(key)
        return key
    }

    /// Whether a scalar is a control character: C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
