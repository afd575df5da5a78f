// Stages 2-4 of Signature V4: string to sign, signing key, signature.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-string-to-sign

extension SigV4Signer {
    /// The algorithm name that opens the string to sign and the `Authorization` header.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// The credential scope, `YYYYMMDD/region/service/aws4_request`.
    func credentialScope(day: String) -> String {
        "\(day)/\(region)/\(service)/aws4_request"
    }

    /// The string to sign: algorithm, timestamp, scope and the hex SHA-256 of the canonical request.
    /// - Parameters:
    ///   - canonicalRequest: The output of `canonicalRequest(...)`.
    ///   - date: The signing instant.
    /// - Returns: The four lines joined with newlines.
    func stringToSign(canonicalRequest: String, date: AmzDate) -> String {
        let hash = Digest.hex(Digest.sha256(Array(canonicalRequest.utf8)))
        return [Self.algorithm, date.timestamp, credentialScope(day: date.day), hash].joined(separator: "\n")
    }

    /// The signing key: HMAC chain over `"AWS4" + secret`, the day, the region, the service and `aws4_request`.
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
    /// - Parameters:
    ///   - stringToSign: The output of `stringToSign(...)`.
    ///   - day: `YYYYMMDD`, the day of the signing instant.
    /// - Returns: 64 hex digits.
    func signature(stringToSign: String, day: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: signingKey(day: day), data: Array(stringToSign.utf8)))
    }
}
