#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small extractor for the flat XML S3 answers with: element text by name, entities decoded.
///
/// S3 bodies have no attributes on the elements we read, no CDATA and no nesting of same-named
/// elements, so a scan for `<Name>…</Name>` is exact for them. The scan runs on UTF-8 bytes (`memchr`): a
/// listing page of 1,000 keys is about 240 KB, parsed on an event loop, and Foundation's `range(of:)` took
/// some 40 ms over it, stalling every other request on that loop.
enum S3XML {
    /// The decoded text of the first `<name>…</name>` in `xml`, or `nil`. `<name/>` reads as empty.
    static func value(_ name: String, in xml: Substring) -> String? {
        let open = "<\(name)>"
        guard let start = offset(of: open, in: xml, from: 0) else {
            return offset(of: "<\(name)/>", in: xml, from: 0) == nil ? nil : ""
        }
        let contentStart = start + open.utf8.count
        guard let end = offset(of: "</\(name)>", in: xml, from: contentStart) else { return nil }
        return decodeEntities(slice(xml, contentStart, end))
    }

    /// The raw content of every `<name>…</name>` in `xml`, in order.
    static func elements(_ name: String, in xml: Substring) -> [Substring] {
        let openTag = "<\(name)>"
        let closeTag = "</\(name)>"
        var result: [Substring] = []
        var from = 0
        while let open = offset(of: openTag, in: xml, from: from) {
            let contentStart = open + openTag.utf8.count
            guard let close = offset(of: closeTag, in: xml, from: contentStart) else { break }
            result.append(slice(xml, contentStart, close))
            from = close + closeTag.utf8.count
        }
        return result
    }

    /// Whether `xml` holds `text` anywhere.
    static func contains(_ text: String, in xml: Substring) -> Bool {
        offset(of: text, in: xml, from: 0) != nil
    }

    /// Decodes `&amp; &lt; &gt; &quot; &apos;` and numeric references (`&#38;`, `&#x26;`). Unknown ones stay as written.
    static func decodeEntities(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return String(text) }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let afterAmp = rest.index(after: amp)
            guard let semicolon = rest[afterAmp...].prefix(12).firstIndex(of: ";"),
                let decoded = decodeEntity(rest[afterAmp..<semicolon])
            else {
                result.append("&")
                rest = rest[afterAmp...]
                continue
            }
            result.append(decoded)
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result
    }

    private static func decodeEntity(_ entity: Substring) -> Character? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }

    /// The UTF-8 offset of the first `needle` in `xml` at or after the offset `from`, or `nil`.
    private static func offset(of needle: String, in xml: Substring, from: Int) -> Int? {
        var needle = needle
        var xml = xml
        return xml.withUTF8 { haystack -> Int? in
            needle.withUTF8 { wanted -> Int? in
                guard let base = haystack.baseAddress, let wantedBase = wanted.baseAddress, let first = wanted.first else { return nil }
                var at = from
                let last = haystack.count - wanted.count
                // memchr to each candidate first byte, memcmp for the rest (Glibc's memmem is not exported to Swift).
                while at <= last {
                    guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return nil }
                    at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, wantedBase, wanted.count) == 0 { return at }
                    at += 1
                }
                return nil
            }
        }
    }

    /// `xml` between two UTF-8 offsets (both at ASCII `<`/`>` boundaries, so on character boundaries).
    private static func slice(_ xml: Substring, _ start: Int, _ end: Int) -> Substring {
        let utf8 = xml.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return xml[lower..<upper]
    }
}
