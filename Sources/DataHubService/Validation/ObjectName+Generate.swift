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
        return generate(prefix: prefix, micros: micros, draw: random.next(upperBound: randomChoices))
    }

    /// A name for a given microsecond since 1970 and random part: a batch names its documents `micros + line`
    /// with one draw, so the names increase in line order and an idempotent retry can rebuild them.
    /// - Parameters:
    ///   - prefix: a folder from `normalizePrefix` (ending in `/`), or `""`.
    ///   - micros: microseconds since 1970, UTC.
    ///   - draw: the random part, reduced modulo ``randomChoices``.
    /// - Returns: the key.
    public static func generate(prefix: String, micros: Int64, draw: UInt64) -> String {
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Built as bytes: this runs on every upload.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prefix.utf8.count + 40)
        bytes.append(contentsOf: prefix.utf8)
        bytes.append(contentsOf: "data_".utf8)
        appendDigits(Int64(parts.tm_year) + 1900, 4, to: &bytes)
        appendDigits(Int64(parts.tm_mon) + 1, 2, to: &bytes)
        appendDigits(Int64(parts.tm_mday), 2, to: &bytes)
        bytes.append(UInt8(ascii: "_"))
        appendDigits(Int64(parts.tm_hour), 2, to: &bytes)
        appendDigits(Int64(parts.tm_min), 2, to: &bytes)
        appendDigits(Int64(parts.tm_sec), 2, to: &bytes)
        bytes.append(UInt8(ascii: "_"))
        appendDigits(fraction, 6, to: &bytes)
        bytes.append(UInt8(ascii: "_"))
        // One draw for the whole random part (the system generator costs a system call per draw): its
        // `randomLength` base-36 digits, uniform over all 36^8 choices.
        var draw = draw % randomChoices
        let radix = UInt64(randomAlphabet.count)
        for _ in 0..<randomLength {
            bytes.append(randomAlphabet[Int(draw % radix)])
            draw /= radix
        }
        bytes.append(contentsOf: ".json".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// 36^`randomLength`: how many random parts there are.
    public static let randomChoices: UInt64 = (0..<randomLength).reduce(1) { product, _ in product * UInt64(randomAlphabet.count) }

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

    /// Appends `value` in decimal, zero-padded to at least `width` digits.
    private static func appendDigits(_ value: Int64, _ width: Int, to bytes: inout [UInt8]) {
        let digits = String(value).utf8
        if digits.count < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        bytes.append(contentsOf: digits)
    }
}
