#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A UTC instant rendered the two ways SigV4 needs: `20130524T000000Z` and the day `20130524`.
///
/// Computed arithmetically (no formatter, no locale, no calendar) so it is cheap and deterministic.
struct AmzDate: Sendable, Equatable {
    /// The ISO 8601 basic timestamp, `YYYYMMDDTHHMMSSZ`.
    let timestamp: String
    /// The first eight characters of `timestamp`, `YYYYMMDD`, used in the credential scope.
    let day: String

    /// Renders `date` (sub-second parts are dropped, as S3 does).
    init(_ date: Date) {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, dayOfMonth) = Self.civil(fromDays: days)
        guard (0...9999).contains(year) else {
            // Outside four-digit years: the original string rendering, kept for its exact (odd) output.
            timestamp =
                Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(dayOfMonth, 2) + "T"
                + Self.pad(secondOfDay / 3600, 2) + Self.pad(secondOfDay % 3600 / 60, 2) + Self.pad(secondOfDay % 60, 2) + "Z"
            day = String(timestamp.prefix(8))
            return
        }
        // Every field fits its width here, so the digits are written in place: one allocation, no intermediate strings.
        let stamp = String(unsafeUninitializedCapacity: 16) { buffer in
            var index = 0
            func put(_ value: Int64, width: Int) {
                var rest = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                index += width
            }
            func put(_ character: Unicode.Scalar) {
                buffer[index] = UInt8(ascii: character)
                index += 1
            }
            put(year, width: 4)
            put(month, width: 2)
            put(dayOfMonth, width: 2)
            put("T")
            put(secondOfDay / 3600, width: 2)
            put(secondOfDay % 3600 / 60, width: 2)
            put(secondOfDay % 60, width: 2)
            put("Z")
            return index
        }
        timestamp = stamp
        day = String(unsafeUninitializedCapacity: 8) { buffer in buffer.initialize(from: stamp.utf8.prefix(8)).1 }
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
