public import DataHubStorage
import Hummingbird
import NIOHTTP1

// Every domain error the service layer throws becomes an API error here, and only here.
extension APIError {
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
        case let error as DataServiceError: return APIError(error)
        case let error as UploadError: return APIError(error)
        case let error as BatchError: return APIError(error)
        case let error as JSONPointerError: return APIError(error)
        case let error as ObjectNameError: return APIError(.badRequest, code: "invalid_name", error.message)
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

    /// Maps a refusal of the data service.
    public init(_ error: DataServiceError) {
        switch error.code {
        case .idempotencyKeyReused: self.init(.unprocessableContent, code: error.code.description, error.message)
        case .digestMismatch, .invalidDigest: self.init(.badRequest, code: error.code.description, error.message)
        // The store answered, but with bytes DataHub did not store: a bad answer from upstream.
        case .integrityError: self.init(.badGateway, code: error.code.description, error.message)
        default: self.init(.badRequest, code: error.code.description, error.message)
        }
    }

    /// Maps a refused upload body. A spool that cannot be written is DataHub's trouble, not the client's: 503.
    public init(_ error: UploadError) {
        switch error {
        case .empty: self.init(.badRequest, code: "empty_body", "the body is empty; send a JSON value")
        case .tooLarge(let limit):
            self.init(.contentTooLarge, code: "payload_too_large", "the body is larger than the \(limit)-byte limit (--max-upload-mb)")
        case .invalidJSON(let detail): self.init(.badRequest, code: "invalid_json", "\(detail)")
        case .io(let detail): self.init(StorageError(.io, "could not spool the upload; retry later", cause: detail))
        }
    }

    /// Maps a refused or partly stored batch. A partial failure keeps the status of its cause (503 for an
    /// unavailable store) and lists the stored documents, so nothing is stored silently.
    public init(_ error: BatchError) {
        switch error {
        case .invalidLine(let line, let detail):
            self.init(.badRequest, code: "invalid_json", error.message)
            extraFields = [("line", String(line)), ("byte", String(detail.offset))]
        case .noDocuments: self.init(.badRequest, code: "empty_body", error.message)
        case .tooManyLines: self.init(.contentTooLarge, code: "too_many_lines", error.message)
        case .lineTooLarge: self.init(.contentTooLarge, code: "payload_too_large", error.message)
        case .partlyStored(let stored, let cause):
            self = APIError.from(cause)
            if status == .serviceUnavailable { message = error.message + " (\(message))" }
            extraFields.append(("stored", CreatedObject.filesJSON(stored)))
        }
    }

    /// Maps a refused pointer read.
    public init(_ error: JSONPointerError) {
        switch error {
        case .invalidPointer: self.init(.badRequest, code: "invalid_pointer", error.message)
        case .valueTooLarge: self.init(.contentTooLarge, code: "value_too_large", error.message)
        }
    }
}
