import DataHubStorage

/// HTTP `Range` and `If-None-Match` evaluation for raw object reads (RFC 9110 §14 and §13.1.2).
enum ByteRanges {
    /// The outcome of evaluating a `Range` header.
    enum Outcome: Equatable {
        /// Ignore the header and send the whole object (syntax we do not serve, such as several ranges).
        case none
        /// Serve these inclusive offsets.
        case satisfiable(ClosedRange<Int64>)
        /// 416.
        case unsatisfiable
    }

    /// Evaluates a single `bytes=` range against an object of `size` bytes.
    static func parse(_ header: String, size: Int64) -> Outcome {
        let value = header.trimmingWhitespace()
        guard value.lowercased().hasPrefix("bytes="), !value.contains(",") else { return .none }
        let spec = value.dropFirst("bytes=".count)
        guard let dash = spec.firstIndex(of: "-") else { return .none }
        let first = spec[..<dash].trimmingWhitespace()
        let last = spec[spec.index(after: dash)...].trimmingWhitespace()
        if first.isEmpty {
            guard let suffix = Int64(last), suffix >= 0 else { return .none }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .satisfiable(max(0, size - suffix)...(size - 1))
        }
        guard let start = Int64(first), start >= 0 else { return .none }
        var end = size - 1
        if !last.isEmpty {
            guard let parsed = Int64(last), parsed >= start else { return .none }
            end = min(parsed, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .satisfiable(start...end)
    }

    /// Whether an `If-None-Match` list matches the entity tag (weak comparison, `*` matches anything).
    static func etagMatches(_ header: String, etag: String) -> Bool {
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingWhitespace()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag.count >= 2, tag.hasPrefix("\""), tag.hasSuffix("\"") { tag = String(tag.dropFirst().dropLast()) }
            if tag == etag { return true }
        }
        return false
    }
}
