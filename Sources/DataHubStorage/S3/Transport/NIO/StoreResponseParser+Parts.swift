import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parts of an answer, each read from bytes that hold it whole (`takeLines` gathers them): they return what
/// they read and how many bytes it took, `nil` when the part is not complete yet, or throw when it is malformed.
extension StoreResponseParser {
    /// The end of the line that starts at `start` (the index of its `\n`), if it is in `bytes`.
    private static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The line from `start` to `end` (its `\n`), without the `\r` before it.
    private static func line(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        var stop = end
        if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
    }

    // MARK: - Parts

    /// A head as read: the final head but for its headers, which are the bytes at `fields` (from the head's start).
    struct ParsedHead {
        var head: Head
        var status: Int { head.status }
        var fields: Range<Int>
    }

    /// A whole head: `HTTP/x.y NNN reason`, then header lines up to an empty line. Each line is checked here,
    /// and the fields that frame the body are read.
    static func parseHead(_ bytes: UnsafeRawBufferPointer) throws -> (ParsedHead, Int)? {
        guard let statusEnd = lineEnd(in: bytes, from: 0) else {
            try checkStatusLinePrefix(bytes)
            return nil
        }
        let (version, status) = try parseStatusLine(line(bytes, 0, statusEnd))
        var head = Head(version: version, status: status, headers: ResponseHeaders(), keepAlive: version.major == 1 && version.minor >= 1)
        let fieldsStart = statusEnd + 1
        var start = fieldsStart
        while true {
            guard let end = lineEnd(in: bytes, from: start) else { return nil }
            let field = line(bytes, start, end)
            start = end + 1
            if field.isEmpty { break }
            try readField(field, into: &head)
        }
        return (ParsedHead(head: head, fields: fieldsStart..<start), start)
    }

    /// Fails early on bytes that cannot start an HTTP answer, without waiting for a line break that may not come.
    private static func checkStatusLinePrefix(_ bytes: UnsafeRawBufferPointer) throws {
        let prefix = Array("HTTP/".utf8)
        let count = min(bytes.count, prefix.count)
        guard bytes.prefix(count).elementsEqual(prefix.prefix(count)) else { throw notHTTP(bytes) }
    }

    private static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws -> (HTTPVersion, Int) {
        // "HTTP/1.1 200" followed by nothing or a space and a reason (which nothing here needs).
        guard line.count >= 12, line.prefix(5).elementsEqual("HTTP/".utf8),
            let major = digit(line[5]), line[6] == UInt8(ascii: "."), let minor = digit(line[7]),
            line[8] == UInt8(ascii: " "),
            let hundreds = digit(line[9]), let tens = digit(line[10]), let ones = digit(line[11]),
            hundreds >= 1, line.count == 12 || line[12] == UInt8(ascii: " ")
        else { throw notHTTP(line) }
        return (HTTPVersion(major: major, minor: minor), hundreds * 100 + tens * 10 + ones)
    }

    /// Checks a `name: value` line (the name a token, no control characters in the value) and returns its two
    /// parts, the value without the blanks around it.
    private static func splitField(_ field: UnsafeRawBufferPointer) throws -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            field[..<colon].allSatisfy(isTokenByte)
        else {
            throw StoreResponseError("a malformed header line: \(printable(field))")
        }
        let value = ResponseHeaders.trimmed(UnsafeRawBufferPointer(rebasing: field[(colon + 1)...]))
        // Controls other than tab (a stray CR, NUL) have no place in a value.
        guard !value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else {
            throw StoreResponseError("a control character in a header value")
        }
        return (UnsafeRawBufferPointer(rebasing: field[..<colon]), value)
    }

    /// Checks one header line and notes what it says about framing and keep-alive.
    private static func readField(_ field: UnsafeRawBufferPointer, into head: inout Head) throws {
        let (name, value) = try splitField(field)
        // Most fields are none of the three: their length says so at once.
        guard name.count == 14 || name.count == 17 || name.count == 10 else { return }
        if equal(name, "content-length") {
            guard let length = parseLength(value), head.contentLength == nil || head.contentLength == length else {
                throw StoreResponseError("a bad Content-Length: \(printable(value))")
            }
            head.contentLength = length
        } else if equal(name, "transfer-encoding") {
            let codings = value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            let last = codings.last.map { ResponseHeaders.trimmed(UnsafeRawBufferPointer(rebasing: $0)) } ?? value
            head.lastCoding = String(decoding: last.map(ResponseHeaders.lowercased), as: UTF8.self)
        } else if equal(name, "connection") {
            for token in value.split(separator: UInt8(ascii: ",")) {
                let token = ResponseHeaders.trimmed(UnsafeRawBufferPointer(rebasing: token))
                if equal(token, "close") { head.keepAlive = false }
                if equal(token, "keep-alive") && head.version.minor == 0 { head.keepAlive = true }
            }
        }
    }

    /// Whether `bytes` spell `name` (lowercase ASCII) without regard to case.
    private static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        ResponseHeaders.equalIgnoringCase(bytes, UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private static func parseLength(_ value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty, value.count <= 18 else { return nil }
        var length = 0
        for byte in value {
            guard let digit = digit(byte) else { return nil }
            length = length * 10 + digit
        }
        return length
    }

    /// A chunk-size line: hex digits, optionally followed by `;` extensions (ignored).
    static func parseChunkSize(_ bytes: UnsafeRawBufferPointer) throws -> (Int, Int)? {
        guard let end = lineEnd(in: bytes, from: 0) else { return nil }
        let text = line(bytes, 0, end)
        var size = 0
        var digits = 0
        for byte in text {
            guard let value = hexDigit(byte) else {
                guard digits > 0, byte == UInt8(ascii: ";") || isBlank(byte) else { break }
                return (size, end + 1)
            }
            guard digits < 15 else { throw StoreResponseError("a chunk size that does not fit") }
            size = size * 16 + value
            digits += 1
        }
        guard digits > 0, digits == text.count else { throw StoreResponseError("a malformed chunk size: \(printable(text))") }
        return (size, end + 1)
    }

    /// The line break after a chunk's data.
    static func parseEmptyLine(_ bytes: UnsafeRawBufferPointer) throws -> (Void, Int)? {
        if bytes.first == UInt8(ascii: "\n") { return ((), 1) }
        guard bytes.count >= 2 else {
            if bytes.first == UInt8(ascii: "\r") || bytes.isEmpty { return nil }
            throw StoreResponseError("chunk data longer than its size")
        }
        guard bytes[0] == UInt8(ascii: "\r"), bytes[1] == UInt8(ascii: "\n") else { throw StoreResponseError("chunk data longer than its size") }
        return ((), 2)
    }

    /// One trailer line (ignored; the empty one ends the answer): returns its length.
    static func parseTrailerLine(_ bytes: UnsafeRawBufferPointer) throws -> (Int, Int)? {
        guard let end = lineEnd(in: bytes, from: 0) else { return nil }
        let text = line(bytes, 0, end)
        if !text.isEmpty { _ = try splitField(text) }
        return (text.count, end + 1)
    }

    // MARK: - Byte classes

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// RFC 9110 `tchar` (every header name byte goes through this).
    private static func isTokenByte(_ byte: UInt8) -> Bool { tokenBytes[Int(byte)] }

    private static let tokenBytes: [Bool] = (0...255).map { (byte: Int) -> Bool in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    private static func notHTTP(_ bytes: UnsafeRawBufferPointer) -> StoreResponseError {
        StoreResponseError("it does not start with an HTTP status line: \(printable(bytes))")
    }

    /// At most 40 bytes, controls and non-ASCII as `?`, for error messages.
    private static func printable(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
