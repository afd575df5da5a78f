import NIOCore

extension S3Storage {
    /// The `StorageError` for a non-2xx answer: by S3 error code first, by status otherwise.
    func s3Error(_ response: StoreResponse, key: String?) -> StorageError {
        let body = S3ErrorBody(response.body)
        let code = body?.code ?? ""
        let cause = "HTTP \(response.status)" + (body.map { " \($0.code): \($0.message)" } ?? "")
        let what = key.map { "the object '\($0)'" } ?? "the bucket '\(bucket)'"
        if code == "NoSuchBucket" || (response.status == 404 && key == nil) {
            return StorageError(.notFound, "The bucket '\(bucket)' does not exist at \(location); create it or fix --bucket.", cause: cause)
        }
        switch (code, response.status) {
        case ("NoSuchKey", _), (_, 404):
            return StorageError(.notFound, "There is no object named '\(key ?? "")' in bucket '\(bucket)'.", cause: cause)
        case ("PreconditionFailed", _), (_, 412):
            return key.map { Self.alreadyExists($0) } ?? StorageError(.alreadyExists, "A precondition failed on \(what).", cause: cause)
        case ("RequestTimeTooSkewed", _):
            return StorageError(
                .accessDenied,
                "S3 at \(location) refused the request because this machine's clock is off; fix the clock.",
                cause: cause
            )
        case ("AccessDenied", _), ("SignatureDoesNotMatch", _), ("InvalidAccessKeyId", _), (_, 401), (_, 403):
            return StorageError(
                .accessDenied,
                "S3 at \(location) refused access to \(what): check the access key and secret key (MINIO_ACCESS_KEY, MINIO_SECRET_KEY) and the bucket's policy.",
                cause: cause
            )
        case ("InvalidRange", _), (_, 416):
            return StorageError(.invalidRange, "The byte range asked for cannot be served from \(what).", cause: cause)
        case ("SlowDown", _), ("ServiceUnavailable", _), ("InternalError", _), (_, 500...):
            return StorageError(.unavailable, "S3 at \(location) is failing or overloaded (HTTP \(response.status)); retry later.", cause: cause)
        case (_, 400..<500):
            return StorageError(.badRequest, "S3 at \(location) refused the request for \(what) as invalid (HTTP \(response.status)).", cause: cause)
        default:
            return StorageError(.unavailable, "S3 at \(location) gave an unexpected answer (HTTP \(response.status)); retry later.", cause: cause)
        }
    }

    /// The error for a create-only write that found the key taken.
    static func alreadyExists(_ key: String) -> StorageError {
        StorageError(.alreadyExists, "An object named '\(key)' already exists; choose another name.", cause: "HTTP 412 PreconditionFailed")
    }

    /// The `StorageError` for a failure below HTTP; `.unavailable` except for a local file that cannot be read.
    static func transportError(_ error: StoreTransportError, endpoint: String) -> StorageError {
        let cause = error.description
        let message: String
        switch error.kind {
        case .connect:
            message = "Cannot connect to S3 at \(endpoint): check that the store is running and the endpoint is right; retry later."
        case .resolve:
            message = "Cannot resolve the S3 host of \(endpoint): check the endpoint and DNS."
        case .timeout:
            message = "S3 at \(endpoint) did not answer in time; retry later."
        case .idle:
            message = "S3 at \(endpoint) stopped sending or receiving data, so the transfer was aborted; retry later."
        case .tls:
            message = "The TLS connection to S3 at \(endpoint) failed: check the certificate and --s3-ca-file."
        case .connectionLost:
            message = "The connection to S3 at \(endpoint) broke during the request; retry later."
        case .tooLarge:
            message = "S3 at \(endpoint) sent a larger answer than expected; check that the endpoint is an S3 store."
        case .localFile:
            return StorageError(.io, "Cannot read the upload's temporary file; check the disk and retry.", cause: cause)
        case .cancelled, .other:
            message = "The request to S3 at \(endpoint) failed; retry later."
        }
        return StorageError(.unavailable, message, cause: cause)
    }
}
