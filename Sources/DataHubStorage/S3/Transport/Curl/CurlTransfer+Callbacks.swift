import CCurl
import Foundation
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CurlTransfer {
    /// Sets every option of this request on a freshly reset handle.
    /// - Returns: the header list, which the caller frees after `perform`.
    func configure(_ handle: CurlEasy) throws(CurlSetupError) -> UnsafeMutablePointer<curl_slist>? {
        handle.reset()
        try handle.set(CURLOPT_URL, request.url)
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        // The signature covers the path exactly as sent: curl must not squash `.`/`..` segments.
        try handle.set(CURLOPT_PATH_AS_IS, 1)
        try handle.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        try handle.set(CURLOPT_TCP_KEEPALIVE, 1)
        try handle.set(CURLOPT_BUFFERSIZE, 128 * 1024)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds)
        if let total = request.totalTimeout { try handle.set(CURLOPT_TIMEOUT_MS, total.curlMilliseconds) }
        if let caFile = request.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
        try installCallbacks(on: handle)
        try configureMethod(handle)
        var list: UnsafeMutablePointer<curl_slist>?
        // An empty `Expect:` stops curl from waiting for `100 Continue` before sending a body; an empty
        // `Accept:` drops curl's default `*/*`, which S3 ignores.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:", "Accept:"] {
            list = curl_slist_append(list, line)
        }
        do {
            try handle.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(list))
        } catch {
            curl_slist_free_all(list)
            throw error
        }
        return list
    }

    private func configureMethod(_ handle: CurlEasy) throws(CurlSetupError) {
        switch request.method {
        case "HEAD":
            try handle.set(CURLOPT_NOBODY, 1)
        case "PUT":
            try handle.set(CURLOPT_UPLOAD, 1)
            try handle.set(CURLOPT_UPLOAD_BUFFERSIZE, 128 * 1024)
            try handle.set(CURLOPT_INFILESIZE_LARGE, size: request.body?.length ?? 0)
        case "GET":
            try handle.set(CURLOPT_HTTPGET, 1)
        default:
            try handle.set(CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    private func installCallbacks(on handle: CurlEasy) throws(CurlSetupError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try handle.set(CURLOPT_HEADERDATA, pointer: context)
        try handle.set(CURLOPT_WRITEDATA, pointer: context)
        try handle.set(CURLOPT_READDATA, pointer: context)
        _ = CCurl_setopt_header_function(handle.handle) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            transfer.receiveHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
            return size * count
        }
        _ = CCurl_setopt_write_function(handle.handle) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
        }
        _ = CCurl_setopt_read_function(handle.handle) { buffer, size, count, context in
            guard let buffer, let context else { return Int(CURL_READFUNC_ABORT) }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.sendBody(UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
        }
    }

    /// One header line (status lines included). A blank line ends a block; `1xx` blocks are skipped.
    /// Parsed on bytes: this runs for every header of every request, and Foundation's trimming is slow on Linux.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        lastMoveAt = .now
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        if line.starts(with: "HTTP/".utf8) {
            var index = (line.firstIndex(of: UInt8(ascii: " ")) ?? end) + 1
            var code = 0
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[index]) {
                code = code * 10 + Int(line[index] - UInt8(ascii: "0"))
                index += 1
            }
            status = code
            headers = ResponseHeaders()
        } else if end == 0 {
            if status >= 200 { headersComplete() }
        } else if line.contains(UInt8(ascii: ":")) {
            headers.append(line: line)
        }
    }

    /// Body bytes from libcurl: into the stream for a streamed 2xx answer, else collected.
    /// - Returns: the count consumed, `CURL_WRITEFUNC_PAUSE` while the stream's queue is full; anything else
    ///   makes libcurl abort.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        lastMoveAt = .now
        if let channel {
            switch channel.offer(bytes) {
            case .accepted: return bytes.count
            case .pause:
                paused = true
                return Int(CURL_WRITEFUNC_PAUSE)
            case .gone: return 0
            }
        }
        if collected.readableBytes + bytes.count > collectLimit {
            if collectingWholeBody {
                // More than the announced small length: stream it after all.
                collectedBodyOverflowed()
                return receiveBody(bytes)
            }
            if case .stream = request.mode { return bytes.count }  // an error body's tail is not needed
            collectOverflow = true
            return 0
        }
        collected.writeBytes(bytes)
        return bytes.count
    }

    /// Fills libcurl's upload buffer.
    /// - Returns: the count written, 0 at the end, or `CURL_READFUNC_ABORT`.
    func sendBody(_ target: UnsafeMutableRawBufferPointer) -> Int {
        lastMoveAt = .now
        switch upload {
        case .buffer(var buffer):
            let count = min(target.count, buffer.readableBytes)
            buffer.withUnsafeReadableBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(count)))
            }
            buffer.moveReaderIndex(forwardBy: count)
            upload = .buffer(buffer)
            return count
        case .file(let descriptor):
            for _ in 0..<64 {
                let count = read(descriptor, target.baseAddress, target.count)
                if count >= 0 { return count }
                if errno != EINTR { break }
            }
            uploadReadFailed = true
            return Int(CURL_READFUNC_ABORT)
        case nil:
            return 0
        }
    }
}
