import Foundation
import S3Signer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What FileStorage remembers about an object beside its bytes: the ETag, the content type and the upload's SHA-256.
///
/// It lives in a sidecar file in a separate tree (`<directory>/.<bucket>.meta/<key>`), so it can never collide
/// with a key nor show in a listing. The sidecar is written after the object, without fsync, and is trusted only
/// while the object's inode, size and mtime still match the ones recorded; otherwise (a crash between the two
/// writes, a racing overwrite, a file changed by hand) the ETag is computed again from the bytes and the content
/// type is guessed from the name, and the sidecar is rewritten.
struct FileStorageMetadata: Codable, Sendable, Equatable {
    /// MD5 of the bytes, lower-case hex.
    var etag: String
    /// The content type given at upload.
    var contentType: String
    /// The SHA-256 of the bytes as uploaded (lower-case hex), when the upload gave one; absent in older sidecars.
    var sha256: String?
    /// The object's size when the sidecar was written.
    var size: Int64
    /// The object's inode number when the sidecar was written.
    var inode: UInt64
    /// The object's mtime in nanoseconds when the sidecar was written.
    var mtime: Int64

    /// Records the metadata of an object whose file has `info`.
    init(etag: String, contentType: String, sha256: String? = nil, info: stat) {
        self.etag = etag
        self.contentType = contentType
        self.sha256 = sha256
        self.size = Int64(info.st_size)
        self.inode = UInt64(info.st_ino)
        self.mtime = FileStorageSystem.mtimeNanoseconds(info)
    }

    /// Whether this sidecar still describes the file that has `info`.
    func describes(_ info: stat) -> Bool {
        size == Int64(info.st_size) && inode == UInt64(info.st_ino) && mtime == FileStorageSystem.mtimeNanoseconds(info)
    }

    /// The content type assumed when the upload's is lost: JSON for `.json` names, else bytes.
    static func guessContentType(for key: String) -> String {
        key.lowercased().hasSuffix(".json") ? "application/json" : "application/octet-stream"
    }
}
