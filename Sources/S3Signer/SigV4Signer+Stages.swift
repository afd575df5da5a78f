import Digests

// Stages 2-4 of Signature V4: string to sign, signing key, signature.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-string-to-sign

extension SigV4Signer {
    /// The algorithm name that opens the string to sign and the `Authorization` header.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// The credential scope, `YYYYMMDD/region/service/aws4_request`.
    func credentialScope(day: String) -> String {
        "\(day)/\(region)/\(service)/aws4_request"
    }

    /// Appends `credentialScope(day:)`.
    func appendCredentialScope(day: String, to out: inout [UInt8]) {
        out.append(contentsOf: day.utf8)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: region.utf8)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: service.utf8)
        out.append(contentsOf: "/aws4_request".utf8)
    }

    /// The string to sign: algorithm, timestamp, scope and the hex SHA-256 of the canonical request.
    /// - Parameters:
    ///   - canonicalRequest: The output of `canonicalRequest(...)`.
    ///   - date: The signing instant.
    /// - Returns: The four lines joined with newlines.
    func stringToSign(canonicalRequest: String, date: AmzDate) -> String {
        var out = [UInt8]()
        appendStringToSign(canonicalRequest: Array(canonicalRequest.utf8), date: date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `stringToSign(canonicalRequest:date:)` for a canonical request given as UTF-8 bytes.
    func appendStringToSign(canonicalRequest: [UInt8], date: AmzDate, to out: inout [UInt8]) {
        out.append(contentsOf: Self.algorithm.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: date.timestamp.utf8)
        out.append(UInt8(ascii: "\n"))
        appendCredentialScope(day: date.day, to: &out)
        out.append(UInt8(ascii: "\n"))
        Bytes.appendSHA256Hex(of: canonicalRequest, to: &out)
    }

    /// The signing key: HMAC chain over `"AWS4" + secret`, the day, the region, the service and `aws4_request`.
    ///
    /// Derived afresh on every call; signing goes through `keyCache`, which calls this once per day.
    /// - Parameter day: `YYYYMMDD`.
    /// - Returns: The 32-byte key.
    func signingKey(day: String) -> [UInt8] {
        var key = Digest.hmacSHA256(key: Array("AWS4\(credentials.secretKey)".utf8), data: Array(day.utf8))
        for part in [region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// The signature: lower-case hex HMAC-SHA-256 of the string to sign under the signing key.
    ///
    /// The reference form: it derives the key afresh and uses `Digest.hmacSHA256`; signing itself uses
    /// `appendSignature(canonicalRequest:date:to:)`, which gives the same result.
    /// - Parameters:
    ///   - stringToSign: The output of `stringToSign(...)`.
    ///   - day: `YYYYMMDD`, the day of the signing instant.
    /// - Returns: 64 hex digits.
    func signature(stringToSign: String, day: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: signingKey(day: day), data: Array(stringToSign.utf8)))
    }

    /// Appends the signature (64 hex digits) of a canonical request given as UTF-8 bytes, under the day's cached key.
    func appendSignature(canonicalRequest: [UInt8], date: AmzDate, to out: inout [UInt8]) {
        let day = date.day
        let key = keyCache.key(day: day) { SigningKey(day: day, key: signingKey(day: day)) }
        // Algorithm, timestamp, scope and hash lines: 17 + 17 + scope + 1 + 64 bytes.
        let capacity = 112 + region.utf8.count + service.utf8.count + 22
        key.appendHMACHex(to: &out, capacity: capacity) { message in
            appendStringToSign(canonicalRequest: canonicalRequest, date: date, to: &message)
        }
    }
}
