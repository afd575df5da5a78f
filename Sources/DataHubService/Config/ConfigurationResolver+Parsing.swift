import DataHubStorage

extension ConfigurationResolver {
    /// `MINIO_ENDPOINT` may come without a scheme (`minio-server:9000`): plain HTTP is assumed then.
    static func normalizeEndpoint(_ raw: String) throws -> String {
        var value = raw.trimmingWhitespace()
        if !value.contains("://") { value = "http://" + value }
        while value.hasSuffix("/") { value.removeLast() }
        let scheme = value.prefix { $0 != ":" }.lowercased()
        let rest = value.drop { $0 != ":" }.dropFirst(3)
        guard scheme == "http" || scheme == "https", !rest.isEmpty, !rest.contains("/"), !rest.contains("@"),
            !rest.contains(where: \.isWhitespace)
        else {
            throw ConfigurationError("--s3-endpoint / MINIO_ENDPOINT: '\(raw)' is not host[:port] or http(s)://host[:port]")
        }
        return scheme + "://" + rest
    }

    static func isValidBucketName(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        return (3...63).contains(name.count) && name.allSatisfy { allowed.contains($0) }
            && name.first != "-" && name.first != "." && name.last != "-" && name.last != "."
    }

    static func parseKeys(_ text: String, separators: String, _ source: String) throws -> [String] {
        let keys = text.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !keys.isEmpty else { throw ConfigurationError("\(source): no API key found") }
        guard keys.allSatisfy({ $0.count >= 16 && $0.allSatisfy { $0.isASCII && !$0.isWhitespace } }) else {
            throw ConfigurationError("\(source): every API key needs at least 16 printable ASCII characters")
        }
        return keys
    }

    static func isTrue(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(value)
    }

    func integer(_ text: String, in range: ClosedRange<Int>, _ name: String) throws -> Int {
        guard let value = Int(text.trimmingWhitespace()), range.contains(value) else {
            throw ConfigurationError("\(name): '\(text)' is not a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Accepts `1.5`, `1.5s`, `1500ms`, `5m`, `24h`: a bare number is seconds.
    func duration(_ text: String, max: Duration, _ name: String) throws -> Duration {
        let value = text.trimmingWhitespace().lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(value)
        var scale = 1.0
        for (suffix, factor) in units where value.hasSuffix(suffix) {
            number = value.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let amount = Double(number), amount.isFinite, amount > 0 else {
            throw ConfigurationError("\(name): '\(text)' is not a positive duration (e.g. 1.5, 1500ms, 5m, 24h)")
        }
        let result = Duration.milliseconds(Int64((amount * scale * 1000).rounded()))
        guard result > .zero, result <= max else {
            throw ConfigurationError("\(name): '\(text)' is out of range")
        }
        return result
    }
}
