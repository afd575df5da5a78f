public import HTTPTypes
import Hummingbird
import NIOHTTP1

/// An error the API answers with. Handlers throw it, or let a domain error through (mapped in
/// `APIError+Mapping.swift`); the `APIMiddleware` renders every one in the single envelope
/// `{"error", "code", "request_id"}`.
public struct APIError: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable snake_case code clients can branch on.
    public var code: String
    /// A sentence for people: what is wrong and what to do.
    public var message: String
    /// Extra headers (`Allow`, `WWW-Authenticate`, `Retry-After`, `Content-Range`).
    public var headers: HTTPFields = [:]
    /// Extra fields rendered before the envelope's own, as key and rendered JSON value.
    public var extraFields: [(String, String)] = []

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// Seconds a client should wait before retrying after a 503.
    public static let retryAfterSeconds = 2

    /// Storage cannot be reached: 503 with `Retry-After`.
    public static func storageUnavailable(_ message: String) -> APIError {
        var error = APIError(.serviceUnavailable, code: "storage_unavailable", message)
        error.headers[.retryAfter] = "\(retryAfterSeconds)"
        return error
    }

    /// A snake_case code for a bare status (`not_found`, `payload_too_large`).
    static func codeName(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 416: "range_not_satisfiable"
        case 503: "storage_unavailable"
        default: status.reasonPhrase.lowercased().split(separator: " ").joined(separator: "_")
        }
    }

    /// The envelope as a response.
    func response(requestID: String) -> Response {
        var fields = extraFields
        fields.append(("error", JSONText.quote(message)))
        fields.append(("code", JSONText.quote(code)))
        fields.append(("request_id", JSONText.quote(requestID)))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONText.object(fields))))
    }
}
