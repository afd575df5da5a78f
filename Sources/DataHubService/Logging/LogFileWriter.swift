import Foundation

/// Writes log lines to `datahub.log` (rotated at `maxBytes`, `keep` old files kept) and optionally to
/// stdout, on a thread of its own, so that logging never blocks an event loop or a request.
///
/// Lines wait in a bounded queue; when the disk cannot keep up, new lines are dropped and counted (a
/// line reports how many), rather than stalling the service.
public final class LogFileWriter: @unchecked Sendable {
    // All mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var lines: [String] = []
    private var dropped = 0
    private var closed = false
    private var done = false

    private let directory: String
    private let toStdout: Bool
    private let maxBytes: Int
    private let keep: Int
    private static let queueLimit = 10_000
    /// Microseconds the writer waits after a write so that lines arriving meanwhile go out together.
    private static let batchPause: UInt32 = 5_000

    /// Creates the directory if needed and starts the writer thread.
    /// - Throws: `ConfigurationError` when the directory cannot be created or written.
    public init(directory: String, toStdout: Bool, maxBytes: Int = 10 * 1_048_576, keep: Int = 5) throws {
        self.directory = directory
        self.toStdout = toStdout
        self.maxBytes = maxBytes
        self.keep = keep
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("--log-dir / DATAHUB_LOG_DIR: cannot create '\(directory)'")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ConfigurationError("--log-dir / DATAHUB_LOG_DIR: '\(directory)' is not writable")
        }
        let thread = Thread { [self] in self.drain() }
        thread.name = "datahub-log"
        thread.start()
    }

    /// The active log file.
    public var path: String { directory + "/datahub.log" }

    /// Queues one line (without its newline).
    public func write(_ line: String) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, lines.count < Self.queueLimit else {
            dropped += 1
            return
        }
        lines.append(line)
        condition.signal()
    }

    /// Writes what is queued and stops the thread. Safe to call more than once.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }

    private func drain() {
        var handle = openFile()
        var size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        while true {
            condition.lock()
            while lines.isEmpty, dropped == 0, !closed { condition.wait() }
            let batch = lines
            let lost = dropped
            let finishing = closed
            lines.removeAll(keepingCapacity: true)
            dropped = 0
            condition.unlock()

            var text = batch.isEmpty ? "" : batch.joined(separator: "\n") + "\n"
            if lost > 0 { text += "{\"level\":\"warning\",\"message\":\"log lines dropped\",\"dropped\":\"\(lost)\"}\n" }
            if !text.isEmpty {
                let data = Data(text.utf8)
                if toStdout { FileHandle.standardOutput.write(data) }
                handle?.write(data)
                size += data.count
                if size >= maxBytes {
                    try? handle?.close()
                    rotate()
                    handle = openFile()
                    size = 0
                }
            }
            if finishing { break }
            // Let lines gather for a moment: one write (and one wake-up) per batch instead of per request.
            usleep(Self.batchPause)
        }
        try? handle?.close()
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    private func openFile() -> FileHandle? {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640])
        }
        let handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
        return handle
    }

    /// datahub.log → datahub.log.1 → … → datahub.log.<keep>; the oldest is removed.
    private func rotate() {
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(keep)")
        for index in stride(from: keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(index)") {
            try? fm.moveItem(atPath: "\(path).\(index)", toPath: "\(path).\(index + 1)")
        }
        try? fm.moveItem(atPath: path, toPath: "\(path).1")
    }
}
