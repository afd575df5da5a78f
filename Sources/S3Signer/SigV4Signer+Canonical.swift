// The canonical request, stage 1 of Signature V4:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request
// and S3's variant (no path normalisation, every path byte but unreserved ones and '/' encoded):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
//
// Everything is written into `[UInt8]` buffers: every request is signed, so the canonical request is built with a
// handful of allocations rather than a string per part.

import Digests

extension SigV4Signer {
    /// S3 URI encoding of a path: each byte except unreserved `A-Za-z0-9-._~` percent-encoded (upper hex), `/` kept.
    ///
    /// The input is the raw path, so a `%` in it becomes `%25` (never double-encoding, never decoding).
    /// A leading `/` is added when missing, so the result is always a valid request target.
    /// - Parameter path: The unencoded path.
    /// - Returns: The encoded path, which is both the canonical URI and what the client sends.
    public static func encodePath(_ path: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(path.utf8.count + 16)
        appendEncodedPath(path, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical query string: names and values encoded (`/` too), pairs sorted by encoded name then encoded value.
    /// - Parameter query: Unencoded parameters in any order; names may repeat, values may be empty (rendered `name=`).
    /// - Returns: `name=value` pairs joined with `&`, or `""` for no parameters.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return "" }
        var out = [UInt8]()
        appendCanonicalQuery(query, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Canonical headers and the signed-headers list.
    ///
    /// Names are lower-cased and trimmed; values are trimmed with inner whitespace runs collapsed to one space;
    /// same-name headers are joined with `,` in the order given; names are sorted.
    /// - Parameter headers: Every header to sign, `host` included.
    /// - Returns: `canonical` (each `name:value` followed by a newline) and `signed` (`name;name;…`).
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        var collected = CanonicalHeaders(count: headers.count)
        for header in headers { collected.add(name: header.name, value: header.value) }
        var out = [UInt8]()
        let signed = collected.write(to: &out)
        // `write` puts one newline between the header lines and the names.
        return (String(decoding: out[..<(signed.lowerBound - 1)], as: UTF8.self), String(decoding: out[signed], as: UTF8.self))
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
        var collected = CanonicalHeaders(count: headers.count)
        for header in headers { collected.add(name: header.name, value: header.value) }
        var out = [UInt8]()
        _ = appendRequestLines(method: method, path: path, query: query, to: &out)
        _ = collected.write(to: &out)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the first three lines of the canonical request, each with its newline: the upper-cased method,
    /// the encoded path and the canonical query.
    /// - Returns: Where the canonical query lies in `out` (a presigned URL reuses it).
    static func appendRequestLines(
        method: String,
        path: String,
        query: [(name: String, value: String)],
        to out: inout [UInt8]
    ) -> Range<Int> {
        appendUppercased(method, to: &out)
        out.append(UInt8(ascii: "\n"))
        appendEncodedPath(path, to: &out)
        out.append(UInt8(ascii: "\n"))
        let queryStart = out.count
        appendCanonicalQuery(query, to: &out)
        let queryRange = queryStart..<out.count
        out.append(UInt8(ascii: "\n"))
        return queryRange
    }

    /// Appends `method.uppercased()`: ASCII letters directly, anything else through `String`'s Unicode rules.
    static func appendUppercased(_ method: String, to out: inout [UInt8]) {
        let isASCII = Bytes.withUTF8(method) { bytes in bytes.allSatisfy { $0 < 0x80 } }
        guard isASCII else {
            out.append(contentsOf: method.uppercased().utf8)
            return
        }
        for byte in method.utf8 {
            out.append((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte)
        }
    }

    /// Appends `encodePath(path)`.
    static func appendEncodedPath(_ path: String, to out: inout [UInt8]) {
        // The encoding keeps '/' and turns every other byte into itself or '%..', so it starts with '/' iff `path` does.
        if path.utf8.first != UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        appendPercentEncoded(path, keepSlash: true, to: &out)
    }

    /// Appends `canonicalQuery(query)`.
    static func appendCanonicalQuery(_ query: [(name: String, value: String)], to out: inout [UInt8]) {
        switch query.count {
        case 0:
            return
        case 1:
            appendPercentEncoded(query[0].name, keepSlash: false, to: &out)
            out.append(UInt8(ascii: "="))
            appendPercentEncoded(query[0].value, keepSlash: false, to: &out)
        default:
            // Encode every name and value once into `encoded`, sort the pairs by their byte ranges, then copy them out.
            // Encoded text is ASCII, so byte order is the `String` order SigV4 (and the previous implementation) used.
            var encoded = [UInt8]()
            var pairs: [(name: Range<Int>, value: Range<Int>)] = []
            pairs.reserveCapacity(query.count)
            for parameter in query {
                let nameStart = encoded.count
                appendPercentEncoded(parameter.name, keepSlash: false, to: &encoded)
                let valueStart = encoded.count
                appendPercentEncoded(parameter.value, keepSlash: false, to: &encoded)
                pairs.append((nameStart..<valueStart, valueStart..<encoded.count))
            }
            encoded.withUnsafeBufferPointer { bytes in
                pairs.sort { a, b in
                    let byName = Bytes.compare(a.name, b.name, in: bytes)
                    return byName != 0 ? byName < 0 : Bytes.compare(a.value, b.value, in: bytes) < 0
                }
            }
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: "&")) }
                out.append(contentsOf: encoded[pair.name])
                out.append(UInt8(ascii: "="))
                out.append(contentsOf: encoded[pair.value])
            }
        }
    }

    /// Appends `string` with every UTF-8 byte percent-encoded (upper hex) except the unreserved ones (and `/` when
    /// `keepSlash`).
    ///
    /// Runs of bytes that stay as they are (most of a key) are copied in one go.
    static func appendPercentEncoded(_ string: String, keepSlash: Bool, to out: inout [UInt8]) {
        Bytes.withUTF8(string) { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                if Bytes.isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                out.append(UInt8(ascii: "%"))
                out.append(Hex.digit(byte >> 4, upper: true))
                out.append(Hex.digit(byte & 0x0f, upper: true))
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// SigV4's Trimall: leading and trailing whitespace removed, inner runs collapsed to a single space.
    ///
    /// ASCII whitespace (space, tab, CR, LF, VT, FF) counts, as in botocore's `str.split()` and Go's `strings.Fields`
    /// for the characters a header value can hold.
    static func trimAll(_ value: String) -> String {
        var out = [UInt8]()
        Bytes.withUTF8(value) { appendTrimmedAll($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the Trimall of `bytes`, copying each run of non-whitespace in one go.
    ///
    /// Splitting only at ASCII bytes keeps valid UTF-8 valid.
    @inline(__always)
    static func appendTrimmedAll(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var index = 0
        var first = true
        while index < bytes.count {
            guard !Bytes.isWhitespace(bytes[index]) else {
                index += 1
                continue
            }
            let runStart = index
            while index < bytes.count && !Bytes.isWhitespace(bytes[index]) { index += 1 }
            if !first { out.append(UInt8(ascii: " ")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            first = false
        }
    }

    /// `value` without leading and trailing ASCII whitespace.
    static func trimmed(_ value: String) -> String {
        Bytes.withUTF8(value) { bytes in
            let range = trimmedRange(bytes)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    /// The indices of `bytes` left once leading and trailing ASCII whitespace is dropped (empty when all of it is).
    @inline(__always)
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = 0
        var upper = bytes.count
        while lower < upper && Bytes.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower && Bytes.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}

/// The headers of a canonical request, gathered as bytes: names trimmed and lower-cased, values Trimall'd.
///
/// Header names are ASCII in practice and take the byte path. A name with a non-ASCII byte switches the whole set to
/// `String` semantics (Unicode lower-casing, grouping of canonically equivalent names, `String` ordering), which is
/// what this signer has always done for such names, so the output never depends on which path ran.
struct CanonicalHeaders {
    /// One header: its canonical name and value as ranges of `bytes`, and its position, which orders same-name values.
    private struct Slot {
        var name: Range<Int>
        var value: Range<Int>
        var position: Int
    }

    /// The canonical names and values, back to back.
    private var bytes: [UInt8] = []
    private var slots: [Slot] = []
    /// The headers as canonical `String` pairs once a non-ASCII name was added; `nil` while every name is ASCII.
    private var unicode: [(name: String, value: String)]?

    /// An empty set with room for about `count` headers.
    init(count: Int) {
        slots.reserveCapacity(count)
        bytes.reserveCapacity(count * 32)
    }

    /// Adds a header; with `skippingOwned`, a header named like one the signer sets itself is ignored.
    mutating func add(name: String, value: String, skippingOwned: Bool = false) {
        if unicode == nil {
            if addASCII(name: name, value: value, skippingOwned: skippingOwned) { return }
            switchToUnicode()
        }
        let canonicalName = SigV4Signer.trimmed(name).lowercased()
        if skippingOwned && SigV4Signer.ownedHeaders.contains(canonicalName) { return }
        unicode?.append((canonicalName, SigV4Signer.trimAll(value)))
    }

    /// Adds (or skips) a header whose name is ASCII; false, adding nothing, when the name holds a non-ASCII byte.
    private mutating func addASCII(name: String, value: String, skippingOwned: Bool) -> Bool {
        let nameStart = bytes.count
        var hasUppercase = false
        let isASCII = Bytes.withUTF8(name) { raw in
            let trimmed = UnsafeBufferPointer(rebasing: raw[SigV4Signer.trimmedRange(raw)])
            for byte in trimmed {
                guard byte < 0x80 else { return false }
                if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { hasUppercase = true }
            }
            bytes.append(contentsOf: trimmed)
            return true
        }
        guard isASCII else { return false }
        let name = nameStart..<bytes.count
        if hasUppercase {
            bytes.withUnsafeMutableBufferPointer { bytes in
                for index in name where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index]) { bytes[index] += 0x20 }
            }
        }
        if skippingOwned && isOwned(name) {
            bytes.removeSubrange(name)
            return true
        }
        Bytes.withUTF8(value) { SigV4Signer.appendTrimmedAll($0, to: &bytes) }
        slots.append(Slot(name: name, value: name.upperBound..<bytes.count, position: slots.count))
        return true
    }

    /// True when the name at `range` is one of `SigV4Signer.ownedHeaders`.
    private func isOwned(_ range: Range<Int>) -> Bool {
        let name = bytes[range]
        switch name.count {
        case 4: return name.elementsEqual("host".utf8)
        case 10: return name.elementsEqual("x-amz-date".utf8)
        case 13: return name.elementsEqual("authorization".utf8)
        case 20: return name.elementsEqual("x-amz-content-sha256".utf8)
        default: return false
        }
    }

    /// Moves the headers gathered so far to the `String` representation; their names are ASCII, so already canonical.
    private mutating func switchToUnicode() {
        unicode = slots.map { slot in
            (String(decoding: bytes[slot.name], as: UTF8.self), String(decoding: bytes[slot.value], as: UTF8.self))
        }
        slots = []
        bytes = []
    }

    /// Appends the canonical header lines (`name:value`, each with a newline), one more newline, and the signed-headers
    /// list (`name;name;…`, no newline). Same-name values are joined with `,` in the order added; names are sorted.
    /// - Returns: Where the signed-headers list lies in `out`.
    mutating func write(to out: inout [UInt8]) -> Range<Int> {
        if let unicode { return Self.writeUnicode(unicode, to: &out) }
        return bytes.withUnsafeBufferPointer { bytes in
            slots.sort { a, b in
                let byName = Bytes.compare(a.name, b.name, in: bytes)
                return byName != 0 ? byName < 0 : a.position < b.position
            }
            // Sorted by name then position, so same-name headers are adjacent and in the order they were added.
            var previous: Range<Int>?
            for slot in slots {
                if let previous, Bytes.compare(previous, slot.name, in: bytes) == 0 {
                    out.append(UInt8(ascii: ","))
                } else {
                    if previous != nil { out.append(UInt8(ascii: "\n")) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[slot.name]))
                    out.append(UInt8(ascii: ":"))
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[slot.value]))
                previous = slot.name
            }
            if previous != nil { out.append(UInt8(ascii: "\n")) }
            out.append(UInt8(ascii: "\n"))
            let signedStart = out.count
            previous = nil
            for slot in slots {
                if let previous {
                    if Bytes.compare(previous, slot.name, in: bytes) == 0 { continue }
                    out.append(UInt8(ascii: ";"))
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[slot.name]))
                previous = slot.name
            }
            return signedStart..<out.count
        }
    }

    /// `write(to:)` with `String` grouping and ordering, for header sets with a non-ASCII name.
    private static func writeUnicode(_ headers: [(name: String, value: String)], to out: inout [UInt8]) -> Range<Int> {
        var grouped: [String: [String]] = [:]
        for header in headers { grouped[header.name, default: []].append(header.value) }
        let names = grouped.keys.sorted()
        for name in names {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: (grouped[name] ?? []).joined(separator: ",").utf8)
            out.append(UInt8(ascii: "\n"))
        }
        out.append(UInt8(ascii: "\n"))
        let signedStart = out.count
        out.append(contentsOf: names.joined(separator: ";").utf8)
        return signedStart..<out.count
    }
}
