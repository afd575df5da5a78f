import Foundation

/// The recursive-descent parser behind `StructuredFieldDictionary` (RFC 8941 §4.2); each function returns `nil` on bad syntax.
struct StructuredFieldParser {
    /// The field value's bytes.
    let bytes: [UInt8]
    /// Where parsing stands.
    var index = 0

    /// A parser at the start of `bytes`.
    init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// The whole input as a Dictionary, or `nil`.
    mutating func dictionary() -> [String: StructuredFieldDictionary.Item]? {
        var members: [String: StructuredFieldDictionary.Item] = [:]
        skip { $0 == 0x20 || $0 == 0x09 }
        // Bounded by the input: every member consumes at least one byte.
        while index < bytes.count {
            guard let key = key() else { return nil }
            var item = StructuredFieldDictionary.Item.other
            if current == UInt8(ascii: "=") {
                index += 1
                if current == UInt8(ascii: "(") {
                    guard innerList() else { return nil }
                } else {
                    guard let bare = bareItem() else { return nil }
                    item = bare
                }
            }
            guard parameters() else { return nil }
            members[key] = item
            skip { $0 == 0x20 || $0 == 0x09 }
            if index == bytes.count { break }
            guard current == UInt8(ascii: ",") else { return nil }
            index += 1
            skip { $0 == 0x20 || $0 == 0x09 }
            if index == bytes.count { return nil }  // a trailing comma
        }
        return members
    }

    private mutating func key() -> String? {
        guard let first = current, Self.isLowerAlpha(first) || first == UInt8(ascii: "*") else { return nil }
        let start = index
        skip { Self.isLowerAlpha($0) || Self.isDigit($0) || "_-.*".utf8.contains($0) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parameters() -> Bool {
        while current == UInt8(ascii: ";") {
            index += 1
            skip { $0 == 0x20 }
            guard key() != nil else { return false }
            if current == UInt8(ascii: "=") {
                index += 1
                guard bareItem() != nil else { return false }
            }
        }
        return true
    }

    private mutating func innerList() -> Bool {
        index += 1
        while index < bytes.count {
            skip { $0 == 0x20 }
            if current == UInt8(ascii: ")") {
                index += 1
                return parameters()
            }
            guard bareItem() != nil, parameters() else { return false }
            guard current == UInt8(ascii: " ") || current == UInt8(ascii: ")") else { return false }
        }
        return false
    }

    private mutating func bareItem() -> StructuredFieldDictionary.Item? {
        guard let first = current else { return nil }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        case UInt8(ascii: "\""): return string() ? .other : nil
        case UInt8(ascii: ":"): return byteSequence()
        case UInt8(ascii: "?"):
            index += 1
            guard current == UInt8(ascii: "0") || current == UInt8(ascii: "1") else { return nil }
            index += 1
            return .other
        case UInt8(ascii: "@"):
            index += 1
            guard case .integer = number() else { return nil }
            return .other
        case UInt8(ascii: "*"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            index += 1
            skip { Self.isTokenChar($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
            return .other
        default: return nil
        }
    }

    private mutating func number() -> StructuredFieldDictionary.Item? {
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        skip(Self.isDigit)
        let integerDigits = index - start
        guard (1...15).contains(integerDigits) else { return nil }
        if current == UInt8(ascii: ".") {
            guard integerDigits <= 12 else { return nil }
            index += 1
            let fraction = index
            skip(Self.isDigit)
            return (1...3).contains(index - fraction) ? .other : nil
        }
        guard let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self)) else { return nil }
        return .integer(negative ? -value : value)
    }

    private mutating func string() -> Bool {
        index += 1
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return true
            case UInt8(ascii: "\\"):
                guard current == UInt8(ascii: "\"") || current == UInt8(ascii: "\\") else { return false }
                index += 1
            case 0x20...0x7E: continue
            default: return false
            }
        }
        return false
    }

    private mutating func byteSequence() -> StructuredFieldDictionary.Item? {
        index += 1
        let start = index
        skip { Self.isAlpha($0) || Self.isDigit($0) || "+/=".utf8.contains($0) }
        guard current == UInt8(ascii: ":") else { return nil }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        guard let data = Data(base64Encoded: text) else { return nil }
        return .bytes(Array(data))
    }

    private mutating func skip(_ matches: (UInt8) -> Bool) {
        while let byte = current, matches(byte) { index += 1 }
    }

    private static func isLowerAlpha(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }
    private static func isAlpha(_ byte: UInt8) -> Bool { isLowerAlpha(byte | 0x20) }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isTokenChar(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}
