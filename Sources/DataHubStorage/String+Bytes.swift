// Byte-wise string rules shared by key validation (the service) and the stores: keys are compared and split on
// their UTF-8 bytes, never on graphemes.

extension StringProtocol {
    /// The parts between `/` bytes. Splitting by `Character` would miss a `/` that a following combining mark or
    /// emoji modifier joins into one grapheme (`"/🏻"`), so keys are always split on their UTF-8 bytes.
    package func splitAtSlashes(omittingEmpty: Bool = false) -> [Substring] {
        utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: omittingEmpty).map { Substring(String(decoding: $0, as: UTF8.self)) }
    }

    /// Whether a `/`-separated segment is exactly `.` or `..`, compared as bytes without splitting.
    package var hasDotSegment: Bool {
        var length = 0
        var dotsOnly = true
        for byte in utf8 {
            if byte == UInt8(ascii: "/") {
                if dotsOnly && (1...2).contains(length) { return true }
                length = 0
                dotsOnly = true
            } else {
                length += 1
                dotsOnly = dotsOnly && byte == UInt8(ascii: ".")
            }
        }
        return dotsOnly && (1...2).contains(length)
    }

    /// Whether every byte is visible ASCII (`!` to `~`: no spaces, no control characters), as a value that goes
    /// into an HTTP header as it is must be.
    package var isVisibleASCII: Bool {
        utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// Whether the UTF-8 bytes start with `prefix`'s bytes (`hasPrefix` compares graphemes, see `splitAtSlashes`).
    package func hasBytePrefix(_ prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// Whether the UTF-8 bytes end with `suffix`'s bytes.
    package func hasByteSuffix(_ suffix: String) -> Bool {
        utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// The text after the first `count` UTF-8 bytes (which must end on a scalar boundary, e.g. an ASCII prefix).
    package func droppingBytes(_ count: Int) -> String {
        String(decoding: utf8.dropFirst(count), as: UTF8.self)
    }

    /// The text without leading and trailing whitespace and newlines.
    package func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
