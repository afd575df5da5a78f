import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The blocking file calls behind the upload spool. Run them on a thread pool, never on an event loop
/// or the cooperative pool.
enum SpoolIO {
    /// Creates a new, private (0600) temporary file in `directory`, named `<prefix>XXXXXX`.
    /// - Returns: its descriptor and path.
    static func create(in directory: String, prefix: String = "datahub-upload-") throws(UploadError) -> (descriptor: Int32, path: String) {
        let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        var template = Array("\(trimmed)/\(prefix)XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .io("mkstemp in \(trimmed) failed: \(errorText())") }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (descriptor, path)
    }

    /// Writes every readable byte of `buffer`, retrying short writes and interrupted calls.
    static func writeAll(_ descriptor: Int32, _ buffer: ByteBuffer) throws(UploadError) {
        var failure: UploadError?
        buffer.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .io("write failed: \(errorText())")
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Closes a descriptor.
    static func close(_ descriptor: Int32) throws(UploadError) {
        #if canImport(Darwin)
        let result = Darwin.close(descriptor)
        #elseif canImport(Musl)
        let result = Musl.close(descriptor)
        #else
        let result = Glibc.close(descriptor)
        #endif
        // After EINTR the descriptor is already released on Linux; retrying could close someone else's.
        if result != 0 && errno != EINTR { throw .io("close failed: \(errorText())") }
    }

    /// Removes a file, ignoring a file that is already gone.
    static func unlink(_ path: String) {
        #if canImport(Darwin)
        _ = Darwin.unlink(path)
        #elseif canImport(Musl)
        _ = Musl.unlink(path)
        #else
        _ = Glibc.unlink(path)
        #endif
    }

    private static func errorText() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }
}
