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
        // Built in one string, without intermediate arrays or sorting: this runs on every request.
        var line = ""
        line.reserveCapacity(320)
        line.append("{\"time\":")
        JSONText.appendQuoted(JSONText.timestamp(Date()), to: &line)
        line.append(",\"level\":")
        JSONText.appendQuoted(event.level.rawValue, to: &line)
        line.append(",\"label\":")
        JSONText.appendQuoted(label, to: &line)
        line.append(",\"message\":")
        JSONText.appendQuoted(event.message.description, to: &line)
        // Handler metadata, then the event's (which wins on a clash).
        let extra = event.metadata ?? [:]
        for (key, value) in metadata where extra[key] == nil && !Self.reserved.contains(key) {
            Self.appendField(key, value, to: &line)
        }
        for (key, value) in extra where !Self.reserved.contains(key) {
            Self.appendField(key, value, to: &line)
        }
        line.append("}")
        writer.write(line)
    }

    private static func appendField(_ key: String, _ value: Logger.Metadata.Value, to line: inout String) {
        line.append(",")
        JSONText.appendQuoted(key, to: &line)
        line.append(":")
        if case .string(let text) = value {
            JSONText.appendQuoted(text, to: &line)
        } else {
            JSONText.appendQuoted(value.description, to: &line)
        }
    }
}
