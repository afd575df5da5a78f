import Foundation

/// A small extractor for the flat XML S3 answers with: element text by name, entities decoded.
///
/// S3 bodies have no attributes on the elements we read, no CDATA and no nesting of same-named
/// elements, so a scan for `<Name>…</Name>` is exact for them.
enum S3XML {
    /// The decoded text of the first `<name>…</name>` in `xml`, or `nil`. `<name/>` reads as empty.
    static func value(_ name: String, in xml: Substring) -> String? {
        if xml.range(of: "<\(name)/>") != nil, xml.range(of: "<\(name)>") == nil { return "" }
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else {
            return nil
        }
        return decodeEntities(xml[open.upperBound..<close.lowerBound])
    }

    /// The raw content of every `<name>…</name>` in `xml`, in order.
    static func elements(_ name: String, in xml: Substring) -> [Substring] {
        var result: [Substring] = []
        var rest = xml[...]
        let openTag = "<\(name)>"
        let closeTag = "</\(name)>"
        while let open = rest.range(of: openTag), let close = rest.range(of: closeTag, range: open.upperBound..<rest.endIndex) {
            result.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return result
    }

    /// Decodes `&amp; &lt; &gt; &quot; &apos;` and numeric references (`&#38;`, `&#x26;`). Unknown ones stay as written.
    static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
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
}
