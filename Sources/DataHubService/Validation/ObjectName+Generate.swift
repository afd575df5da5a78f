public import Foundation

extension ObjectName {
    /// The characters of a name's random part.
    private static let randomAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    /// The length of a name's random part: 36^8 ≈ 2.8 × 10^12 choices per microsecond.
    public static let randomLength = 8

    /// A new, time-ordered name: `prefix + "data_YYYYMMDD_HHMMSS_ffffff_<random>.json"`, in UTC with microseconds.
    ///
    /// Names made in the same microsecond differ by their random part; the store's create-only write catches
    /// the improbable rest. The result is not checked: pass it to `validateKey` (a long prefix can push it
    /// past 1,024 bytes).
    /// - Parameters:
    ///   - prefix: a folder from `normalizePrefix` (ending in `/`), or `""`.
    ///   - date: the time to encode.
    ///   - random: the source of the random part; it advances.
    /// - Returns: the key.
    public static func generate(prefix: String, date: Date, random: inout some RandomNumberGenerator) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var name = prefix + "data_"
        name += pad(Int64(parts.tm_year) + 1900, 4) + pad(Int64(parts.tm_mon) + 1, 2) + pad(Int64(parts.tm_mday), 2) + "_"
        name += pad(Int64(parts.tm_hour), 2) + pad(Int64(parts.tm_min), 2) + pad(Int64(parts.tm_sec), 2) + "_"
        name += pad(fraction, 6) + "_"
        var suffix: [UInt8] = []
        for _ in 0..<randomLength {
            suffix.append(randomAlphabet[Int(random.next(upperBound: UInt64(randomAlphabet.count)))])
        }
        return name + String(decoding: suffix, as: UTF8.self) + ".json"
    }

    /// A new name for now, with the system's random generator.
    /// - Parameters:
    ///   - prefix: a folder from `normalizePrefix` (ending in `/`), or `""`.
    ///   - date: the time to encode (now by default).
    /// - Returns: the key.
    public static func generate(prefix: String, date: Date = Date()) -> String {
        var random = SystemRandomNumberGenerator()
        return generate(prefix: prefix, date: date, random: &random)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
