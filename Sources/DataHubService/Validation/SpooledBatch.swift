public import DataHubStorage
public import NIOCore
public import NIOPosix

/// A complete, validated NDJSON batch: the spooled body (in memory or a temporary file) and where each
/// document lies in it. Documents are read back a group at a time, so the body is never held whole as
/// documents. Call ``remove()`` when done.
public struct SpooledBatch: Sendable {
    /// The whole body, with its MD5 and SHA-256 (an idempotent retry compares them).
    public let upload: SpooledUpload
    /// The documents in line order.
    public let lines: [BatchLine]
    /// Where the file reads run.
    let threadPool: NIOThreadPool

    /// One read from the spool file covers at most this many bytes (and always at least one document).
    static let groupBytes = 1 << 20

    /// Wraps a spooled body and its index.
    init(upload: SpooledUpload, lines: [BatchLine], threadPool: NIOThreadPool) {
        self.upload = upload
        self.lines = lines
        self.threadPool = threadPool
    }

    /// The groups of consecutive documents read together: each spans at most ``groupBytes`` unless it is one document.
    public func groups() -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        while start < lines.count {
            var end = start + 1
            while end < lines.count, lines[end].offset + Int64(lines[end].length) - lines[start].offset <= Int64(Self.groupBytes) { end += 1 }
            groups.append(start..<end)
            start = end
        }
        return groups
    }

    /// The bytes of the documents `range`, in order; from a file, in one read on the thread pool.
    public func read(_ range: Range<Int>) async throws -> [ByteBuffer] {
        guard let first = range.first, let last = range.last else { return [] }
        let base = lines[first].offset
        let span = lines[last].offset + Int64(lines[last].length) - base
        let whole: ByteBuffer
        switch upload.body {
        case .buffer(let buffer):
            whole = buffer.getSlice(at: buffer.readerIndex + Int(base), length: Int(span)) ?? ByteBuffer()
        case .file(let path, _):
            do {
                whole = try await threadPool.runIfActive { try SpoolIO.read(path, offset: base, length: Int(span)) }
            } catch let error as UploadError {
                throw error
            } catch {
                throw UploadError.io("the file thread pool is not running (\(error))")
            }
        }
        guard whole.readableBytes == Int(span) else { throw UploadError.io("the spool holds fewer bytes than were indexed") }
        return range.map { index in
            whole.getSlice(at: whole.readerIndex + Int(lines[index].offset - base), length: lines[index].length)!
        }
    }

    /// Removes the temporary file, if any. Never throws.
    public func remove() async {
        await upload.remove()
    }
}
