import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The export's body written into a temporary file beside the destination, on the thread pool (file calls block);
/// `finish` syncs it and renames it over the destination, so a reader never sees half a file.
final class FileExportWriter: ResponseBodyWriter, Sendable {
    let destination: String
    let temporaryPath: String
    private let descriptor: Int32
    private let threadPool: NIOThreadPool
    private let written = NIOLockedValueBox<Int64>(0)
    /// Whether the descriptor is still open; closed exactly once, since a closed number may be reused at once.
    private let open = NIOLockedValueBox(true)

    /// Bytes written so far.
    var bytes: Int64 { written.withLockedValue { $0 } }

    /// Creates the temporary file in the destination's folder.
    /// - Throws: `FileExportError` naming the folder when it is missing or not writable.
    init(destination: String, threadPool: NIOThreadPool = .singleton) async throws {
        self.destination = destination
        self.threadPool = threadPool
        let folder = Self.folder(of: destination)
        let name = destination.split(separator: "/").last.map(String.init) ?? "export"
        do {
            (descriptor, temporaryPath) = try await threadPool.runIfActive { try SpoolIO.create(in: folder, prefix: ".\(name).partial-") }
        } catch {
            // "mkstemp in <folder> failed: No such file or directory (errno 2)": the folder is named once.
            let reason = Self.reason(error)
            throw FileExportError("cannot write in \(folder): " + (reason.range(of: "failed: ").map { String(reason[$0.upperBound...]) } ?? reason))
        }
    }

    func write(_ buffer: ByteBuffer) async throws {
        try Task.checkCancellation()
        let descriptor = self.descriptor
        do {
            try await threadPool.runIfActive { try SpoolIO.writeAll(descriptor, buffer) }
        } catch {
            throw FileExportError("writing \(destination) failed: \(Self.reason(error))")
        }
        written.withLockedValue { $0 += Int64(buffer.readableBytes) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {
        try Task.checkCancellation()
        guard takeDescriptor() else { throw FileExportError("writing \(destination) failed: the file was already closed") }
        let (descriptor, temporaryPath, destination) = (self.descriptor, self.temporaryPath, self.destination)
        let failure: String? = try await threadPool.runIfActive {
            guard fsync(descriptor) == 0 else {
                let text = "fsync failed: \(Self.errnoText())"
                try? SpoolIO.close(descriptor)
                return text
            }
            do { try SpoolIO.close(descriptor) } catch { return Self.reason(error) }
            guard rename(temporaryPath, destination) == 0 else { return "rename failed: \(Self.errnoText())" }
            return nil
        }
        if let failure {
            SpoolIO.unlink(temporaryPath)
            throw FileExportError("writing \(destination) failed: \(failure)")
        }
    }

    /// Closes and removes the temporary file (the export failed or was cancelled); the destination is untouched.
    func discard() async {
        if takeDescriptor() {
            let descriptor = self.descriptor
            _ = try? await threadPool.runIfActive { try? SpoolIO.close(descriptor) }
        }
        SpoolIO.unlink(temporaryPath)
    }

    /// Claims the right to close the descriptor: true once, false after.
    private func takeDescriptor() -> Bool {
        open.withLockedValue { isOpen in
            defer { isOpen = false }
            return isOpen
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func reason(_ error: any Error) -> String {
        if let upload = error as? UploadError, case .io(let text) = upload { return text }
        return String(describing: error)
    }

    private static func errnoText() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }
}
