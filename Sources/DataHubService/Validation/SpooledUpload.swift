import DataHubStorage
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A complete, valid upload body: in memory or in a temporary file, with its MD5, SHA-256 and length.
///
/// When the body lives in a file, call ``remove()`` once the body has been stored (or prefer
/// ``UploadSpool/withUpload(_:maxBytes:spoolDirectory:memoryLimit:threadPool:_:)``, which does it for you).
/// As a last resort the file is also removed when the last copy of the upload is dropped.
public struct SpooledUpload: Sendable {
    /// The bytes, ready for `Storage.put`.
    public let body: PutBody
    /// The MD5 digest of the bytes as lower-case hex (S3's ETag of a single-part object).
    public let md5: String
    /// The SHA-256 digest of the bytes as lower-case hex (stored with the object, sent as `Repr-Digest`).
    public let sha256: String
    /// The number of bytes.
    public var length: Int64 { body.length }

    /// The temporary file holding the body, if it spilled.
    let file: SpoolFile?

    /// Creates an upload.
    init(body: PutBody, md5: String, sha256: String, file: SpoolFile?) {
        self.body = body
        self.md5 = md5
        self.sha256 = sha256
        self.file = file
    }

    /// Removes the temporary file, if the body has one. Safe to call more than once; never throws.
    public func remove() async {
        await file?.remove()
    }
}
