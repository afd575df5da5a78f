public import DataHubStorage
public import HTTPTypes
import Hummingbird
import NIOHTTP1

/// An error the API answers with. Handlers throw it (or a `StorageError`, mapped in `init(_:)`); the
/// `APIMiddleware` renders every one in the single envelope `{"error", "code", "request_id"}`.
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

    /// Maps a storage failure to the status it means for a client. `.unavailable` is always 503, never 500.
    public init(_ error: StorageError) {
        switch error.code {
        case .notFound: self.init(.notFound, code: "not_found", error.message)
        case .alreadyExists: self.init(.conflict, code: "already_exists", error.message)
        case .nameConflict: self.init(.conflict, code: "name_conflict", error.message)
        case .invalidName: self.init(.badRequest, code: "invalid_name", error.message)
        case .badRequest: self.init(.badRequest, code: "bad_request", error.message)
        case .invalidRange: self.init(.rangeNotSatisfiable, code: "range_not_satisfiable", error.message)
        case .accessDenied:
            self.init(.badGateway, code: "storage_access_denied", "storage refused DataHub's credentials; the operator must fix the S3 keys")
        default: self = .storageUnavailable(error.message)
        }
    }

    /// Maps any error to an `APIError`; unknown errors become a 500 whose details stay in the log.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as StorageError: return APIError(error)
        case let error as HTTPError:
            return APIError(error.status, code: codeName(error.status), error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            return APIError(error.status, code: codeName(error.status), error.status.reasonPhrase)
        case let error as HTTPParserError:
            // The body broke off or its framing (chunk sizes, early end) is invalid: the client's fault, not ours.
            return APIError(.badRequest, code: "bad_request", "the request body could not be read: \(error)")
        default:
            return APIError(.internalServerError, code: "internal_error", "an unexpected error occurred; it has been logged")
        }
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
