#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS Signature Version 4 for S3: signed headers for ordinary requests and presigned URLs.
///
/// A pure value: no clock, no I/O; every entry point takes the signing `date`.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
public struct SigV4Signer: Sendable {
    /// The payload hash that tells S3 the body is not signed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The hex SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Headers the signer sets itself; same-name entries in `SignableRequest.headers` are ignored.
    static let ownedHeaders: Set<String> = ["host", "x-amz-date", "x-amz-content-sha256", "authorization"]

    /// The key pair.
    let credentials: S3Credentials
    /// The region in the credential scope (`us-east-1` for most S3-compatible servers).
    let region: String
    /// The service in the credential scope.
    let service: String

    /// Creates a signer.
    /// - Parameters:
    ///   - credentials: The key pair.
    ///   - region: The region in the credential scope.
    ///   - service: The service in the credential scope; `s3` by default.
    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Headers to add to the request: x-amz-date, x-amz-content-sha256, authorization (host is sent by the client as given).
    ///
    /// The signed headers are `host`, `x-amz-content-sha256`, `x-amz-date` and every header of `request.headers`
    /// (entries named like the ones the signer sets are ignored). The client must send all of them unchanged.
    /// - Parameters:
    ///   - request: The request to sign.
    ///   - payloadHash: Hex SHA-256 of the body, `emptyPayloadHash`, or `unsignedPayload`.
    ///   - date: The signing instant; S3 accepts it within 15 minutes of its own clock.
    /// - Returns: `x-amz-date`, `x-amz-content-sha256` and `authorization`, in that order.
    public func signedHeaders(for request: SignableRequest, payloadHash: String, date: Date) -> [(name: String, value: String)] {
        let amzDate = AmzDate(date)
        let added = [(name: "x-amz-date", value: amzDate.timestamp), (name: "x-amz-content-sha256", value: payloadHash)]
        let headers = headersToSign(request) + added
        let canonical = Self.canonicalRequest(
            method: request.method, path: request.path, query: request.query, headers: headers, payloadHash: payloadHash)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical, date: amzDate), day: amzDate.day)
        let signedNames = Self.canonicalHeaders(headers).signed
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKey)/\(credentialScope(day: amzDate.day)),"
            + "SignedHeaders=\(signedNames),Signature=\(signature)"
        return added + [(name: "authorization", value: authorization)]
    }

    /// A presigned URL "scheme://host/encoded-path?...X-Amz-Signature=..." valid `expires` seconds (1...604800).
    ///
    /// The payload is `UNSIGNED-PAYLOAD`; the signed headers are `host` and `request.headers`, which the user of the
    /// URL must send unchanged. The query is the canonical query (request parameters and `X-Amz-*` sorted together)
    /// followed by `X-Amz-Signature`.
    /// - Parameters:
    ///   - request: The request to presign.
    ///   - scheme: `http` or `https`.
    ///   - expires: Validity in seconds; values outside 1...604800 are clamped into that range.
    ///   - date: The signing instant, from which the validity counts.
    /// - Returns: The URL, as a string.
    public func presignedURL(for request: SignableRequest, scheme: String, expires: Int, date: Date) -> String {
        let amzDate = AmzDate(date)
        let headers = headersToSign(request)
        let query =
            request.query + [
                (name: "X-Amz-Algorithm", value: Self.algorithm),
                (name: "X-Amz-Credential", value: "\(credentials.accessKey)/\(credentialScope(day: amzDate.day))"),
                (name: "X-Amz-Date", value: amzDate.timestamp),
                (name: "X-Amz-Expires", value: String(min(max(expires, 1), 604_800))),
                (name: "X-Amz-SignedHeaders", value: Self.canonicalHeaders(headers).signed),
            ]
        let canonical = Self.canonicalRequest(
            method: request.method, path: request.path, query: query, headers: headers, payloadHash: Self.unsignedPayload)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical, date: amzDate), day: amzDate.day)
        return "\(scheme)://\(request.host)\(Self.encodePath(request.path))?\(Self.canonicalQuery(query))&X-Amz-Signature=\(signature)"
    }

    /// `host` followed by the request's extra headers, minus those the signer sets itself.
    func headersToSign(_ request: SignableRequest) -> [(name: String, value: String)] {
        let extra = request.headers.filter { header in
            !Self.ownedHeaders.contains(Self.trimmed(header.name).lowercased())
        }
        return [(name: "host", value: request.host)] + extra
    }
}
