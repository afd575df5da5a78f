// The canonical request, stage 1 of Signature V4:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request
// and S3's variant (no path normalisation, every path byte but unreserved ones and '/' encoded):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html

extension SigV4Signer {
    /// S3 URI encoding of a path: each byte except unreserved `A-Za-z0-9-._~` percent-encoded (upper hex), `/` kept.
    ///
    /// The input is the raw path, so a `%` in it becomes `%25` (never double-encoding, never decoding).
    /// A leading `/` is added when missing, so the result is always a valid request target.
    /// - Parameter path: The unencoded path.
    /// - Returns: The encoded path, which is both the canonical URI and what the client sends.
    public static func encodePath(_ path: String) -> String {
        let encoded = percentEncode(path, keepSlash: true)
        return encoded.hasPrefix("/") ? encoded : "/" + encoded
    }

    /// The canonical query string: names and values encoded (`/` too), pairs sorted by encoded name then encoded value.
    /// - Parameter query: Unencoded parameters in any order; names may repeat, values may be empty (rendered `name=`).
    /// - Returns: `name=value` pairs joined with `&`, or `""` for no parameters.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded = query.map { (name: percentEncode($0.name, keepSlash: false), value: percentEncode($0.value, keepSlash: false)) }
        // Encoded strings are ASCII, so `<` on String is byte order here, which is what SigV4 asks for.
        let sorted = encoded.sorted { $0.name != $1.name ? $0.name < $1.name : $0.value < $1.value }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Canonical headers and the signed-headers list.
    ///
    /// Names are lower-cased and trimmed; values are trimmed with inner whitespace runs collapsed to one space;
    /// same-name headers are joined with `,` in the order given; names are sorted.
    /// - Parameter headers: Every header to sign, `host` included.
    /// - Returns: `canonical` (each `name:value` followed by a newline) and `signed` (`name;name;…`).
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        var grouped: [String: [String]] = [:]
        for header in headers {
            grouped[trimmed(header.name).lowercased(), default: []].append(trimAll(header.value))
        }
        let names = grouped.keys.sorted()
        let canonical = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    /// The canonical request: method, URI, query, headers, signed headers and payload hash, one per line.
    /// - Parameters:
    ///   - request: The request; its `headers` must already hold every header to sign, `host` included.
    ///   - query: The full query to sign (for presigned URLs it includes the `X-Amz-*` parameters).
    ///   - payloadHash: Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    /// - Returns: The canonical request text.
    static func canonicalRequest(
        method: String,
        path: String,
        query: [(name: String, value: String)],
        headers: [(name: String, value: String)],
        payloadHash: String
    ) -> String {
        let (canonical, signed) = canonicalHeaders(headers)
        return [method.uppercased(), encodePath(path), canonicalQuery(query), canonical, signed, payloadHash]
            .joined(separator: "\n")
    }

    /// Percent-encodes every UTF-8 byte except the unreserved ones (and `/` when `keepSlash`).
    static func percentEncode(_ string: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// SigV4's Trimall: leading and trailing whitespace removed, inner runs collapsed to a single space.
    ///
    /// ASCII whitespace (space, tab, CR, LF, VT, FF) counts, as in botocore's `str.split()` and Go's `strings.Fields`
    /// for the characters a header value can hold.
    static func trimAll(_ value: String) -> String {
        value.utf8.split(whereSeparator: isWhitespace).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    /// `value` without leading and trailing ASCII whitespace.
    static func trimmed(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }), let last = bytes.lastIndex(where: { !isWhitespace($0) }) else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0d).contains(byte)
    }
}
