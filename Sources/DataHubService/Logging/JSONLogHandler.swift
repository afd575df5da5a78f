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

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", JSONText.quote(JSONText.timestamp(Date()))), ("level", JSONText.quote(event.level.rawValue)),
            ("label", JSONText.quote(label)), ("message", JSONText.quote(event.message.description)),
        ]
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for key in merged.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            fields.append((key, JSONText.quote(merged[key]!.description)))
        }
        writer.write(JSONText.object(fields))
    }
}
