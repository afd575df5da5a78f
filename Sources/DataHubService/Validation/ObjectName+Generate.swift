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
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var name = prefix + "data_"
        name += pad(year, 4) + pad(month, 2) + pad(day, 2) + "_"
        name += pad(secondOfDay / 3600, 2) + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2) + "_"
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

    /// Year, month, day of the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
