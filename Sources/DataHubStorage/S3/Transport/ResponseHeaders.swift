import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An answer's header fields as `name: value` lines, looked up by name when asked.
///
/// The store sends a dozen headers with each answer and `S3Storage` reads four or five of them; keeping the lines
/// as bytes makes a string only for those (NIO's `HTTPHeaders` made two per field). The lines are checked once,
/// when they are read (`StoreResponseParser`), or come from libcurl, which checked them.
struct ResponseHeaders: Sendable {
    /// `name: value` lines, each ending in `\n` or `\r\n`.
    private var lines: ByteBuffer

    /// No headers.
    init() {
        lines = ByteBuffer()
    }

    /// Checked `name: value` lines, each ending in `\n` or `\r\n`; blanks around values are allowed.
    init(lines: ByteBuffer) {
        self.lines = lines
    }

    /// Adds a `name: value` line as it came (without its line break).
    mutating func append(line: UnsafeRawBufferPointer) {
        lines.writeBytes(line)
        lines.writeStaticString("\r\n")
    }

    /// The value of the first field named `name` (compared without regard to ASCII case), or `nil`.
    func first(name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            lines.withUnsafeReadableBytes { bytes in
                guard let base = bytes.baseAddress, let head = wanted.first else { return nil }
                let wanted = UnsafeRawBufferPointer(wanted)
                let initial = Self.lowercased(head)
                var start = 0
                while start < bytes.count {
                    let end =
                        memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start).map { base.distance(to: UnsafeRawPointer($0)) }
                        ?? bytes.count
                    defer { start = end + 1 }
                    guard end - start > wanted.count, bytes[start + wanted.count] == UInt8(ascii: ":"), Self.lowercased(bytes[start]) == initial,
                        Self.equalIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + wanted.count)]), wanted)
                    else { continue }
                    return String(decoding: Self.trimmed(UnsafeRawBufferPointer(rebasing: bytes[(start + wanted.count + 1)..<end])), as: UTF8.self)
                }
                return nil
            }
        }
    }

    /// Every field as `(name, value)`, in arrival order (for tests and diagnostics: lookups use `first(name:)`).
    var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in lines.readableBytesView.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let value = Array(line[line.index(after: colon)...])
            let trimmed = value.withUnsafeBytes { String(decoding: Self.trimmed($0), as: UTF8.self) }
            fields.append((String(decoding: line[..<colon], as: UTF8.self), trimmed))
        }
        return fields
    }

    /// Whether two byte strings are equal without regard to ASCII case.
    static func equalIgnoringCase(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        guard left.count == right.count else { return false }
        for index in 0..<left.count where lowercased(left[index]) != lowercased(right[index]) {
            return false
        }
        return true
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `bytes` without a final `\r` and without the spaces and tabs around them.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var first = 0
        var last = bytes.count
        if last > 0 && bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        while first < last && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
        while last > first && (bytes[last - 1] == UInt8(ascii: " ") || bytes[last - 1] == UInt8(ascii: "\t")) { last -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[first..<last])
    }
}
