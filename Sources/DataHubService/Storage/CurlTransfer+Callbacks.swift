import CCurl
import Foundation
import NIOCore

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
        // An empty `Expect:` stops curl from waiting for `100 Continue` before sending a body.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
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
        try handle.set(CURLOPT_XFERINFODATA, pointer: context)
        try handle.set(CURLOPT_NOPROGRESS, 0)
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
        _ = CCurl_setopt_xferinfo_function(handle.handle) { context, _, downloaded, _, uploaded in
            guard let context else { return 1 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.progress(moved: Int64(downloaded) + Int64(uploaded)) ? 0 : 1
        }
    }

    /// One header line (status lines included). A blank line ends a block; `1xx` blocks are skipped.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        lastMoveAt = .now
        let line = String(decoding: bytes, as: UTF8.self).trimmingTrailingNewline()
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = []
        } else if line.isEmpty {
            if status >= 200 { headersComplete() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name: name, value: value))
        }
    }

    /// Body bytes from libcurl: into the stream for a streamed 2xx answer, else collected.
    /// - Returns: the count consumed; anything else makes libcurl abort.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if let channel {
            guard channel.push(ByteBuffer(bytes: bytes)) else { return 0 }
            // Time spent waiting for the consumer is not network idleness.
            lastMoveAt = .now
            return bytes.count
        }
        if collected.readableBytes + bytes.count > collectLimit {
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

    /// The progress tick: aborts when asked to, when the consumer left, or when nothing moved for the idle limit.
    /// - Returns: `false` to abort the transfer.
    func progress(moved: Int64) -> Bool {
        if isAbortRequested || channel?.isConsumerGone == true { return false }
        let now = ContinuousClock.now
        if moved != lastMovedBytes {
            lastMovedBytes = moved
            lastMoveAt = now
            return true
        }
        if lastMoveAt.duration(to: now) >= request.idleTimeout {
            idleTimedOut = true
            return false
        }
        return true
    }
}

extension String {
    /// The string without its trailing CR/LF characters.
    fileprivate func trimmingTrailingNewline() -> String {
        var result = Substring(self)
        while let last = result.last, last == "\r" || last == "\n" || last == "\r\n" { result = result.dropLast() }
        return String(result)
    }
}
