public import Foundation

/// Small, allocation-light JSON writing for the fixed shapes DataHub answers with.
public enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    public static func quote(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends `s` as a JSON string literal to `out` (what `quote` returns, without an intermediate string).
    public static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        // Fast path: printable ASCII without `"` or `\` needs no escaping (names, ids, paths, most messages).
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            out.append(s)
            out.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    /// An object from ordered pairs of key and already-rendered JSON value.
    public static func object(_ pairs: KeyValuePairs<String, String>) -> String {
        "{" + pairs.map { quote($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    /// An object from an array of key and already-rendered JSON value.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// ISO 8601 UTC with milliseconds: `2026-11-25T10:15:02.123Z`. Built digit by digit: it is on every log
    /// line and listing row, and `String(format:)` is slow on Linux.
    public static func timestamp(_ date: Date) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var time = time_t(totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000)
        let millis = Int(totalMillis - Int64(time) * 1000)
        var parts = tm()
        gmtime_r(&time, &parts)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) { appendDigits(value, count: count, to: &bytes) }
        digits(Int(parts.tm_year) + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(UInt8(ascii: "."))
        digits(millis, 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The RFC 9110 HTTP date (`Wed, 25 Nov 2026 10:15:02 GMT`) for `Last-Modified`.
    public static func httpDate(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        // Built by hand: `String(format:)` goes through Foundation's formatter on every response.
        let days = "SunMonTueWedThuFriSat".utf8
        let months = "JanFebMarAprMayJunJulAugSepOctNovDec".utf8
        var text: [UInt8] = []
        text.reserveCapacity(29)
        func digits(_ value: Int32, _ count: Int) { appendDigits(Int(value), count: count, to: &text) }
        text.append(contentsOf: days.dropFirst(Int(parts.tm_wday) * 3).prefix(3))
        text.append(contentsOf: ", ".utf8)
        digits(parts.tm_mday, 2)
        text.append(UInt8(ascii: " "))
        text.append(contentsOf: months.dropFirst(Int(parts.tm_mon) * 3).prefix(3))
        text.append(UInt8(ascii: " "))
        digits(parts.tm_year + 1900, 4)
        text.append(UInt8(ascii: " "))
        digits(parts.tm_hour, 2)
        text.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        text.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        text.append(contentsOf: " GMT".utf8)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `value` as exactly `count` decimal digits (zero-padded; higher digits dropped).
    private static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
