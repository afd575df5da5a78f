import Foundation
public import Logging

/// A swift-log handler that renders one JSON object per line (`time`, `level`, `label`, `message`, then the
/// metadata) into a `LogFileWriter`. Values are strings; nothing is interpolated into the message.
public struct JSONLogHandler: LogHandler {
    private let label: String
    private let writer: LogFileWriter
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    /// Creates a handler writing to `writer`.
    public init(label: String, writer: LogFileWriter) {
        self.label = label
        self.writer = writer
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    private static let reserved: Set<String> = ["time", "level", "label", "message"]

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", JSONText.quote(JSONText.timestamp(Date()))), ("level", JSONText.quote(event.level.rawValue)),
            ("label", JSONText.quote(label)), ("message", JSONText.quote(event.message.description)),
        ]
        // Handler metadata, then the event's (which wins on a clash); no sorting: this runs on every request.
        let extra = event.metadata ?? [:]
        for (key, value) in metadata where extra[key] == nil && !Self.reserved.contains(key) {
            fields.append((key, JSONText.quote(value.description)))
        }
        for (key, value) in extra where !Self.reserved.contains(key) {
            fields.append((key, JSONText.quote(value.description)))
        }
        writer.write(JSONText.object(fields))
    }
}
