import Foundation

/// Parsers for the two date forms S3 uses, without formatters (they are not cheap and not all thread-safe).
enum S3Dates {
    /// `2026-11-25T10:15:02.123Z` or `2026-11-25T10:15:02Z` (listings).
    static func parseISO8601(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"), bytes.last == UInt8(ascii: "Z"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2)
        else { return nil }
        var fraction = 0.0
        if bytes[19] == UInt8(ascii: "."), bytes.count > 21 {
            let digits = bytes[20..<(bytes.count - 1)]
            guard let value = number(Array(digits), 0, digits.count) else { return nil }
            fraction = Double(value) / pow(10, Double(digits.count))
        }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
    }

    /// `Wed, 25 Nov 2026 10:15:02 GMT` (HTTP `Last-Modified`).
    static func parseHTTPDate(_ text: String) -> Date? {
        var text = text
        if let date = text.withUTF8({ parseFixedHTTPDate($0) }) { return date }
        // Anything but the fixed 29-byte form (a one-digit day, say) goes the slower, tolerant way.
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
            let month = months.firstIndex(of: String(parts[2])).map({ $0 + 1 })
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]) else { return nil }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: 0)
    }

    /// The fixed form every S3 store sends, read at fixed offsets: it is parsed for every object read.
    private static func parseFixedHTTPDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == UInt8(ascii: " "), bytes[7] == UInt8(ascii: " "),
            bytes[11] == UInt8(ascii: " "), bytes[16] == UInt8(ascii: " "), bytes[19] == UInt8(ascii: ":"),
            bytes[22] == UInt8(ascii: ":"), bytes[25] == UInt8(ascii: " "), bytes[26] == UInt8(ascii: "G"),
            bytes[27] == UInt8(ascii: "M"), bytes[28] == UInt8(ascii: "T"),
            let day = number(bytes, 5, 2), let year = number(bytes, 12, 4), let hour = number(bytes, 17, 2),
            let minute = number(bytes, 20, 2), let second = number(bytes, 23, 2)
        else { return nil }
        let name = (bytes[8], bytes[9], bytes[10])
        guard let month = monthBytes.firstIndex(where: { $0 == name }).map({ $0 + 1 }) else { return nil }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: 0)
    }

    private static let monthBytes: [(UInt8, UInt8, UInt8)] = months.map { name in
        let bytes = Array(name.utf8)
        return (bytes[0], bytes[1], bytes[2])
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ start: Int, _ count: Int) -> Int?
    where Bytes.Index == Int {
        guard count > 0, start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Seconds since 1970 for a proleptic Gregorian UTC date (days-from-civil, H. Hinnant).
    private static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Double) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else {
            return nil
        }
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: seconds)
    }
}
