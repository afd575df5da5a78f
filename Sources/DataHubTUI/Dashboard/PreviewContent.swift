/// What the preview pane shows for an object's first bytes.
enum PreviewContent: Equatable, Sendable {
    /// Pretty JSON, one array of coloured runs per line.
    case json(lines: [[StyledText]])
    /// The bytes are not JSON (or not UTF-8); `size` is the whole object's size.
    case notJSON(size: Int64)

    /// The summary shown for non-JSON content: "not JSON, 12 bytes".
    static func notJSONText(_ size: Int64) -> String { "not JSON, \(size) byte\(size == 1 ? "" : "s")" }
}
