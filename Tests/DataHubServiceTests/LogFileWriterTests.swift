import DataHubService
import DataHubStorage
import Foundation
import Testing

/// `datahub.log` rotation: "rotated at 10 MiB, 5 kept" (README, Configuration and Monitoring), checked with a
/// small size so the test writes kilobytes, not 60 MiB.
@Suite struct LogFileWriterTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datahub-logtest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The numbers of the `line N` entries in one file, in file order.
    func lineNumbers(_ path: String) throws -> [Int] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            line.hasPrefix("line ") ? Int(line.dropFirst(5).prefix { $0.isNumber }) : nil
        }
    }

    @Test func rotatesAtTheSizeAndKeepsFiveOldFilesNewestFirst() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let maxBytes = 4096
        let writer = try LogFileWriter(directory: directory, toStdout: false, maxBytes: maxBytes, keep: 5)
        let padding = String(repeating: "x", count: 90)
        // 200 lines of about 100 bytes in batches of 10 (a pause lets each batch go out alone): about 20 KB,
        // so the file is rotated about five times.
        for batch in 0..<20 {
            for index in 0..<10 { writer.write("line \(batch * 10 + index) \(padding)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        // More than enough for 7 more rotations: the oldest files must be removed, never a sixth kept.
        for batch in 20..<60 {
            for index in 0..<10 { writer.write("line \(batch * 10 + index) \(padding)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        writer.close()

        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["datahub.log", "datahub.log.1", "datahub.log.2", "datahub.log.3", "datahub.log.4", "datahub.log.5"])
        // Each old file was rotated once it reached the size, and no later than two batches after (the writer
        // may take two batches in one write when it falls behind).
        for index in 1...5 {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: "\(directory)/datahub.log.\(index)")[.size] as? Int)
            #expect(size >= maxBytes && size < maxBytes + 21 * 100, "datahub.log.\(index) is \(size) bytes")
        }
        // Newest in datahub.log, then .1, .2, …: every line of a file is newer than every line of the next one.
        // (datahub.log is empty when the last write rotated it.) The newest line is the last one written.
        let names = ["datahub.log"] + (1...5).map { "datahub.log.\($0)" }
        let numbers = try names.map { try lineNumbers("\(directory)/\($0)") }.filter { !$0.isEmpty }
        #expect(numbers.count >= 5)
        #expect(numbers.first?.last == 599)
        for index in 0..<(numbers.count - 1) {
            let newer = try #require(numbers[index].min())
            let older = try #require(numbers[index + 1].max())
            #expect(newer == older + 1, "the files are not in order at \(names[index])")
        }
    }

    @Test func theDefaultsAreTenMiBAndFiveKept() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The binary builds its writer with the defaults (ServeCommand passes no size or count).
        let writer = try LogFileWriter(directory: directory, toStdout: false)
        defer { writer.close() }
        let fields = Dictionary(
            uniqueKeysWithValues: Mirror(reflecting: writer).children.compactMap { child in
                child.label.map { ($0, child.value) }
            }
        )
        #expect(fields["maxBytes"] as? Int == 10 * 1_048_576)
        #expect(fields["keep"] as? Int == 5)
    }
}
