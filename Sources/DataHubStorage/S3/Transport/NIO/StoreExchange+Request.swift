import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Putting the request on the wire: the head in one buffer, then the body, from memory or from a spooled file.
extension StoreExchange {
    /// Upload files are read in chunks of this size.
    static let uploadChunk = 128 * 1024

    /// Writes the request head and body; a spooled file is read on NIO's thread pool, chunk by chunk, each
    /// chunk after the previous one was written (so a slow store slows the reading, not the memory).
    func writeRequest(on context: ChannelHandlerContext) {
        let head = requestHead(allocator: context.channel.allocator)
        switch request.body {
        case .buffer(let buffer) where buffer.readableBytes > 0:
            context.write(NIOAny(head), promise: nil)
            writeLast(buffer, on: context)
        case .file(let path, let length) where length > 0:
            context.writeAndFlush(NIOAny(head), promise: nil)
            sendFile(path: path, length: length, context: context)
        default:
            writeLast(head, on: context)
        }
    }

    /// The request line and headers, as HTTP/1.1 puts them on the wire. Every value is ours (signed, constant, or
    /// numbers), and the host and access key were checked once at start (`S3Endpoint`, `S3Storage.init`).
    func requestHead(allocator: ByteBufferAllocator) -> ByteBuffer {
        var head = allocator.buffer(capacity: 512)
        head.writeString(request.method)
        head.writeStaticString(" ")
        head.writeString(request.target)
        head.writeStaticString(" HTTP/1.1\r\n")
        for (name, value) in request.headers {
            head.writeString(name)
            head.writeStaticString(": ")
            head.writeString(value)
            head.writeStaticString("\r\n")
        }
        if request.method == "PUT" {
            head.writeStaticString("Content-Length: ")
            head.writeString(String(request.body?.length ?? 0))
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("\r\n")
        return head
    }

    /// Writes the request's last bytes; once they are out, the request counts as sent.
    private func writeLast(_ bytes: ByteBuffer, on context: ChannelHandlerContext) {
        let attempt = self.attempt
        context.writeAndFlush(NIOAny(bytes)).assumeIsolated().whenSuccess { [self] in
            guard self.attempt == attempt else { return }
            requestSent()
        }
    }

    private func requestSent() {
        requestWritten = true
        lastMove = .now()
    }

    /// Streams a spooled upload file. The pump owns the descriptor and closes it on every way out, on the thread
    /// pool after its last read, so no read can ever touch a closed (or reused) descriptor.
    private func sendFile(path: String, length: Int64, context: ChannelHandlerContext) {
        let attempt = self.attempt
        let context = NIOLoopBound(context, eventLoop: pool.loop)
        NIOThreadPool.singleton.runIfActive(eventLoop: pool.loop) { () throws -> Int32 in
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw StoreErrors.fileError("cannot open the upload's spool file") }
            return descriptor
        }.whenComplete { [self] result in
            switch result {
            case .success(let descriptor):
                sendChunk(from: descriptor, offset: 0, length: length, context: context, attempt: attempt)
            case .failure(let error):
                guard self.attempt == attempt else { return }
                fail(error as? StoreTransportError ?? StoreErrors.fileError("cannot open the upload's spool file"))
            }
        }
    }

    private func sendChunk(from descriptor: Int32, offset: Int64, length: Int64, context: NIOLoopBound<ChannelHandlerContext>, attempt: Int) {
        guard self.attempt == attempt, !isFinished else {
            Self.closeFile(descriptor)
            return
        }
        guard offset < length else {
            // Every chunk was written: the request is out.
            Self.closeFile(descriptor)
            requestSent()
            return
        }
        let count = Int(min(Int64(Self.uploadChunk), length - offset))
        NIOThreadPool.singleton.runIfActive(eventLoop: pool.loop) { () throws -> ByteBuffer in
            var chunk = ByteBufferAllocator().buffer(capacity: count)
            let read = chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                pread(descriptor, pointer.baseAddress, count, off_t(offset))
            }
            guard read > 0 else {
                throw StoreErrors.fileError(
                    read == 0 ? "the upload's spool file ended before its announced length" : "cannot read the upload's spool file"
                )
            }
            return chunk
        }.whenComplete { [self] result in
            switch result {
            case .success(let chunk) where self.attempt == attempt && !isFinished:
                let sent = Int64(chunk.readableBytes)
                context.value.writeAndFlush(NIOAny(chunk)).whenComplete { [self] written in
                    var next = attempt
                    if case .success = written {
                        lastMove = .now()
                    } else {
                        // A failed write ends the attempt (the connection closes); the next call closes the file.
                        next = -1
                    }
                    sendChunk(from: descriptor, offset: offset + sent, length: length, context: context, attempt: next)
                }
            case .success:
                Self.closeFile(descriptor)
            case .failure(let error):
                Self.closeFile(descriptor)
                guard self.attempt == attempt else { return }
                fail(error as? StoreTransportError ?? StoreErrors.fileError("cannot read the upload's spool file"))
            }
        }
    }

    /// Closes an upload file on the thread pool (never on the event loop).
    private static func closeFile(_ descriptor: Int32) {
        NIOThreadPool.singleton.submit { _ in close(descriptor) }
    }
}
