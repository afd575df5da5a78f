/// Pretty-prints JSON with token colours. It accepts a prefix cut anywhere (the preview reads only the
/// first 256 KB): when `truncated`, input that ends mid-way is fine and shown as far as it goes; any
/// syntax error before the end, invalid UTF-8, or incomplete input that was not cut makes it "not JSON".
struct JSONPrettyPrinter: Sendable {
    /// Spaces per nesting level.
    var indent = 2
    /// At most this many lines are produced.
    var maxLines = 50_000

    /// Formats `bytes`; `truncated` says more bytes exist after them; `totalSize` is the object's size.
    func format(_ bytes: [UInt8], truncated: Bool, totalSize: Int64) -> PreviewContent {
        var input = bytes[...]
        if truncated { input = Self.dropIncompleteUTF8Tail(input) }
        guard String(validating: input, as: UTF8.self) != nil else { return .notJSON(size: totalSize) }
        var scanner = JSONScanner(bytes: Array(input), allowCut: truncated)
        var writer = Writer(indent: indent, maxLines: maxLines)
        var grammar = JSONGrammar()
        do {
            while let token = try scanner.next() {
                let role = try grammar.accept(token)
                writer.emit(token, role: role)
                if writer.full { break }
            }
            if !truncated && !grammar.isComplete { return .notJSON(size: totalSize) }
            if grammar.isEmpty { return .notJSON(size: totalSize) }
        } catch {
            return .notJSON(size: totalSize)
        }
        return .json(lines: writer.finish())
    }

    /// Drops the bytes of a UTF-8 sequence cut by the end of the prefix.
    static func dropIncompleteUTF8Tail(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.endIndex
        var back = 0
        while start > bytes.startIndex, back < 4 {
            start -= 1
            back += 1
            let byte = bytes[start]
            if byte & 0xC0 != 0x80 {
                let needed = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return needed > back ? bytes[bytes.startIndex..<start] : bytes
            }
        }
        return bytes
    }

    /// Builds lines of runs with indentation.
    private struct Writer {
        let indent: Int
        let maxLines: Int
        var lines: [[StyledText]] = []
        var current: [StyledText] = []
        var depth = 0
        var needNewline = false
        var lastWasOpen = false

        var full: Bool { lines.count >= maxLines }

        mutating func emit(_ token: JSONToken, role: ColorRole) {
            let style = CellStyle(role)
            switch token.kind {
            case .open:
                newlineIfNeeded(closing: false)
                current.append(StyledText(token.text, style))
                depth += 1
                needNewline = true
                lastWasOpen = true
                return
            case .close:
                depth = max(0, depth - 1)
                if lastWasOpen { needNewline = false }
                newlineIfNeeded(closing: true)
                current.append(StyledText(token.text, style))
            case .colon:
                current.append(StyledText(": ", style))
            case .comma:
                current.append(StyledText(",", style))
                needNewline = true
            case .string, .number, .literal:
                newlineIfNeeded(closing: false)
                current.append(StyledText(token.text, style))
            }
            lastWasOpen = false
        }

        private mutating func newlineIfNeeded(closing: Bool) {
            guard needNewline || (closing && !lastWasOpen && !current.isEmpty) else { return }
            lines.append(current)
            current = [StyledText(String(repeating: " ", count: depth * indent))]
            needNewline = false
        }

        mutating func finish() -> [[StyledText]] {
            if !current.isEmpty && !full { lines.append(current) }
            return lines
        }
    }
}
