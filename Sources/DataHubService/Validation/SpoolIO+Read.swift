import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SpoolIO {
    /// Reads `length` bytes at `offset` of the file at `path` (a batch's documents are read back by offset).
    static func read(_ path: String, offset: Int64, length: Int) throws(UploadError) -> ByteBuffer {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io("open \(path) failed (errno \(errno))") }
        defer { try? close(descriptor) }
        var buffer = ByteBuffer()
        var failure: UploadError?
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes in
            var done = 0
            while done < length {
                let got = pread(descriptor, bytes.baseAddress! + done, length - done, off_t(offset) + off_t(done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    failure = .io("read of the spool file failed or ended early (errno \(errno))")
                    return done
                }
                done += got
            }
            return done
        }
        if let failure { throw failure }
        return buffer
    }
}
