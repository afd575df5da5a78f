#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS Signature Version 4 for S3: signed headers for ordinary requests and presigned URLs.
///
/// No clock, no I/O: every entry point takes the signing `date`. The only state is a cache of the current day's
/// signing key (shared by copies, safe to use from any thread), which never changes a result.
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
    /// The signing key of the latest day signed for, shared by the copies of this signer; it never shows the key.
    let keyCache = SigningKeyCache()

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
        var headers = collectHeaders(request, extra: 2)
        headers.add(name: "x-amz-date", value: amzDate.timestamp)
        headers.add(name: "x-amz-content-sha256", value: payloadHash)

        var canonical = [UInt8]()
        canonical.reserveCapacity(Self.canonicalRequestCapacity(request, payloadHash: payloadHash))
        _ = Self.appendRequestLines(method: request.method, path: request.path, query: request.query, to: &canonical)
        let signedNames = headers.write(to: &canonical)
        canonical.append(UInt8(ascii: "\n"))
        canonical.append(contentsOf: payloadHash.utf8)

        // AWS4-HMAC-SHA256 Credential=<access key>/<scope>,SignedHeaders=<names>,Signature=<64 hex digits>
        var authorization = [UInt8]()
        authorization.reserveCapacity(150 + credentials.accessKey.utf8.count + region.utf8.count + service.utf8.count + signedNames.count)
        authorization.append(contentsOf: Self.algorithm.utf8)
        authorization.append(contentsOf: " Credential=".utf8)
        authorization.append(contentsOf: credentials.accessKey.utf8)
        authorization.append(UInt8(ascii: "/"))
        appendCredentialScope(day: amzDate.day, to: &authorization)
        authorization.append(contentsOf: ",SignedHeaders=".utf8)
        authorization.append(contentsOf: canonical[signedNames])
        authorization.append(contentsOf: ",Signature=".utf8)
        appendSignature(canonicalRequest: canonical, date: amzDate, to: &authorization)
        return [
            (name: "x-amz-date", value: amzDate.timestamp),
            (name: "x-amz-content-sha256", value: payloadHash),
            (name: "authorization", value: String(decoding: authorization, as: UTF8.self)),
        ]
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
        var headers = collectHeaders(request, extra: 0)
        // The signed-headers list is a query parameter, and the query comes before the headers in the canonical
        // request, so the header lines are rendered apart first.
        var headerLines = [UInt8]()
        let signedNames = headers.write(to: &headerLines)
        let query =
            request.query + [
                (name: "X-Amz-Algorithm", value: Self.algorithm),
                (name: "X-Amz-Credential", value: "\(credentials.accessKey)/\(credentialScope(day: amzDate.day))"),
                (name: "X-Amz-Date", value: amzDate.timestamp),
                (name: "X-Amz-Expires", value: String(min(max(expires, 1), 604_800))),
                (name: "X-Amz-SignedHeaders", value: String(decoding: headerLines[signedNames], as: UTF8.self)),
            ]

        var canonical = [UInt8]()
        canonical.reserveCapacity(Self.canonicalRequestCapacity(request, payloadHash: Self.unsignedPayload) + headerLines.count + 256)
        let canonicalQuery = Self.appendRequestLines(method: request.method, path: request.path, query: query, to: &canonical)
        canonical.append(contentsOf: headerLines)
        canonical.append(UInt8(ascii: "\n"))
        canonical.append(contentsOf: Self.unsignedPayload.utf8)

        var url = [UInt8]()
        url.reserveCapacity(scheme.utf8.count + request.host.utf8.count + canonical.count + 96)
        url.append(contentsOf: scheme.utf8)
        url.append(contentsOf: "://".utf8)
        url.append(contentsOf: request.host.utf8)
        Self.appendEncodedPath(request.path, to: &url)
        url.append(UInt8(ascii: "?"))
        url.append(contentsOf: canonical[canonicalQuery])
        url.append(contentsOf: "&X-Amz-Signature=".utf8)
        appendSignature(canonicalRequest: canonical, date: amzDate, to: &url)
        return String(decoding: url, as: UTF8.self)
    }

    /// `host` and the request's extra headers, minus those the signer sets itself, with room for `extra` more.
    func collectHeaders(_ request: SignableRequest, extra: Int) -> CanonicalHeaders {
        var headers = CanonicalHeaders(count: request.headers.count + 1 + extra)
        headers.add(name: "host", value: request.host)
        for header in request.headers { headers.add(name: header.name, value: header.value, skippingOwned: true) }
        return headers
    }

    /// A generous estimate of the canonical request's length, so its buffer is allocated once in the usual case.
    static func canonicalRequestCapacity(_ request: SignableRequest, payloadHash: String) -> Int {
        var capacity = 96 + request.method.utf8.count + 2 * request.path.utf8.count + request.host.utf8.count + 2 * payloadHash.utf8.count
        for header in request.headers { capacity += 2 * header.name.utf8.count + header.value.utf8.count + 2 }
        for parameter in request.query { capacity += 2 * (parameter.name.utf8.count + parameter.value.utf8.count) + 2 }
        return capacity
    }

    /// `host` followed by the request's extra headers, minus those the signer sets itself.
    func headersToSign(_ request: SignableRequest) -> [(name: String, value: String)] {
        let extra = request.headers.filter { header in
            !Self.ownedHeaders.contains(Self.trimmed(header.name).lowercased())
        }
        return [(name: "host", value: request.host)] + extra
    }
}
